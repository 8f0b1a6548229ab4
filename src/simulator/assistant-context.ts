/**
 * The workspace summary the assistant sees (GET assistant/context): visibility from the latest
 * report, the 30-day trend from the history, plus seeded AI-referral traffic and documents.
 */
import { DAY_MS, type HistoryPoint, type Report } from './fixtures.js';
import { industryFor, suggestPrompts } from './industries.js';
import { Rng, round, shortHash } from './random.js';

export interface AssistantContext {
  workspace: { name: string; domain: string; plan: string };
  visibility: {
    score: number;
    mentionRate: number;
    citationRate: number;
    trend: { direction: 'up' | 'down' | 'flat'; change30d: number; since: string };
    lastReportAt: string;
  };
  traffic: {
    period: 'last_30_days';
    aiReferralSessions: number;
    aiReferralChange: number;
    topSources: { source: string; sessions: number }[];
    topPages: { url: string; sessions: number }[];
  };
  documents: { id: string; title: string; type: string; updatedAt: string }[];
}

export function buildAssistantContext(
  workspace: { name: string; domain: string; plan: string },
  latest: Report,
  history: readonly HistoryPoint[],
): AssistantContext {
  const { domain } = workspace;
  const last = history[history.length - 1];
  const monthAgo = history[Math.max(0, history.length - 31)];
  const change = last && monthAgo ? last.visibilityScore - monthAgo.visibilityScore : 0;
  const rng = new Rng(`traffic|${domain}`);
  const sessions = rng.int(900, 4200);
  const shares = [0.52, 0.24, 0.14, 0.1];
  const pageShares = [0.38, 0.21, 0.12];
  const today = Date.parse(`${last?.date ?? latest.createdAt.slice(0, 10)}T09:00:00Z`);
  const slug = (suggestPrompts(domain)[0] ?? 'guide')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return {
    workspace,
    visibility: {
      score: latest.visibilityScore,
      mentionRate: latest.mentionRate,
      citationRate: latest.citationRate,
      trend: {
        direction: change > 1 ? 'up' : change < -1 ? 'down' : 'flat',
        change30d: change,
        since: monthAgo?.date ?? '',
      },
      lastReportAt: latest.createdAt,
    },
    traffic: {
      period: 'last_30_days',
      aiReferralSessions: sessions,
      aiReferralChange: round(rng.between(0.04, 0.35), 2),
      topSources: ['chatgpt.com', 'perplexity.ai', 'gemini.google.com', 'claude.ai'].map((source, i) => ({
        source,
        sessions: Math.round(sessions * (shares[i] ?? 0)),
      })),
      topPages: [`https://${domain}/`, `https://${domain}/pricing`, `https://${domain}/blog/${slug}`].map(
        (url, i) => ({ url, sessions: Math.round(sessions * (pageShares[i] ?? 0)) }),
      ),
    },
    documents: [
      { title: `${workspace.name} brand guidelines`, type: 'brand-guide', age: 41 },
      { title: 'Pricing page copy', type: 'page', age: 9 },
      { title: `How to choose a ${industryFor(domain).category} (draft)`, type: 'article', age: 3 },
      { title: 'Quarterly content brief', type: 'brief', age: 15 },
    ].map((d) => ({
      id: `doc_${shortHash(`${domain}|${d.title}`)}`,
      title: d.title,
      type: d.type,
      updatedAt: new Date(today - d.age * DAY_MS).toISOString(),
    })),
  };
}

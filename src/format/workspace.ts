/**
 * The workspace context the assistant sees, as compact text. Its shape is undocumented, so everything is
 * read leniently: known fields are shown where found (nested or flat, under a few likely names), the
 * rest is named so the model knows to look at the structured JSON, and no shape makes it throw.
 */
import { percent, score, truncate } from './numbers.js';

type Dict = Record<string, unknown>;

const MAX_LISTED = 5;
const MAX_DOCUMENTS = 8;

export function workspaceContextText(context: Dict): string {
  const keys = Object.keys(context);
  if (keys.length === 0) return 'Krastie returned an empty workspace context.';
  const used = new Set<string>();
  const take = (key: string): unknown => {
    if (key in context) used.add(key);
    return context[key];
  };

  const lines: string[] = [];
  const workspace = record(take('workspace')) ?? {};
  const name = text(workspace.name) ?? text(take('name')) ?? text(take('workspaceName'));
  const domain =
    text(workspace.domain) ?? text(workspace.websiteurl) ?? text(take('domain')) ?? text(take('websiteurl'));
  const plan = text(workspace.plan) ?? text(take('plan'));
  if (name || domain) {
    const details = [domain, plan ? `${plan} plan` : undefined].filter(Boolean).join(', ');
    lines.push(`Workspace: ${name ?? domain}${name && details ? ` (${details})` : ''}`);
  }

  const visibility = record(take('visibility')) ?? record(take('metrics')) ?? context;
  const visibilityLine = visibilitySummary(visibility, visibility === context ? take : undefined);
  if (visibilityLine) lines.push(visibilityLine);

  const traffic = trafficSummary(take('traffic'));
  if (traffic) lines.push(traffic);

  const documents = documentSummary(take('documents'), number(take('documentCount')));
  if (documents) lines.push(documents);

  const others = keys.filter((key) => !used.has(key));
  if (lines.length === 0) {
    return `Workspace context with fields: ${others.slice(0, 20).join(', ')} (none recognised; read the structured JSON).`;
  }
  if (others.length > 0)
    lines.push(`Other fields (in the structured JSON): ${others.slice(0, 20).join(', ')}`);
  return lines.join('\n');
}

function visibilitySummary(v: Dict, take?: (key: string) => unknown): string | undefined {
  const get = (key: string) => (take ? take(key) : v[key]);
  const value = number(get('score')) ?? number(get('visibilityScore'));
  const mention = number(get('mentionRate'));
  const citation = number(get('citationRate'));
  const parts: string[] = [];
  if (value !== undefined) parts.push(`Visibility score ${score(value)}/100`);
  if (mention !== undefined) parts.push(`mentioned ${rate(mention)}`);
  if (citation !== undefined) parts.push(`cited ${rate(citation)}`);
  const trend = get('trend');
  const trendRecord = record(trend);
  if (trendRecord) {
    const change = number(trendRecord.change30d) ?? number(trendRecord.change);
    const direction = text(trendRecord.direction);
    const since = text(trendRecord.since);
    if (direction || change !== undefined) {
      parts.push(
        `trend ${[direction, change === undefined ? undefined : signed(change)].filter(Boolean).join(' ')}` +
          (since ? ` since ${since.slice(0, 10)}` : ''),
      );
    }
  } else if (text(trend)) parts.push(`trend ${text(trend)}`);
  const last = text(get('lastReportAt'));
  if (last) parts.push(`last report ${last.slice(0, 10)}`);
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

function trafficSummary(value: unknown): string | undefined {
  const traffic = record(value);
  if (!traffic) return undefined;
  const sessions = number(traffic.aiReferralSessions) ?? number(traffic.sessions);
  const change = number(traffic.aiReferralChange) ?? number(traffic.change);
  const period = text(traffic.period)?.replace(/_/g, ' ');
  const parts: string[] = [];
  if (sessions !== undefined) {
    const changed = change === undefined ? '' : ` (${change > 0 ? '+' : ''}${rate(change)})`;
    parts.push(`${whole(sessions)} AI-referral sessions${changed}`);
  }
  const sources = ranked(traffic.topSources, ['source', 'name']);
  if (sources) parts.push(`top sources: ${sources}`);
  const pages = ranked(traffic.topPages, ['url', 'page', 'path']);
  if (pages) parts.push(`top pages: ${pages}`);
  if (parts.length === 0) return undefined;
  return `Traffic${period ? ` (${period})` : ''}: ${parts.join('; ')}`;
}

function documentSummary(value: unknown, count: number | undefined): string | undefined {
  if (!Array.isArray(value)) return count === undefined ? undefined : `Documents: ${whole(count)}`;
  const titles = value.flatMap((entry) => {
    const doc = record(entry);
    const title = doc ? (text(doc.title) ?? text(doc.name)) : text(entry);
    if (!title) return [];
    const kind = doc ? text(doc.type) : undefined;
    return [`${truncate(title, 80)}${kind ? ` (${kind})` : ''}`];
  });
  const total = count ?? value.length;
  if (titles.length === 0) return `Documents: ${whole(total)}`;
  const more = total > MAX_DOCUMENTS ? `; …and ${total - MAX_DOCUMENTS} more` : '';
  return `Documents (${whole(total)}): ${titles.slice(0, MAX_DOCUMENTS).join('; ')}${more}`;
}

/** "chatgpt.com 1,220, perplexity.ai 560" from [{source, sessions}], or bare strings. */
function ranked(value: unknown, labels: readonly string[]): string | undefined {
  if (!Array.isArray(value)) return undefined;
  const items = value.slice(0, MAX_LISTED).flatMap((entry) => {
    const item = record(entry);
    if (!item) return text(entry) ? [text(entry) as string] : [];
    const label = labels.map((key) => text(item[key])).find(Boolean);
    if (!label) return [];
    const sessions = number(item.sessions);
    return [`${truncate(label, 80)}${sessions === undefined ? '' : ` ${whole(sessions)}`}`];
  });
  return items.length > 0 ? items.join(', ') : undefined;
}

function record(value: unknown): Dict | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Dict) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function number(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Rates arrive as 0–1; a value above 1 is taken to be a percentage already. */
function rate(value: number): string {
  return Math.abs(value) <= 1 ? percent(value) : `${Math.round(value)}%`;
}

function signed(value: number): string {
  const rounded = Math.round(value);
  return `${rounded > 0 ? '+' : rounded < 0 ? '−' : '±'}${Math.abs(rounded)}`;
}

function whole(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

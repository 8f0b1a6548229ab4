/**
 * Views of an account's workspace computed on demand from its latest report: the brand the copy
 * writes about, the history series, the assistant context and the facts chat replies quote. Computing
 * them per request (instead of storing them) keeps them consistent with the latest report and the clock.
 */
import type { Account } from './accounts.js';
import { type AssistantContext, buildAssistantContext } from './assistant-context.js';
import { buildHistory, type HistoryPoint } from './fixtures.js';
import { industryFor } from './industries.js';
import type { Brand, ChatInput } from './writing.js';

export function brandOf(account: Account): Brand {
  const { name, domain } = account.seed.workspace;
  const industry = industryFor(domain);
  return {
    name,
    domain,
    category: industry.category,
    audience: industry.audience,
    benefit: industry.benefit,
  };
}

/** The domain the latest report is about (a run can target another site than the workspace's own). */
export function reportDomain(account: Account): string {
  return new URL(account.latestReport.websiteurl).hostname;
}

export function historyOf(account: Account, now: number): HistoryPoint[] {
  return buildHistory({
    domain: reportDomain(account),
    today: now,
    latest: account.latestReport,
    recorded: account.recordedHistory,
  });
}

export function contextOf(account: Account, now: number): AssistantContext {
  const { name, domain } = account.seed.workspace;
  return buildAssistantContext(
    { name, domain, plan: account.plan.label },
    account.latestReport,
    historyOf(account, now),
  );
}

export function chatFacts(account: Account, now: number): NonNullable<ChatInput['facts']> {
  const report = account.latestReport;
  const top = [...report.competitors].sort((a, b) => b.visibilityScore - a.visibilityScore)[0];
  const first = report.recommendations[0];
  return {
    score: report.visibilityScore,
    mentionRate: report.mentionRate,
    citationRate: report.citationRate,
    trend: contextOf(account, now).visibility.trend.change30d,
    ...(top ? { competitor: { domain: top.domain, score: top.visibilityScore } } : {}),
    ...(first ? { recommendation: first.title.charAt(0).toLowerCase() + first.title.slice(1) } : {}),
  };
}

/** Visibility routes: run a report (slow, counted), prefill, latest report, history, assistant context. */
import { requireReportRun } from '../accounts.js';
import type { Handler } from '../context.js';
import {
  buildPrefill,
  buildReport,
  historyPointOf,
  trackedCompetitors,
  trackedPrompts,
} from '../fixtures.js';
import { normalizeDomain } from '../industries.js';
import { json } from '../responses.js';
import { BodyReader } from '../validate.js';
import { contextOf, historyOf, reportDomain } from '../workspace.js';

const MAX_COMPETITORS = 10;
const MAX_PROMPTS = 50;
const URL_HINT = 'must be a URL or a domain such as example.com.';

function domainList(reader: BodyReader, field: string, values: string[] | undefined): string[] | undefined {
  return values?.map((value, i) => {
    const domain = normalizeDomain(value);
    if (!domain) reader.fail(`${field}[${i}]`, `"${field}[${i}]" ${URL_HINT}`);
    return domain ?? '';
  });
}

export const runReport: Handler = async (ctx) => {
  const { account, state } = ctx;
  const reader = new BodyReader(ctx.body);
  const websiteurl = reader.optionalString('websiteurl');
  const competitors = domainList(
    reader,
    'competitors',
    reader.optionalStringList('competitors', MAX_COMPETITORS),
  );
  const prompts = reader.optionalStringList('prompts', MAX_PROMPTS);
  const refresh = reader.optionalBoolean('refresh');
  let domain: string | undefined;
  if (websiteurl === undefined || websiteurl.trim() === '') {
    if (refresh === true) domain = reportDomain(account);
    else reader.fail('websiteurl', '"websiteurl" is required unless "refresh" is true.');
  } else {
    domain = normalizeDomain(websiteurl);
    if (!domain) reader.fail('websiteurl', `"websiteurl" ${URL_HINT}`);
  }
  reader.done();
  if (!domain) throw new Error('unreachable: domain checked above');

  requireReportRun(account, ctx.now());
  // A run takes a while; if the caller hangs up meanwhile, it is not counted (as Krastie would not).
  if (!(await ctx.wait(state.options.reportDelayMs))) return undefined;
  requireReportRun(account, ctx.now());

  const sameSite = domain === reportDomain(account);
  const tracked = trackedCompetitors(domain, competitors ?? (sameSite ? account.competitors : []));
  const trackedList = trackedPrompts(domain, tracked, prompts ?? (sameSite ? account.prompts : []));
  account.reportRuns += 1;
  const report = buildReport({
    domain,
    createdAt: ctx.now(),
    competitors: tracked,
    prompts: trackedList,
    run: account.reportRuns,
  });
  account.latestReport = report;
  account.competitors = tracked;
  account.prompts = trackedList;
  const point = historyPointOf(report);
  account.recordedHistory.set(point.date, point);
  return json(200, { message: 'Report generated successfully.', data: report });
};

export const prefillReport: Handler = (ctx) => {
  const reader = new BodyReader(ctx.body);
  const websiteurl = reader.requiredString('websiteurl');
  const domain = websiteurl === '' ? undefined : normalizeDomain(websiteurl);
  if (websiteurl !== '' && !domain) reader.fail('websiteurl', `"websiteurl" ${URL_HINT}`);
  reader.done();
  return json(200, { message: 'Suggestions generated successfully.', data: buildPrefill(domain ?? '') });
};

export const getLatestReport: Handler = (ctx) =>
  json(200, { message: 'Report retrieved successfully.', data: ctx.account.latestReport });

export const getReportHistory: Handler = (ctx) =>
  json(200, { message: 'Report history retrieved successfully.', data: historyOf(ctx.account, ctx.now()) });

export const getAssistantContext: Handler = (ctx) =>
  json(200, {
    message: 'Assistant context retrieved successfully.',
    data: contextOf(ctx.account, ctx.now()),
  });

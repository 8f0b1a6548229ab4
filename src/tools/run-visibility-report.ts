import * as z from 'zod';
import { curatedReportSchema, curateReport, reportText } from '../format/report.js';
import { endpoints } from '../krastie/endpoints.js';
import { KrastieError } from '../krastie/errors.js';
import { defineTool, ToolInputError } from './define-tool.js';
import { flag, list, normalizeWebsiteUrl, optional, websiteUrl } from './params.js';

/** Progress while Krastie queries the AI models: one update at once, then at this interval (≤ 10 s). */
const PROGRESS_INTERVAL_MS = 5_000;

export const runVisibilityReport = defineTool({
  name: 'run_visibility_report',
  title: 'Run AI visibility report',
  description:
    'Run a new AI-visibility report: Krastie asks ChatGPT, Claude, Gemini… the tracked prompts and measures how often the ' +
    'site is mentioned and cited vs competitors. Needs websiteUrl, or refresh:true to re-run the latest. Returns score, ' +
    'per-model results, competitors, prompts competitors win, recommendations. Cost: 1 monthly report refresh; takes ' +
    'minutes; never re-run after a timeout.',
  toolset: 'visibility',
  endpoint: endpoints.runReport,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  input: {
    websiteUrl: optional(websiteUrl),
    competitors: optional(list(z.string().min(1).max(253), 10).describe('Competitor domains (max 10).')),
    prompts: optional(
      list(z.string().min(1).max(500), 50).describe('Prompts to ask the AI models (max 50).'),
    ),
    refresh: optional(flag.describe('Re-run the latest report instead of a new one.')),
  },
  // Flat: the curated report's fields beside `status` (absent while the report is still running).
  output: { status: z.enum(['completed', 'running']), ...curatedReportSchema.partial().shape },
  async handler(args, { client, config, signal, progress }) {
    if (!args.websiteUrl && args.refresh !== true) {
      throw new ToolInputError(
        'give websiteUrl to start a report, or refresh: true to re-run the latest report.',
      );
    }
    const started = Date.now();
    const total = Math.round(config.reportTimeoutMs / 1000);
    const tick = () => {
      const elapsed = Math.round((Date.now() - started) / 1000);
      void progress({
        progress: elapsed,
        total,
        message: `Krastie is asking the AI models… ${elapsed} s elapsed`,
      });
    };
    tick();
    const timer = setInterval(tick, PROGRESS_INTERVAL_MS);
    try {
      const report = await client.runReport(
        {
          websiteurl: args.websiteUrl === undefined ? undefined : normalizeWebsiteUrl(args.websiteUrl),
          competitors: args.competitors,
          prompts: args.prompts,
          refresh: args.refresh,
        },
        { signal, timeoutMs: config.reportTimeoutMs, budgetMs: config.reportTimeoutMs },
      );
      const curated = curateReport(report);
      return { text: reportText(curated), structured: { status: 'completed' as const, ...curated } };
    } catch (error) {
      // Only a request that reached Krastie can be running there (a connect timeout sent nothing).
      if (!(error instanceof KrastieError) || error.kind !== 'timeout' || !error.mayHaveReachedKrastie)
        throw error;
      return {
        text:
          `The report is still running at Krastie after ${total} s (KRASTIE_REPORT_TIMEOUT_MS). It keeps running there: ` +
          'do not start another run (each run uses one of the monthly report refreshes). In a few minutes, ' +
          'call get_latest_report to read it.',
        structured: { status: 'running' as const },
      };
    } finally {
      clearInterval(timer);
    }
  },
});

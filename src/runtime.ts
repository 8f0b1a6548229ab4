/**
 * Start-up pieces the stdio and HTTP servers share: how a KrastieClient and a SpendingBudget are built
 * from the configuration, and the last-resort logging of stray promise rejections. Over stdio there is
 * one of each per process; over HTTP one per API key (see http/tenants.ts).
 */
import { SpendingBudget } from './budget.js';
import type { Config } from './config.js';
import { KrastieClient } from './krastie/client.js';
import type { Logger } from './log.js';
import { VERSION } from './version.js';

type ClientSettings = Pick<Config, 'baseUrl' | 'timeoutMs' | 'cacheTtlMs'>;
type BudgetSettings = Pick<Config, 'maxCredits' | 'maxReportRuns'>;

export function createClient(config: ClientSettings, apiKey: string, logger: Logger): KrastieClient {
  return new KrastieClient({
    baseUrl: config.baseUrl,
    apiKey,
    version: VERSION,
    timeoutMs: config.timeoutMs,
    cacheTtlMs: config.cacheTtlMs,
    logger,
  });
}

/** KRASTIE_MAX_CREDITS / KRASTIE_MAX_REPORT_RUNS, for one API key. */
export function createBudget(config: BudgetSettings): SpendingBudget {
  return new SpendingBudget({ 'ai-credit': config.maxCredits, 'report-refresh': config.maxReportRuns });
}

export function logUnhandledRejections(logger: Logger): void {
  process.on('unhandledRejection', (reason) => {
    logger.error(`unhandled rejection: ${reason instanceof Error ? reason.stack : String(reason)}`);
  });
}

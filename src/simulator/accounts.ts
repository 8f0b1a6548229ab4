/**
 * Seeded accounts: one API key per situation a client must handle (working, unlimited, wrong plan,
 * expired, revoked, out of credits), each with its own workspace, plan limits and usage counters.
 * Keys are readable on purpose: a test or a demo says which case it exercises.
 */
import { type BrandVoice, seededVoices } from './brand-voices.js';
import {
  buildReport,
  DAY_MS,
  type HistoryPoint,
  historyPointOf,
  type Report,
  trackedCompetitors,
  trackedPrompts,
} from './fixtures.js';
import { ApiError } from './responses.js';

export type Plan = 'free-trial' | 'startup' | 'business' | 'enterprise';

export interface PlanRules {
  readonly label: string;
  /** Orders plans for "Startup or above" style checks. */
  readonly rank: number;
  readonly apiAccess: boolean;
  /** AI credits per month; Infinity = unlimited. */
  readonly monthlyCredits: number;
  /** Visibility-report runs per month. */
  readonly monthlyReportRuns: number;
}

/** Credit allowances are documented; report-run limits are our assumption (only "a per-plan limit" is). */
export const PLANS: Readonly<Record<Plan, PlanRules>> = {
  'free-trial': { label: 'Free trial', rank: 0, apiAccess: false, monthlyCredits: 10, monthlyReportRuns: 1 },
  startup: { label: 'Startup', rank: 1, apiAccess: false, monthlyCredits: 300, monthlyReportRuns: 3 },
  business: { label: 'Business', rank: 2, apiAccess: true, monthlyCredits: 500, monthlyReportRuns: 10 },
  enterprise: {
    label: 'Enterprise',
    rank: 3,
    apiAccess: true,
    monthlyCredits: Number.POSITIVE_INFINITY,
    monthlyReportRuns: 100,
  },
};

export const KEY_LIFETIME_DAYS = 30;
export const PLAN_GATE_MESSAGE = 'API access requires a Business plan or higher.';

export interface SeededKeys {
  readonly business: string;
  readonly enterprise: string;
  readonly startup: string;
  readonly freeTrial: string;
  readonly expired: string;
  readonly revoked: string;
  readonly noCredits: string;
}

export interface SeededAccount {
  readonly name: keyof SeededKeys;
  readonly key: string;
  readonly plan: Plan;
  readonly workspace: { readonly name: string; readonly domain: string };
  /** How long before start-up (or reset) the key was generated. */
  readonly keyAgeDays: number;
  readonly revoked: boolean;
  /** Credits already spent this month when the simulator starts. */
  readonly creditsSpentBefore: number;
  /** One line for the README and `krastie-mcp simulate`. */
  readonly demonstrates: string;
}

export const SEEDED_KEYS: SeededKeys = {
  business: 'krastie_sim_business',
  enterprise: 'krastie_sim_enterprise',
  startup: 'krastie_sim_startup',
  freeTrial: 'krastie_sim_trial',
  expired: 'krastie_sim_expired',
  revoked: 'krastie_sim_revoked',
  noCredits: 'krastie_sim_nocredits',
};

const seed = (
  name: keyof SeededKeys,
  plan: Plan,
  workspace: SeededAccount['workspace'],
  demonstrates: string,
  extra: Partial<Pick<SeededAccount, 'keyAgeDays' | 'revoked' | 'creditsSpentBefore'>> = {},
): SeededAccount => ({
  name,
  key: SEEDED_KEYS[name],
  plan,
  workspace,
  demonstrates,
  keyAgeDays: extra.keyAgeDays ?? 3,
  revoked: extra.revoked ?? false,
  creditsSpentBefore: extra.creditsSpentBefore ?? 0,
});

/** Every seeded key with what it demonstrates (shown by `krastie-mcp simulate` and the README). */
export const SEEDED_ACCOUNTS: readonly SeededAccount[] = [
  seed(
    'business',
    'business',
    { name: 'Acme Analytics', domain: 'acme-analytics.com' },
    'Business plan: everything works; 500 AI credits and 10 report runs a month.',
  ),
  seed(
    'enterprise',
    'enterprise',
    { name: 'Northwind Outfitters', domain: 'northwind-outfitters.com' },
    'Enterprise plan: unlimited AI credits, 100 report runs a month.',
  ),
  seed(
    'startup',
    'startup',
    { name: 'Brightpath CRM', domain: 'brightpath-crm.io' },
    'Startup plan: valid key, but every call is refused with 403 (API needs Business).',
  ),
  seed(
    'freeTrial',
    'free-trial',
    { name: 'Pinecrest SEO', domain: 'pinecrest-seo.com' },
    'Free trial: valid key, but every call is refused with 403 (API needs Business).',
  ),
  seed(
    'expired',
    'business',
    { name: 'Globex Billing', domain: 'globex-billing.com' },
    'Generated 45 days ago: 401, keys expire 30 days after generation.',
    { keyAgeDays: 45 },
  ),
  seed(
    'revoked',
    'business',
    { name: 'Initech Projects', domain: 'initech-projects.com' },
    'Revoked key: 401.',
    { revoked: true },
  ),
  seed(
    'noCredits',
    'business',
    { name: 'Umbrella Insights', domain: 'umbrella-insights.com' },
    'Business plan with 0 AI credits left: /text, /chat and improve-content answer 403.',
    { creditsSpentBefore: 500 },
  ),
];

export interface ChatSession {
  turns: number;
}

/** Mutable per-account state; rebuilt from the seed by reset(). */
export interface Account {
  readonly seed: SeededAccount;
  readonly plan: PlanRules;
  readonly keyGeneratedAt: number;
  creditsUsed: number;
  reportRuns: number;
  latestReport: Report;
  /** Competitors and prompts the workspace tracks (reused by `refresh: true`). */
  competitors: string[];
  prompts: string[];
  readonly recordedHistory: Map<string, HistoryPoint>;
  readonly voices: Map<string, BrandVoice>;
  readonly sessions: Map<string, ChatSession>;
}

const HOUR_MS = 3_600_000;

export function createAccount(spec: SeededAccount, now: number): Account {
  const domain = spec.workspace.domain;
  const competitors = trackedCompetitors(domain, []);
  const prompts = trackedPrompts(domain, competitors, []);
  // Seeded timestamps hang off the start of today (UTC), so the seed is identical all day long,
  // however often it is reset. The seeded report is from yesterday: a run today adds a new point.
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const createdAt = today - DAY_MS + 14 * HOUR_MS;
  const latestReport = buildReport({ domain, createdAt, competitors, prompts, run: 0 });
  const point = historyPointOf(latestReport);
  return {
    seed: spec,
    plan: PLANS[spec.plan],
    keyGeneratedAt: today - spec.keyAgeDays * DAY_MS + 9 * HOUR_MS,
    creditsUsed: 0,
    reportRuns: 0,
    latestReport,
    competitors,
    prompts,
    recordedHistory: new Map([[point.date, point]]),
    voices: new Map(seededVoices(spec.name, today).map((v) => [v.id, v])),
    sessions: new Map(),
  };
}

/** Checks the api-key header; returns the account or throws the 401/403 Krastie would send. */
export function authenticate(
  accounts: ReadonlyMap<string, Account>,
  header: string | undefined,
  hasAuthorization: boolean,
  now: number,
): Account {
  if (header === undefined || header.trim() === '') {
    throw new ApiError(
      401,
      hasAuthorization
        ? 'Missing API key. Krastie reads the key from the "api-key" header, not from Authorization.'
        : 'Missing API key. Send your Krastie API key in the "api-key" header.',
    );
  }
  if (!header.startsWith('krastie_')) {
    throw new ApiError(401, 'Malformed API key. Krastie API keys start with "krastie_".');
  }
  const account = accounts.get(header);
  if (!account) throw new ApiError(401, 'Invalid API key. Check the key under Settings → API keys.');
  if (account.seed.revoked) {
    throw new ApiError(401, 'This API key has been revoked. Generate a new key under Settings → API keys.');
  }
  if (now - account.keyGeneratedAt > KEY_LIFETIME_DAYS * DAY_MS) {
    throw new ApiError(
      401,
      `This API key has expired. Krastie API keys expire ${KEY_LIFETIME_DAYS} days after generation; generate a new one under Settings → API keys.`,
    );
  }
  if (!account.plan.apiAccess) throw new ApiError(403, PLAN_GATE_MESSAGE);
  return account;
}

export function creditsLeft(account: Account): number {
  return account.plan.monthlyCredits - account.seed.creditsSpentBefore - account.creditsUsed;
}

/** Throws the plan-specific 403 when the month's AI credits are gone. */
export function requireCredit(account: Account): void {
  if (creditsLeft(account) >= 1) return;
  const { label, monthlyCredits } = account.plan;
  throw new ApiError(
    403,
    `You have reached the monthly AI credit limit of your ${label} plan (${monthlyCredits} credits). Credits reset monthly; upgrade your plan for more.`,
  );
}

/** Seconds until the first instant of next month (UTC): when monthly limits reset. */
export function secondsToMonthEnd(now: number): number {
  const date = new Date(now);
  const next = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
  return Math.max(1, Math.ceil((next - now) / 1000));
}

/** Throws 429 with Retry-After when the month's report runs are used up. */
export function requireReportRun(account: Account, now: number): void {
  const { label, monthlyReportRuns } = account.plan;
  if (account.reportRuns < monthlyReportRuns) return;
  throw new ApiError(
    429,
    `Report refresh limit reached: your ${label} plan includes ${monthlyReportRuns} report refreshes per month. The limit resets at the start of next month.`,
    undefined,
    { 'retry-after': String(secondsToMonthEnd(now)) },
  );
}

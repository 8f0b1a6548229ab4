/**
 * Configuration, read and validated once at start from the environment (and flags that override it).
 * A bad value stops the server with one line that names the variable: never a half-working server.
 */
import * as z from 'zod';
import { checkModel } from './krastie/models.js';
import { LOG_LEVELS, type LogLevel, redact } from './log.js';
import { TOOLSETS, type Toolset } from './tools/define-tool.js';

export interface Config {
  apiKey: string;
  baseUrl: string;
  defaultModel: string;
  /** Per-attempt timeout of ordinary calls. */
  timeoutMs: number;
  /** How long run_visibility_report waits for Krastie before answering that the report is still running. */
  reportTimeoutMs: number;
  logLevel: LogLevel;
  /** Only tools of these toolsets are listed and callable. */
  toolsets: ReadonlySet<Toolset>;
  /** Only read-only tools are listed and callable. */
  readOnly: boolean;
  /** Caps on credit-spending calls and report runs per process; undefined = no cap. */
  maxCredits: number | undefined;
  maxReportRuns: number | undefined;
  /** How long free reads (report, history, context, brand voices) are reused; 0 = always ask Krastie. */
  cacheTtlMs: number;
}

export const DEFAULT_BASE_URL = 'https://api.krastie.ai';

/** Settings a flag may override, by the variable it stands for. */
export type ConfigOverrides = Partial<Record<ConfigVariable, string>>;
export type ConfigVariable = keyof typeof variables;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Empty strings count as unset: client configs often carry `"KRASTIE_BASE_URL": ""`. */
const optionalText = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
  z.string().optional(),
);

const milliseconds = (fallback: number, min = 100) =>
  optionalText.pipe(
    z
      .string()
      .regex(/^\d+$/, 'must be a whole number of milliseconds')
      .transform(Number)
      .pipe(
        z
          .number()
          .min(min, `must be at least ${min} ms`)
          .max(3_600_000, 'must be at most 3,600,000 ms (1 hour)'),
      )
      .optional()
      .transform((value) => value ?? fallback),
  );

/** A non-negative whole number, or unset for "no cap". */
function cap() {
  return optionalText.pipe(
    z
      .string()
      .regex(/^\d+$/, 'must be a whole number (0 or more), or unset for no limit')
      .transform(Number)
      .optional(),
  );
}

export const API_KEY_PATTERN = /^krastie_[A-Za-z0-9_-]{4,}$/;

/** A Krastie API key, from KRASTIE_API_KEY or (over HTTP with --allow-client-keys) a request header. */
const apiKey = z
  .string({ error: 'is not set: generate an API key in Krastie (account settings → API) and set it' })
  .transform((key) => key.trim())
  .refine((key) => key.startsWith('krastie_'), 'must start with "krastie_" (copy the whole key from Krastie)')
  .refine((key) => API_KEY_PATTERN.test(key), 'has characters a Krastie key never has; copy it again');

const variables = {
  KRASTIE_API_KEY: optionalText.pipe(apiKey),
  KRASTIE_BASE_URL: optionalText.pipe(
    z
      .string()
      .optional()
      .transform((value, ctx) => {
        const checked = checkBaseUrl(value ?? DEFAULT_BASE_URL);
        if (typeof checked === 'string') return checked;
        ctx.addIssue({ code: 'custom', message: checked.error });
        return z.NEVER;
      }),
  ),
  KRASTIE_DEFAULT_MODEL: optionalText.pipe(
    z
      .string()
      .optional()
      .transform((value, ctx) => {
        const model = value?.trim() ?? 'gpt-4o';
        const checked = checkModel(model);
        if (checked.ok) return model;
        ctx.addIssue({ code: 'custom', message: checked.message });
        return z.NEVER;
      }),
  ),
  KRASTIE_TIMEOUT_MS: milliseconds(30_000),
  KRASTIE_REPORT_TIMEOUT_MS: milliseconds(300_000),
  KRASTIE_LOG_LEVEL: optionalText.pipe(
    z
      .enum(LOG_LEVELS)
      .optional()
      .transform((v) => v ?? 'info'),
  ),
  KRASTIE_TOOLSETS: optionalText.pipe(
    z
      .string()
      .optional()
      .transform((value, ctx) => {
        const names = (value ?? 'all').split(',').map((name) => name.trim().toLowerCase());
        if (names.includes('all')) return new Set<Toolset>(TOOLSETS);
        const unknown = names.filter((name) => !(TOOLSETS as readonly string[]).includes(name));
        if (unknown.length === 0) return new Set(names as Toolset[]);
        ctx.addIssue({
          code: 'custom',
          message: `has unknown toolset "${unknown[0]}"; use a comma-separated list of ${TOOLSETS.join(', ')} (or all)`,
        });
        return z.NEVER;
      }),
  ),
  KRASTIE_READ_ONLY: optionalText.pipe(
    z
      .enum(['1', '0', 'true', 'false', 'yes', 'no'], { error: 'must be true or false (1 or 0)' })
      .optional()
      .transform((value) => value === '1' || value === 'true' || value === 'yes'),
  ),
  KRASTIE_MAX_CREDITS: cap(),
  KRASTIE_MAX_REPORT_RUNS: cap(),
  // 0 turns the cache off.
  KRASTIE_CACHE_TTL_MS: milliseconds(30_000, 0),
};

const ConfigSchema = z.object(variables);

/** Every environment variable the server reads (the README and --help list each one). */
export const CONFIG_VARIABLES = Object.keys(variables) as ConfigVariable[];

/** https is required, except on loopback (the simulator, a local proxy): the key must never travel in clear text. */
export function checkBaseUrl(value: string): string | { error: string } {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return { error: `is not a URL ("${value.slice(0, 80)}"); use e.g. ${DEFAULT_BASE_URL}` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { error: 'must be an https:// URL' };
  if (url.username || url.password) return { error: 'must not contain a user name or password' };
  if (url.search || url.hash) return { error: 'must not contain a query or fragment' };
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return {
      error: `must use https:// (http:// is allowed only for localhost/127.0.0.1/[::1]) so the API key never travels in clear text`,
    };
  }
  return url.href.replace(/\/+$/, '');
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

export function loadConfig(env: NodeJS.ProcessEnv, overrides: ConfigOverrides = {}): Config {
  const { apiKey, ...rest } = parse(ConfigSchema, env, overrides);
  // ConfigSchema requires the key: parse() has thrown if it is missing.
  return { ...rest, apiKey: apiKey as string };
}

/** A configuration whose API key may be missing: the HTTP server with --allow-client-keys, where requests bring their own. */
export type ConfigWithoutKey = Omit<Config, 'apiKey'> & { apiKey: string | undefined };

const KeyOptionalSchema = ConfigSchema.extend({ KRASTIE_API_KEY: optionalText.pipe(apiKey.optional()) });

export function loadConfigWithoutKey(
  env: NodeJS.ProcessEnv,
  overrides: ConfigOverrides = {},
): ConfigWithoutKey {
  return parse(KeyOptionalSchema, env, overrides);
}

/** Checks a key that did not come from KRASTIE_API_KEY (an HTTP header): the trimmed key, or why it is refused. */
export function checkApiKey(value: string): { key: string } | { error: string } {
  const parsed = apiKey.safeParse(value);
  return parsed.success ? { key: parsed.data } : { error: parsed.error.issues[0]?.message ?? 'is invalid' };
}

function parse(
  schema: typeof ConfigSchema | typeof KeyOptionalSchema,
  env: NodeJS.ProcessEnv,
  overrides: ConfigOverrides,
): ConfigWithoutKey {
  const input: Record<string, string | undefined> = {};
  for (const name of CONFIG_VARIABLES) input[name] = overrides[name] ?? env[name];
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? 'configuration');
    // A key pasted into the wrong variable must not be echoed back.
    throw new ConfigError(
      redact(`${variable} ${issue?.message ?? 'is invalid'}`, [input.KRASTIE_API_KEY ?? '']),
    );
  }
  const value = parsed.data;
  return {
    apiKey: value.KRASTIE_API_KEY,
    baseUrl: value.KRASTIE_BASE_URL,
    defaultModel: value.KRASTIE_DEFAULT_MODEL,
    timeoutMs: value.KRASTIE_TIMEOUT_MS,
    reportTimeoutMs: value.KRASTIE_REPORT_TIMEOUT_MS,
    logLevel: value.KRASTIE_LOG_LEVEL,
    toolsets: value.KRASTIE_TOOLSETS,
    readOnly: value.KRASTIE_READ_ONLY,
    maxCredits: value.KRASTIE_MAX_CREDITS,
    maxReportRuns: value.KRASTIE_MAX_REPORT_RUNS,
    cacheTtlMs: value.KRASTIE_CACHE_TTL_MS,
  };
}

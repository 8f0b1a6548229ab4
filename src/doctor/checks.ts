/**
 * The doctor's checks, in order: Node, the key's format, the base URL, the other settings, then the
 * network (reachable → key accepted → plan has API access). A check that cannot run because an earlier
 * one failed is "skip". Settings are judged by config.ts's own rules (loadConfig), one variable at a
 * time, so every bad setting is reported, not only the first; the key itself is never shown.
 */
import {
  CONFIG_VARIABLES,
  type Config,
  ConfigError,
  type ConfigOverrides,
  type ConfigVariable,
  DEFAULT_BASE_URL,
  loadConfig,
} from '../config.js';
import { CONFIG_FLAGS } from '../config-flags.js';
import { unavailableReason } from '../tools/availability.js';
import { tools } from '../tools/index.js';
import { type Check, skipped } from './check.js';
import { keyChecks, reachabilityCheck } from './network.js';

export type { Check, Status } from './check.js';

export const MINIMUM_NODE = '20.18.1';
/** Stands in for a missing or malformed key while the other settings are validated; never sent. */
const PLACEHOLDER_KEY = 'krastie_doctor_placeholder';
/** The reachability probe gives up after this long, even if KRASTIE_TIMEOUT_MS is longer. */
const PROBE_TIMEOUT_MS = 10_000;

/** How each setting's value reads; a Record, so a new variable must be added here. */
const SHOW: Record<
  Exclude<ConfigVariable, 'KRASTIE_API_KEY' | 'KRASTIE_BASE_URL'>,
  (config: Config) => string
> = {
  KRASTIE_DEFAULT_MODEL: (c) => c.defaultModel,
  KRASTIE_TIMEOUT_MS: (c) => `${c.timeoutMs} ms`,
  KRASTIE_REPORT_TIMEOUT_MS: (c) => `${c.reportTimeoutMs} ms`,
  KRASTIE_LOG_LEVEL: (c) => c.logLevel,
  KRASTIE_TOOLSETS: (c) => [...c.toolsets].join(','),
  KRASTIE_READ_ONLY: (c) => (c.readOnly ? 'on' : 'off'),
  KRASTIE_MAX_CREDITS: (c) => String(c.maxCredits ?? 'no cap'),
  KRASTIE_MAX_REPORT_RUNS: (c) => String(c.maxReportRuns ?? 'no cap'),
  KRASTIE_CACHE_TTL_MS: (c) => `${c.cacheTtlMs} ms`,
};
const OTHER_SETTINGS = Object.keys(SHOW) as (keyof typeof SHOW)[];

/** The flag that overrides a variable, as typed ("--base-url"), if there is one. */
function flagOf(name: ConfigVariable): string | undefined {
  const flag = (CONFIG_FLAGS as Partial<Record<ConfigVariable, string>>)[name];
  return flag && `--${flag}`;
}

export interface DoctorOptions {
  nodeVersion?: string;
}

export async function runChecks(
  env: NodeJS.ProcessEnv,
  overrides: ConfigOverrides,
  options: DoctorOptions = {},
): Promise<Check[]> {
  const input: Partial<Record<ConfigVariable, string>> = {};
  const source: Partial<Record<ConfigVariable, string>> = {};
  for (const name of CONFIG_VARIABLES) {
    const fromFlag = overrides[name];
    const value = fromFlag ?? env[name];
    if (value === undefined || value.trim() === '') continue;
    input[name] = value;
    source[name] = fromFlag !== undefined ? (flagOf(name) ?? name) : name;
  }
  const problems = new Map<ConfigVariable, string>();
  for (const name of CONFIG_VARIABLES) {
    const problem = validate(name, input[name]);
    if (problem) problems.set(name, problem);
  }

  const checks: Check[] = [nodeCheck(options.nodeVersion ?? process.versions.node)];
  const key = input.KRASTIE_API_KEY;
  checks.push(keyFormatCheck(key, problems.get('KRASTIE_API_KEY')));

  // The configuration the server would run with, each bad setting replaced by its default.
  const usable: Record<string, string> = { KRASTIE_API_KEY: PLACEHOLDER_KEY };
  for (const [name, value] of Object.entries(input))
    if (!problems.has(name as ConfigVariable)) usable[name] = value;
  const config = loadConfig(usable);
  const urlProblem = problems.get('KRASTIE_BASE_URL');
  checks.push(
    urlProblem
      ? {
          name: 'Base URL',
          status: 'fail',
          detail: urlProblem,
          fix: `Unset KRASTIE_BASE_URL to use the default (${DEFAULT_BASE_URL}), or give an https:// URL (http:// only for localhost).`,
        }
      : {
          name: 'Base URL',
          status: 'pass',
          detail: `${config.baseUrl} (${source.KRASTIE_BASE_URL ? `from ${source.KRASTIE_BASE_URL}` : 'default'})`,
        },
  );
  checks.push(...settingsChecks(config, problems, source));

  if (urlProblem) {
    checks.push(skipped('Reachable', 'needs a valid base URL'));
    checks.push(
      skipped('Key accepted', 'needs a valid base URL'),
      skipped('API access', 'needs an accepted key'),
    );
    return checks;
  }
  const reachable = await reachabilityCheck(
    config.baseUrl,
    Math.min(config.timeoutMs, PROBE_TIMEOUT_MS),
    source.KRASTIE_BASE_URL,
  );
  checks.push(reachable);
  if (reachable.status !== 'pass') {
    checks.push(
      skipped('Key accepted', 'needs a reachable base URL'),
      skipped('API access', 'needs an accepted key'),
    );
    return checks;
  }
  if (key === undefined || problems.has('KRASTIE_API_KEY')) {
    checks.push(
      skipped('Key accepted', 'needs a well-formed API key'),
      skipped('API access', 'needs an accepted key'),
    );
    return checks;
  }
  checks.push(...(await keyChecks({ ...config, apiKey: key.trim() })));
  return checks;
}

/** Why one variable's value is refused by config.ts's rules, or undefined when it is fine. */
function validate(name: ConfigVariable, value: string | undefined): string | undefined {
  if (name !== 'KRASTIE_API_KEY' && value === undefined) return undefined;
  try {
    loadConfig(
      name === 'KRASTIE_API_KEY' ? { [name]: value } : { KRASTIE_API_KEY: PLACEHOLDER_KEY, [name]: value },
    );
    return undefined;
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
}

function nodeCheck(version: string): Check {
  const ok = compareVersions(version, MINIMUM_NODE) >= 0;
  return {
    name: 'Node.js',
    status: ok ? 'pass' : 'fail',
    detail: `v${version} (needs ${MINIMUM_NODE} or newer)`,
    ...(ok
      ? {}
      : {
          fix: `Install Node.js ${MINIMUM_NODE} or newer (an LTS release from nodejs.org), and make sure your MCP client starts that one (its "command" may need the full path to node or npx).`,
        }),
  };
}

function keyFormatCheck(key: string | undefined, problem: string | undefined): Check {
  if (key === undefined) {
    return {
      name: 'API key',
      status: 'fail',
      detail: 'KRASTIE_API_KEY is not set',
      fix: "Generate an API key in Krastie (account settings → API; Business or Enterprise plan) and set KRASTIE_API_KEY in your MCP client's config (env) or in this shell.",
    };
  }
  if (problem) {
    return {
      name: 'API key',
      status: 'fail',
      detail: problem,
      fix: 'Copy the whole key from Krastie again (it starts with krastie_) into KRASTIE_API_KEY, without quotes or spaces.',
    };
  }
  const trimmed = key.trim();
  return {
    name: 'API key',
    status: 'pass',
    detail: `${keyPrefix(trimmed)} (${trimmed.length} characters, from KRASTIE_API_KEY)`,
  };
}

/** The start of a key: enough to tell keys apart, never enough to use one (at least 8 characters stay hidden). */
export function keyPrefix(key: string): string {
  const shown = Math.max(8, Math.min(12, key.length - 8));
  return `${key.slice(0, shown)}…`;
}

function settingsChecks(
  config: Config,
  problems: ReadonlyMap<ConfigVariable, string>,
  source: Partial<Record<ConfigVariable, string>>,
): Check[] {
  const failures: Check[] = OTHER_SETTINGS.flatMap((name) => {
    const problem = problems.get(name);
    if (!problem) return [];
    const flag = flagOf(name);
    const fallback = SHOW[name](loadConfig({ KRASTIE_API_KEY: PLACEHOLDER_KEY }));
    return [
      {
        name: name,
        status: 'fail' as const,
        detail: problem,
        fix: `Correct ${name}${flag ? ` (or ${flag})` : ''}, or unset it to use the default (${fallback}).`,
      },
    ];
  });
  const available = tools.filter((tool) => unavailableReason(tool, config) === undefined);
  const set = OTHER_SETTINGS.filter((name) => source[name] && !problems.has(name)).map((name) => {
    const flag = source[name] === name ? '' : ` (from ${source[name]})`;
    return `${name}=${SHOW[name](config)}${flag}`;
  });
  const summary = `${set.length > 0 ? set.join('; ') : 'all defaults'}; ${available.length} of ${tools.length} tools available`;
  if (available.length === 0) {
    failures.push({
      name: 'Tools',
      status: 'fail',
      detail: `no tool is available with these settings (${set.join('; ')})`,
      fix: 'Widen KRASTIE_TOOLSETS, or turn KRASTIE_READ_ONLY off: the chosen toolsets have no read-only tool.',
    });
  }
  return failures.length > 0 ? failures : [{ name: 'Settings', status: 'pass', detail: summary }];
}

/** Compares dotted versions numerically: negative, 0 or positive. */
export function compareVersions(a: string, b: string): number {
  const pa = a.replace(/^v/, '').split(/[.-]/).map(Number);
  const pb = b.replace(/^v/, '').split(/[.-]/).map(Number);
  for (let i = 0; i < 3; i++) {
    const diff = (pa[i] || 0) - (pb[i] || 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/**
 * The command-line flag that overrides each configuration variable, in one place: the CLI reads its
 * overrides from it and doctor says which flag set a value. (No zod here: the CLI loads this at start.)
 */
export const CONFIG_FLAGS = {
  KRASTIE_BASE_URL: 'base-url',
  KRASTIE_DEFAULT_MODEL: 'default-model',
  KRASTIE_TIMEOUT_MS: 'timeout-ms',
  KRASTIE_REPORT_TIMEOUT_MS: 'report-timeout-ms',
  KRASTIE_LOG_LEVEL: 'log-level',
  KRASTIE_TOOLSETS: 'toolsets',
  KRASTIE_READ_ONLY: 'read-only',
  KRASTIE_MAX_CREDITS: 'max-credits',
  KRASTIE_MAX_REPORT_RUNS: 'max-report-runs',
} as const;

export type FlagVariable = keyof typeof CONFIG_FLAGS;

/** The overrides given on the command line; a boolean flag (--read-only) stands for "true". */
export function overridesFromFlags(
  values: Readonly<Record<string, string | boolean | undefined>>,
): Partial<Record<FlagVariable, string>> {
  const overrides: Partial<Record<FlagVariable, string>> = {};
  for (const [variable, flag] of Object.entries(CONFIG_FLAGS) as [FlagVariable, string][]) {
    const value = values[flag];
    if (value !== undefined && value !== false) overrides[variable] = value === true ? 'true' : value;
  }
  return overrides;
}

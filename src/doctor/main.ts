import type { ConfigOverrides } from '../config.js';

/** Placeholder until doctor lands: says so instead of pretending. */
export async function doctorCommand(_env: NodeJS.ProcessEnv, _overrides: ConfigOverrides): Promise<number> {
  process.stderr.write('krastie-mcp doctor: not available in this build yet.\n');
  return 1;
}

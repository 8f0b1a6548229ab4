import type { ConfigOverrides } from '../config.js';

export interface HttpServeOptions {
  env: NodeJS.ProcessEnv;
  overrides: ConfigOverrides;
  port: number | undefined;
  host: string | undefined;
  allowClientKeys: boolean;
}

/** Placeholder until the HTTP transport lands: says so instead of pretending. */
export async function serveHttp(_options: HttpServeOptions): Promise<number | undefined> {
  process.stderr.write('krastie-mcp --http: not available in this build yet.\n');
  return 1;
}

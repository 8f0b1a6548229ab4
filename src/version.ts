/** The package version, injected by the build (scripts/build.mjs) and by vitest.config.ts. */
declare const __KRASTIE_MCP_VERSION__: string;

export const VERSION: string =
  typeof __KRASTIE_MCP_VERSION__ === 'string' ? __KRASTIE_MCP_VERSION__ : '0.0.0-dev';

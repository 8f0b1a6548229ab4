/**
 * The official MCP Inspector CLI drives the built server over stdio: proof that a client we did not
 * write lists the tools and calls one. It runs as a child process from its installed bin (never
 * through npx, which could download at test time).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tools } from '../../src/tools/index.js';
import { useSimulator } from '../support/fixture.js';
import { CLI } from '../support/server.js';
import { baseEnv, run } from './helpers.js';

const require = createRequire(import.meta.url);
const inspectorDir = path.dirname(require.resolve('@modelcontextprotocol/inspector-cli/package.json'));
const inspectorBin = path.join(
  inspectorDir,
  (require('@modelcontextprotocol/inspector-cli/package.json') as { bin: Record<string, string> }).bin[
    'mcp-inspector-cli'
  ] ?? 'build/cli.js',
);

describe('MCP Inspector CLI against the built server', () => {
  const ctx = useSimulator({ reset: false });
  let scratch: string;
  let cwd: string;

  beforeAll(async () => {
    // inspector-cli 1.0.3 (seen on Node 20) reads its own version with
    // `fs.existsSync("../package.json") ? import("../package.json") : import("../../package.json")`:
    // the existsSync is relative to the working directory, the import to its own file. Without a
    // package.json in the parent of the working directory it imports a file that does not exist and
    // exits with "Cannot find module …/node_modules/@modelcontextprotocol/package.json". So it runs in
    // <scratch>/work, and <scratch>/package.json exists.
    scratch = await mkdtemp(path.join(tmpdir(), 'krastie-inspector-'));
    cwd = path.join(scratch, 'work');
    await mkdir(cwd);
    await writeFile(path.join(scratch, 'package.json'), '{ "private": true }\n');
  });
  afterAll(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  function inspector(args: string[]) {
    return run(
      process.execPath,
      [
        inspectorBin,
        '--cli',
        '-e',
        `KRASTIE_API_KEY=${ctx.sim.keys.business}`,
        '-e',
        `KRASTIE_BASE_URL=${ctx.sim.url}`,
        process.execPath,
        CLI,
        ...args,
      ],
      { cwd, env: baseEnv(), timeoutMs: 15_000 },
    );
  }

  it('lists the tools', async () => {
    const result = await inspector(['--method', 'tools/list']);
    expect(result.code, result.stderr).toBe(0);
    const listed = JSON.parse(result.stdout) as { tools: { name: string; inputSchema: unknown }[] };
    expect(listed.tools.map((tool) => tool.name)).toEqual(tools.map((tool) => tool.name));
    for (const tool of listed.tools) expect(tool.inputSchema).toMatchObject({ type: 'object' });
  });

  it('calls get_history against the simulator', async () => {
    const result = await inspector([
      '--method',
      'tools/call',
      '--tool-name',
      'get_history',
      '--tool-arg',
      'limit=5',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const called = JSON.parse(result.stdout) as {
      isError?: boolean;
      content: { type: string; text: string }[];
      structuredContent: { series: { date: unknown[] } };
    };
    expect(called.isError).toBeFalsy();
    expect(called.content[0]?.text).toMatch(/^Visibility history: 5 points/);
    expect(called.structuredContent.series.date).toHaveLength(5);
    expect(ctx.sim.requestCount('GET /v1/ai/generate/seo-site-report/history')).toBeGreaterThanOrEqual(1);
  });
});

/**
 * The official MCP conformance suite (@modelcontextprotocol/conformance) against the built server in
 * --http mode. Only the scenarios a real server can pass run here: the others expect the reference
 * "everything" server's test fixtures (test_* tools, prompts and resources), subscriptions, or
 * server-to-client requests (sampling, elicitation) that a stateless server cannot make.
 *
 * The suite imports fs.globSync, which Node 20 lacks: glob-sync-shim.mjs provides it (see there).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import { type HttpServerProcess, spawnHttp } from './support.js';

const SCENARIOS = [
  'server-initialize',
  'ping',
  'tools-list',
  'resources-list',
  'prompts-list',
  'logging-set-level',
  'dns-rebinding-protection',
];

const SUITE = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@modelcontextprotocol/conformance/package.json')),
  'dist/index.js',
);
const SHIM = path.join(import.meta.dirname, 'glob-sync-shim.mjs');

interface Check {
  id: string;
  status: 'SUCCESS' | 'FAILURE' | 'WARNING' | 'INFO' | 'SKIPPED';
  errorMessage?: string;
}

describe('MCP conformance suite', () => {
  let sim: Simulator;
  let server: HttpServerProcess;
  let results: string;

  beforeAll(async () => {
    sim = await startSimulator({ reportDelayMs: 20 });
    // Loopback without a token: the suite cannot send one.
    server = await spawnHttp({ env: { KRASTIE_API_KEY: sim.keys.business, KRASTIE_BASE_URL: sim.url } });
    results = await mkdtemp(path.join(tmpdir(), 'krastie-conformance-'));
  });
  afterAll(async () => {
    await server?.stop();
    await sim?.close();
    if (results) await rm(results, { recursive: true, force: true });
  });

  it.each(SCENARIOS)('%s passes', async (scenario) => {
    const output = path.join(results, scenario);
    const run = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(
        process.execPath,
        ['--import', SHIM, SUITE, 'server', '--url', server.url, '--scenario', scenario, '-o', output],
        { cwd: results, timeout: 60_000, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' } },
        (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code ?? 1) : 0, stdout: stdout + stderr }),
      );
    });
    const checks: Check[] = [];
    for (const dir of await readdir(output)) {
      checks.push(...JSON.parse(await readFile(path.join(output, dir, 'checks.json'), 'utf8')));
    }
    const failed = checks.filter((check) => check.status === 'FAILURE' || check.status === 'WARNING');
    expect(failed, run.stdout).toEqual([]);
    expect(checks.filter((check) => check.status === 'SUCCESS').length, run.stdout).toBeGreaterThan(0);
    expect(run.code, run.stdout).toBe(0);
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { compareVersions, keyPrefix, runChecks } from '../../src/doctor/checks.js';
import { useSimulator } from '../support/fixture.js';
import { CLI } from '../support/server.js';
import { baseEnv, run } from './helpers.js';

/** The table as { check name → status }, read the way a person reads it. */
function table(stdout: string): Record<string, string> {
  const rows: Record<string, string> = {};
  for (const line of stdout.split('\n')) {
    const match = /^ {2}[✓✗○] (pass|FAIL|skip) {2}(\S+(?: \S+)*)/.exec(line);
    if (match?.[1] && match[2]) rows[match[2]] = match[1].toLowerCase();
  }
  return rows;
}

/** The output with line wrapping undone, so assertions do not depend on the terminal width. */
function flat(text: string): string {
  return text.replace(/\s+/g, ' ');
}

function doctor(env: Record<string, string>, args: string[] = []) {
  return run(process.execPath, [CLI, 'doctor', ...args], { env: baseEnv(env), timeoutMs: 15_000 });
}

/** A stand-in for Krastie that answers every request with one status and message. */
async function fakeKrastie(status: number, message: string): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ message, errCode: status }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('krastie-mcp doctor', () => {
  const ctx = useSimulator({ reset: false });

  it('passes every check for a working Business key, exit 0, showing only the key prefix', async () => {
    const key = ctx.sim.keys.business;
    const result = await doctor({ KRASTIE_API_KEY: key, KRASTIE_BASE_URL: ctx.sim.url });
    expect(result.code).toBe(0);
    expect(table(result.stdout)).toEqual({
      'Node.js': 'pass',
      'API key': 'pass',
      'Base URL': 'pass',
      Settings: 'pass',
      Reachable: 'pass',
      'Key accepted': 'pass',
      'API access': 'pass',
    });
    expect(flat(result.stdout)).toContain('krastie_sim_…');
    expect(flat(result.stdout)).toContain('All 7 checks passed');
    expect(result.stdout + result.stderr).not.toContain(key);
    expect(result.stderr).toBe('');
  });

  it('without a key: fails, names KRASTIE_API_KEY, still checks the network, skips the key checks', async () => {
    const result = await doctor({ KRASTIE_BASE_URL: ctx.sim.url });
    expect(result.code).toBe(1);
    expect(flat(result.stdout)).toContain('KRASTIE_API_KEY is not set');
    expect(flat(result.stdout)).toMatch(/Fix: Generate an API key in Krastie/);
    const rows = table(result.stdout);
    expect(rows['API key']).toBe('fail');
    expect(rows.Reachable).toBe('pass');
    expect(rows['Key accepted']).toBe('skip');
    expect(rows['API access']).toBe('skip');
  });

  it('an expired key: fails with the 30-day advice, never printing the key', async () => {
    const key = ctx.sim.keys.expired;
    const result = await doctor({ KRASTIE_API_KEY: key, KRASTIE_BASE_URL: ctx.sim.url });
    expect(result.code).toBe(1);
    const rows = table(result.stdout);
    expect(rows['Key accepted']).toBe('fail');
    expect(rows['API access']).toBe('skip');
    expect(flat(result.stdout)).toContain('401');
    expect(flat(result.stdout)).toMatch(/Fix: The key is expired or wrong: Krastie keys expire 30 days/);
    expect(flat(result.stdout)).toMatch(/generate a new one|Generate a new one/);
    expect(result.stdout + result.stderr).not.toContain(key);
  });

  it('a Startup key: the key is recognised but the plan has no API access', async () => {
    const result = await doctor({ KRASTIE_API_KEY: ctx.sim.keys.startup, KRASTIE_BASE_URL: ctx.sim.url });
    expect(result.code).toBe(1);
    const rows = table(result.stdout);
    expect(rows['Key accepted']).toBe('pass');
    expect(rows['API access']).toBe('fail');
    expect(flat(result.stdout)).toContain('API access requires a Business plan or higher');
    expect(flat(result.stdout)).toMatch(/Fix: The Krastie API needs a Business or Enterprise/);
  });

  it('an unreachable base URL: fails reachability and skips the checks after it', async () => {
    const result = await doctor({
      KRASTIE_API_KEY: ctx.sim.keys.business,
      KRASTIE_BASE_URL: 'http://127.0.0.1:9',
    });
    expect(result.code).toBe(1);
    const rows = table(result.stdout);
    expect(rows['Base URL']).toBe('pass');
    expect(rows.Reachable).toBe('fail');
    expect(rows['Key accepted']).toBe('skip');
    expect(rows['API access']).toBe('skip');
    expect(flat(result.stdout)).toContain('ECONNREFUSED');
    expect(flat(result.stdout)).toMatch(/Fix: Check KRASTIE_BASE_URL/);
  });

  it('reports every bad setting (flags override the environment) and a base URL that may not carry the key', async () => {
    const result = await doctor(
      { KRASTIE_API_KEY: ctx.sim.keys.business, KRASTIE_BASE_URL: ctx.sim.url, KRASTIE_TIMEOUT_MS: '30000' },
      ['--timeout-ms', 'soon', '--default-model', 'llama-3', '--base-url', 'http://api.example.com'],
    );
    expect(result.code).toBe(1);
    const rows = table(result.stdout);
    expect(rows.KRASTIE_TIMEOUT_MS).toBe('fail');
    expect(rows.KRASTIE_DEFAULT_MODEL).toBe('fail');
    expect(rows['Base URL']).toBe('fail');
    expect(rows.Reachable).toBe('skip');
    expect(flat(result.stdout)).toMatch(/Fix: Correct KRASTIE_TIMEOUT_MS \(or --timeout-ms\)/);
    expect(flat(result.stdout)).toContain('must use https://');
  });

  it('lists the settings in force and how many tools they leave', async () => {
    const result = await doctor(
      {
        KRASTIE_API_KEY: ctx.sim.keys.business,
        KRASTIE_BASE_URL: ctx.sim.url,
        KRASTIE_TOOLSETS: 'visibility',
      },
      ['--read-only'],
    );
    expect(result.code).toBe(0);
    expect(flat(result.stdout)).toMatch(
      /KRASTIE_TOOLSETS=visibility; KRASTIE_READ_ONLY=on \(from --read-only\)/,
    );
    expect(flat(result.stdout)).toMatch(/3 of \d+ tools available/);
  });

  it('used-up credits: access works, so it passes with a note', async () => {
    const fake = await fakeKrastie(
      403,
      'You have reached the monthly AI credit limit of your Business plan (500 credits).',
    );
    try {
      const result = await doctor({
        KRASTIE_API_KEY: 'krastie_0123456789abcdef',
        KRASTIE_BASE_URL: fake.url,
      });
      expect(result.code).toBe(0);
      expect(table(result.stdout)['API access']).toBe('pass');
      expect(flat(result.stdout)).toMatch(/monthly credits or limits are used up/);
    } finally {
      fake.server.close();
    }
  });

  it('a base URL that is not the Krastie API (404): the key cannot be checked', async () => {
    const fake = await fakeKrastie(404, 'Not Found');
    try {
      const result = await doctor({
        KRASTIE_API_KEY: 'krastie_0123456789abcdef',
        KRASTIE_BASE_URL: fake.url,
      });
      expect(result.code).toBe(1);
      expect(table(result.stdout)['Key accepted']).toBe('fail');
      expect(flat(result.stdout)).toMatch(/does not look like the Krastie API/);
    } finally {
      fake.server.close();
    }
  });

  it('an old Node fails the first check', async () => {
    const checks = await runChecks(
      { KRASTIE_API_KEY: ctx.sim.keys.business, KRASTIE_BASE_URL: ctx.sim.url },
      {},
      {
        nodeVersion: '20.11.0',
      },
    );
    expect(checks[0]).toMatchObject({ name: 'Node.js', status: 'fail' });
    expect(checks[0]?.fix).toContain('20.18.1');
    expect(checks.filter((check) => check.status === 'fail')).toHaveLength(1);
  });

  it('shows at most 12 characters of a key and always hides at least 8', () => {
    expect(keyPrefix('krastie_sim_business')).toBe('krastie_sim_…');
    expect(keyPrefix('krastie_abcd')).toBe('krastie_…');
    expect(keyPrefix(`krastie_${'x'.repeat(40)}`)).toBe('krastie_xxxx…');
    expect(compareVersions('20.18.1', '20.18.1')).toBe(0);
    expect(compareVersions('v22.0.0', '20.18.1')).toBeGreaterThan(0);
    expect(compareVersions('20.9.0', '20.18.1')).toBeLessThan(0);
  });
});

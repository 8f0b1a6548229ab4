import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI } from '../support/server.js';

function run(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 10_000,
    input: '',
  });
}

describe('krastie-mcp command line', () => {
  it('prints help and version', () => {
    const help = run(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('KRASTIE_API_KEY');
    expect(help.stdout).toContain('simulate');
    const version = run(['--version']);
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it.each([
    [{}, /^krastie-mcp: KRASTIE_API_KEY is not set/],
    [{ KRASTIE_API_KEY: 'sk-1234567890' }, /^krastie-mcp: KRASTIE_API_KEY must start with "krastie_"/],
    [
      { KRASTIE_API_KEY: 'krastie_sim_business', KRASTIE_BASE_URL: 'http://api.example.com' },
      /^krastie-mcp: KRASTIE_BASE_URL must use https:\/\//,
    ],
    [
      { KRASTIE_API_KEY: 'krastie_sim_business', KRASTIE_BASE_URL: 'not a url' },
      /^krastie-mcp: KRASTIE_BASE_URL is not a URL/,
    ],
    [
      { KRASTIE_API_KEY: 'krastie_sim_business', KRASTIE_DEFAULT_MODEL: 'llama-3' },
      /^krastie-mcp: KRASTIE_DEFAULT_MODEL/,
    ],
    [
      { KRASTIE_API_KEY: 'krastie_sim_business', KRASTIE_TIMEOUT_MS: 'soon' },
      /^krastie-mcp: KRASTIE_TIMEOUT_MS/,
    ],
    [
      { KRASTIE_API_KEY: 'krastie_sim_business', KRASTIE_REPORT_TIMEOUT_MS: '5' },
      /^krastie-mcp: KRASTIE_REPORT_TIMEOUT_MS/,
    ],
  ])(
    'refuses bad configuration %j with one line naming the variable, exit 2, nothing on stdout',
    (env, message) => {
      const result = run([], env);
      expect(result.status).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      const key = (env as Record<string, string>).KRASTIE_API_KEY;
      if (key) expect(result.stderr).not.toContain(key);
    },
  );

  it('refuses unknown flags and commands', () => {
    expect(run(['--frobnicate']).status).toBe(2);
    const unknown = run(['launch']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown command "launch"');
  });

  it('lets flags override the environment', () => {
    const result = run(['--base-url', 'http://api.example.com'], {
      KRASTIE_API_KEY: 'krastie_sim_business',
      KRASTIE_BASE_URL: 'https://api.krastie.ai',
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('KRASTIE_BASE_URL');
  });
});

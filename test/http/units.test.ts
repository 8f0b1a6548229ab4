/** The HTTP transport's pure parts, in process: settings, the Host/Origin/token guard, the tenant pool. */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfigWithoutKey } from '../../src/config.js';
import { createGuard } from '../../src/http/guard.js';
import { type HttpFlags, type HttpSettings, loadHttpSettings } from '../../src/http/settings.js';
import { MAX_CLIENTS, TenantPool } from '../../src/http/tenants.js';
import { silentLogger } from '../../src/log.js';

const TIMEOUTS = { timeoutMs: 30_000, reportTimeoutMs: 300_000 };
const NO_FLAGS: HttpFlags = { port: undefined, host: undefined, allowClientKeys: false };
const TOKEN = 'a-token-of-32-characters-exactly';

function settings(env: NodeJS.ProcessEnv = {}, flags = NO_FLAGS): HttpSettings {
  return loadHttpSettings(env, flags, TIMEOUTS);
}

describe('loadHttpSettings', () => {
  it('defaults to 127.0.0.1:8787, 1 MB bodies, 10 s grace and the longest call plus 30 s', () => {
    expect(settings()).toEqual({
      host: '127.0.0.1',
      port: 8787,
      token: undefined,
      allowClientKeys: false,
      allowedHosts: [],
      allowedOrigins: [],
      corsOrigins: [],
      maxBodyBytes: 1_048_576,
      requestTimeoutMs: 330_000,
      shutdownGraceMs: 10_000,
    });
  });

  it('lets flags override the environment', () => {
    const env = { KRASTIE_MCP_PORT: '9000', KRASTIE_MCP_HOST: 'localhost', KRASTIE_MCP_TOKEN: TOKEN };
    expect(settings(env)).toMatchObject({ port: 9000, host: 'localhost' });
    expect(settings(env, { port: 0, host: '0.0.0.0', allowClientKeys: true })).toMatchObject({
      port: 0,
      host: '0.0.0.0',
      allowClientKeys: true,
    });
  });

  it.each(['0.0.0.0', '::', '192.168.1.10', 'example.com'])('requires a token to bind %s', (host) => {
    expect(() => settings({}, { ...NO_FLAGS, host })).toThrow(ConfigError);
    expect(() => settings({}, { ...NO_FLAGS, host })).toThrow(/KRASTIE_MCP_TOKEN/);
    expect(settings({ KRASTIE_MCP_TOKEN: TOKEN }, { ...NO_FLAGS, host }).host).toBe(host);
  });

  it.each([
    [{ KRASTIE_MCP_TOKEN: 'too-short' }, /KRASTIE_MCP_TOKEN/],
    [{ KRASTIE_MCP_TOKEN: 'has spaces in the middle of it' }, /KRASTIE_MCP_TOKEN/],
    [{ KRASTIE_MCP_PORT: 'http' }, /KRASTIE_MCP_PORT/],
    [{ KRASTIE_MCP_MAX_BODY_BYTES: '10' }, /KRASTIE_MCP_MAX_BODY_BYTES/],
    [{ KRASTIE_MCP_ALLOWED_HOSTS: 'http://example.com/' }, /KRASTIE_MCP_ALLOWED_HOSTS/],
    [{ KRASTIE_MCP_CORS_ORIGINS: 'https://example.com/path' }, /KRASTIE_MCP_CORS_ORIGINS/],
  ])('refuses %j, naming the variable', (env, message) => {
    expect(() => settings(env)).toThrow(message);
  });

  it('never echoes a short token', () => {
    expect(() => settings({ KRASTIE_MCP_TOKEN: 'secret-ish' })).toThrow(/^(?!.*secret-ish)/);
  });
});

describe('createGuard', () => {
  const guard = createGuard(
    settings({
      KRASTIE_MCP_TOKEN: TOKEN,
      KRASTIE_MCP_ALLOWED_HOSTS: 'mcp.example.com, api.example.com:8443',
      KRASTIE_MCP_ALLOWED_ORIGINS: 'https://tools.example.com',
      KRASTIE_MCP_CORS_ORIGINS: 'https://app.example.com',
    }),
  );

  it.each([
    'localhost',
    'localhost:8787',
    '127.0.0.1:1234',
    '[::1]:8787',
    'LOCALHOST:8787',
    'mcp.example.com',
    'mcp.example.com:443',
    'api.example.com:8443',
  ])('accepts Host %s', (host) => {
    expect(guard.hostAllowed(host)).toBe(true);
  });

  it.each([
    undefined,
    '',
    'evil.example.com',
    'evil.example.com:8787',
    'localhost.evil.example.com',
    'evil.com@127.0.0.1',
    '127.0.0.1/evil',
    'api.example.com:8444',
    '127.0.0.1 evil',
  ])('refuses Host %s', (host) => {
    expect(guard.hostAllowed(host)).toBe(false);
  });

  it('accepts loopback and listed origins, and requests without one', () => {
    for (const origin of [
      undefined,
      'http://localhost:6274',
      'https://127.0.0.1',
      'http://[::1]:3000',
      'https://tools.example.com',
      'https://app.example.com',
    ]) {
      expect(guard.originAllowed(origin), origin).toBe(true);
    }
    for (const origin of ['null', 'http://evil.example.com', 'https://tools.example.com:444', 'file://x']) {
      expect(guard.originAllowed(origin), origin).toBe(false);
    }
  });

  it('sends CORS headers only to the CORS origins', () => {
    expect(guard.corsOrigin('https://app.example.com')).toBe('https://app.example.com');
    expect(guard.corsOrigin('https://tools.example.com')).toBeUndefined();
    expect(guard.corsOrigin(undefined)).toBeUndefined();
  });

  it('checks the bearer token', () => {
    expect(guard.authorized(`Bearer ${TOKEN}`)).toBe(true);
    expect(guard.authorized(`bearer ${TOKEN}`)).toBe(true);
    expect(guard.authorized(undefined)).toBe(false);
    expect(guard.authorized(TOKEN)).toBe(false);
    expect(guard.authorized(`Bearer ${TOKEN.slice(0, -1)}`)).toBe(false);
    expect(guard.authorized(`Bearer ${TOKEN}x`)).toBe(false);
    expect(guard.authorized(`Basic ${TOKEN}`)).toBe(false);
    expect(createGuard(settings()).authorized(undefined)).toBe(true);
  });

  it('allows any Host with *', () => {
    expect(
      createGuard(settings({ KRASTIE_MCP_TOKEN: TOKEN, KRASTIE_MCP_ALLOWED_HOSTS: '*' })).hostAllowed(
        'anything.example',
      ),
    ).toBe(true);
  });
});

describe('TenantPool', () => {
  const config = loadConfigWithoutKey({ KRASTIE_MAX_CREDITS: '1' });

  it('shares a client and a budget per key, never across keys', () => {
    const pool = new TenantPool(config, silentLogger);
    const a1 = pool.acquire('krastie_key_a');
    const a2 = pool.acquire('krastie_key_a');
    const b = pool.acquire('krastie_key_b');
    expect(a1.client).toBe(a2.client);
    expect(a1.budget).toBe(a2.budget);
    expect(b.client).not.toBe(a1.client);
    expect(b.budget).not.toBe(a1.budget);
    expect(a1.config.apiKey).toBe('krastie_key_a');
    expect(b.config.apiKey).toBe('krastie_key_b');
    expect(a1.id).toMatch(/^[0-9a-f]{8}$/);
    expect(a1.id).not.toBe(b.id);
  });

  it('keeps at most MAX_CLIENTS clients, never dropping one in use', async () => {
    const pool = new TenantPool(config, silentLogger);
    const held = pool.acquire('krastie_held');
    for (let i = 0; i < MAX_CLIENTS + 20; i++) pool.acquire(`krastie_key_${i}`).release();
    expect(pool.size).toBe(MAX_CLIENTS);
    expect(pool.acquire('krastie_held').client).toBe(held.client);
    await pool.close();
  });

  it('keeps a spent budget when made-up keys flood the pool', () => {
    const pool = new TenantPool(config, silentLogger);
    const spender = pool.acquire('krastie_spender');
    spender.budget.reserve('ai-credit').keep();
    spender.release();
    for (let i = 0; i < 10_050; i++) pool.acquire(`krastie_flood_${i}`).release();
    expect(pool.acquire('krastie_spender').budget.spent('ai-credit')).toBe(1);
  });
});

/**
 * Start-up refusals, graceful shutdown (SIGTERM lets a call in flight finish, then exit 0; past the
 * grace period it is cancelled) and the per-request time limit.
 */
import { request } from 'node:http';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { useSimulator } from '../support/fixture.js';
import { endpoints, route } from '../support/routes.js';
import { until } from '../support/wait.js';
import { bearer, connect, raw, runCli, spawnHttp, TOKEN, textOf } from './support.js';

const HISTORY = route(endpoints.getReportHistory);

describe('start-up', () => {
  it('refuses to bind a non-loopback address without a token (exit 2, one clear line)', async () => {
    const result = await runCli(['--http', '--host', '0.0.0.0', '--port', '0'], {
      KRASTIE_API_KEY: 'krastie_sim_business',
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--host 0\.0\.0\.0 .*KRASTIE_MCP_TOKEN/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it.each(['mcp.example.com', '*'])(
    'refuses to serve public host %s through a proxy without a token (exit 2)',
    async (allowed) => {
      const result = await runCli(['--http', '--port', '0'], {
        KRASTIE_API_KEY: 'krastie_sim_business',
        KRASTIE_MCP_ALLOWED_HOSTS: allowed,
      });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/KRASTIE_MCP_ALLOWED_HOSTS allows .*set KRASTIE_MCP_TOKEN/);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    },
  );

  it('refuses a short token', async () => {
    const result = await runCli(['--http', '--port', '0'], {
      KRASTIE_API_KEY: 'krastie_sim_business',
      KRASTIE_MCP_TOKEN: 'short',
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('KRASTIE_MCP_TOKEN must be at least 16 characters');
    expect(result.stderr).not.toMatch(/\bshort\b/);
  });

  it('still requires KRASTIE_API_KEY without --allow-client-keys', async () => {
    const result = await runCli(['--http', '--port', '0'], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^krastie-mcp: KRASTIE_API_KEY is not set/);
  });

  it('refuses a bad KRASTIE_MCP_* value, naming it', async () => {
    const result = await runCli(['--http', '--port', '0'], {
      KRASTIE_API_KEY: 'krastie_sim_business',
      KRASTIE_MCP_ALLOWED_ORIGINS: 'not an origin',
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^krastie-mcp: KRASTIE_MCP_ALLOWED_ORIGINS /);
  });

  it('binds all interfaces with a token, and still checks the Host', async () => {
    const server = await spawnHttp({
      args: ['--host', '0.0.0.0'],
      env: { KRASTIE_API_KEY: 'krastie_sim_business', KRASTIE_MCP_TOKEN: TOKEN },
    });
    try {
      const port = new URL(server.url).port;
      const local = `http://127.0.0.1:${port}`;
      expect((await raw(`${local}/healthz`, { method: 'GET' })).status).toBe(200);
      const ping = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' });
      const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
      expect((await raw(`${local}/mcp`, { headers, body: ping })).status).toBe(401);
      expect((await raw(`${local}/mcp`, { headers: { ...headers, ...bearer() }, body: ping })).status).toBe(
        200,
      );
      const foreign = await raw(`${local}/mcp`, {
        headers: { ...headers, ...bearer(), host: `mcp.example.com:${port}` },
        body: ping,
      });
      expect(foreign.status).toBe(403);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it('accepts the configured host names and CORS origins', async () => {
    const server = await spawnHttp({
      env: {
        KRASTIE_API_KEY: 'krastie_sim_business',
        KRASTIE_MCP_TOKEN: TOKEN,
        KRASTIE_MCP_ALLOWED_HOSTS: 'mcp.example.com',
        KRASTIE_MCP_CORS_ORIGINS: 'https://app.example.com',
      },
    });
    try {
      const ping = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' });
      const headers = {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        ...bearer(),
      };
      const res = await raw(server.url, {
        headers: { ...headers, host: 'mcp.example.com', origin: 'https://app.example.com' },
        body: ping,
      });
      expect(res.status).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBe('https://app.example.com');
      const preflight = await raw(server.url, {
        method: 'OPTIONS',
        headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers['access-control-allow-headers']).toContain('authorization');
      const other = await raw(server.url, {
        headers: { ...headers, origin: 'https://other.example.com' },
        body: ping,
      });
      expect(other.status).toBe(403);
    } finally {
      await server.stop();
    }
  });
  it('refuses a request relayed by a proxy when no token is configured', async () => {
    const server = await spawnHttp({ env: { KRASTIE_API_KEY: 'krastie_sim_business' } });
    try {
      const proxied = await raw(server.url, {
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'x-forwarded-for': '203.0.113.9',
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
      });
      expect(proxied.status).toBe(403);
      expect(proxied.text).toContain('KRASTIE_MCP_TOKEN');
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});

describe('shutdown and time limits', () => {
  const ctx = useSimulator({ simulator: { reportDelayMs: 20 } });

  it('on SIGTERM, stops accepting, lets the call in flight finish, then exits 0', async () => {
    const server = await spawnHttp({
      env: { KRASTIE_API_KEY: ctx.sim.keys.business, KRASTIE_BASE_URL: ctx.sim.url },
    });
    const session = await connect(server.url);
    ctx.sim.inject({ kind: 'latency', ms: 1_500 }, { route: HISTORY, times: 1 });
    const call = session.call('get_history', { limit: 2 });
    await until(() => ctx.sim.requestCount(HISTORY) === 1, 'history request reached Krastie');
    server.child.kill('SIGTERM');
    await until(() => server.stderr().includes('no longer accepting'), 'shutdown began');
    await expect(raw(`${server.base}/healthz`, { method: 'GET' })).rejects.toThrow(/ECONNREFUSED/);
    const result = await call;
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(textOf(result)).toContain('Visibility history');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    await session.close().catch(() => {});
  });

  it('cancels a call still running after the grace period, then exits 0', async () => {
    const server = await spawnHttp({
      env: {
        KRASTIE_API_KEY: ctx.sim.keys.business,
        KRASTIE_BASE_URL: ctx.sim.url,
        KRASTIE_MCP_SHUTDOWN_GRACE_MS: '300',
      },
    });
    const session = await connect(server.url);
    ctx.sim.inject({ kind: 'latency', ms: 20_000 }, { route: HISTORY, times: 1 });
    const call = session.call('get_history', { limit: 2 });
    await until(() => ctx.sim.requestCount(HISTORY) === 1, 'history request reached Krastie');
    const started = Date.now();
    server.child.kill('SIGTERM');
    const result = await call;
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/cancel/i);
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(server.stderr()).toContain('cancelling 1 request');
    await session.close().catch(() => {});
  });

  it('cancels the work (and its Krastie request) when the client goes away', async () => {
    const server = await spawnHttp({
      env: { KRASTIE_API_KEY: ctx.sim.keys.business, KRASTIE_BASE_URL: ctx.sim.url },
    });
    try {
      ctx.sim.inject({ kind: 'latency', ms: 10_000 }, { route: HISTORY, times: 1 });
      const req = request(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      });
      req.on('error', () => {});
      req.end(
        JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'tools/call',
          params: { name: 'get_history', arguments: {} },
        }),
      );
      await until(() => ctx.sim.requestCount(HISTORY) === 1, 'history request reached Krastie');
      req.destroy();
      await until(() => ctx.sim.requests[0]?.closedEarly === true, 'upstream request cancelled');
      // A half-sent body is dropped quietly.
      const partial = request(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': '1000' },
      });
      partial.on('error', () => {});
      partial.write('{"jsonrpc":');
      await new Promise((resolve) => setTimeout(resolve, 100));
      partial.destroy();
      expect((await raw(`${server.base}/healthz`, { method: 'GET' })).status).toBe(200);
    } finally {
      expect(await server.stop()).toBe(0);
    }
    expect(server.stderr()).not.toMatch(/error:/);
  });

  it('answers a request over KRASTIE_MCP_REQUEST_TIMEOUT_MS with a JSON-RPC timeout error and cancels it', async () => {
    const server = await spawnHttp({
      env: {
        KRASTIE_API_KEY: ctx.sim.keys.business,
        KRASTIE_BASE_URL: ctx.sim.url,
        KRASTIE_MCP_REQUEST_TIMEOUT_MS: '500',
      },
    });
    const session = await connect(server.url);
    try {
      ctx.sim.inject({ kind: 'latency', ms: 5_000 }, { route: HISTORY, times: 1 });
      const error = await session.call('get_history', { limit: 2 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(McpError);
      expect((error as McpError).code).toBe(ErrorCode.RequestTimeout);
      expect((error as McpError).message).toContain('KRASTIE_MCP_REQUEST_TIMEOUT_MS');
      // The upstream request was cancelled, not left running.
      await until(() => ctx.sim.requests[0]?.closedEarly === true, 'upstream request cancelled');
      // The server is fine afterwards.
      expect(textOf(await session.call('get_history', { limit: 2 }))).toContain('Visibility history');
    } finally {
      await session.close();
      expect(await server.stop()).toBe(0);
    }
  });
});

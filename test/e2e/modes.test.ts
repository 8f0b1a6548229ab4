import { describe, expect, it } from 'vitest';
import { useSimulator } from '../support/fixture.js';
import { endpoints, route } from '../support/routes.js';
import { startServer, textOf } from '../support/server.js';

const CHAT = route(endpoints.chat);
const REPORT = route(endpoints.runReport);

describe('server modes', () => {
  const ctx = useSimulator({ simulator: { reportDelayMs: 10 } });

  it('read-only lists only read-only tools and refuses the others by name, sending nothing', async () => {
    const server = await startServer({
      baseUrl: ctx.sim.url,
      apiKey: ctx.sim.keys.business,
      args: ['--read-only'],
    });
    try {
      const { tools } = await server.client.listTools();
      expect(tools.length).toBeGreaterThan(0);
      for (const tool of tools) expect(tool.annotations?.readOnlyHint, tool.name).toBe(true);
      expect(tools.map((t) => t.name)).toContain('get_history');
      for (const [name, args] of [
        ['chat_with_workspace', { message: 'Hi' }],
        ['run_visibility_report', { websiteUrl: 'acme.com' }],
        ['delete_brand_voice', { brandVoiceId: 'bv_1', confirm: true }],
      ] as const) {
        const result = await server.call(name, args);
        expect(result.isError, name).toBe(true);
        expect(textOf(result)).toMatch(/read-only mode.*Nothing was sent to Krastie/s);
        expect(textOf(result)).toContain(name);
      }
      expect(ctx.sim.requestCount()).toBe(0);
      expect((await server.call('get_history', { limit: 1 })).isError).toBeFalsy();
    } finally {
      await server.close();
    }
  });

  it('toolsets limit what is listed and callable', async () => {
    const server = await startServer({
      baseUrl: ctx.sim.url,
      apiKey: ctx.sim.keys.business,
      env: { KRASTIE_TOOLSETS: 'visibility,brand-voice' },
    });
    try {
      const names = (await server.client.listTools()).tools.map((t) => t.name);
      expect(names).toContain('run_visibility_report');
      expect(names).toContain('list_brand_voices');
      expect(names).not.toContain('chat_with_workspace');
      expect(names).not.toContain('improve_content');
      const refused = await server.call('chat_with_workspace', { message: 'Hi' });
      expect(refused.isError).toBe(true);
      expect(textOf(refused)).toContain('"chat" toolset');
      expect(ctx.sim.requestCount(CHAT)).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('stops credit-spending calls at the credit budget, before sending them', async () => {
    const server = await startServer({
      baseUrl: ctx.sim.url,
      apiKey: ctx.sim.keys.enterprise,
      args: ['--max-credits', '2'],
    });
    try {
      // An input error spends nothing and does not count.
      expect((await server.call('chat_with_workspace', { message: 'Hi', model: 'nope' })).isError).toBe(true);
      expect((await server.call('chat_with_workspace', { message: 'one' })).isError).toBeFalsy();
      expect((await server.call('improve_content', { content: 'two' })).isError).toBeFalsy();
      const third = await server.call('chat_with_workspace', { message: 'three' });
      expect(third.isError).toBe(true);
      expect(textOf(third)).toMatch(
        /credit budget of this server is used up.*KRASTIE_MAX_CREDITS.*Nothing was sent/s,
      );
      expect(ctx.sim.creditsUsed(ctx.sim.keys.enterprise)).toBe(2);
      // Free reads still work.
      expect((await server.call('get_history', { limit: 1 })).isError).toBeFalsy();
    } finally {
      await server.close();
    }
  });

  it('counts a failed paid call that Krastie may have charged against the budget', async () => {
    const server = await startServer({
      baseUrl: ctx.sim.url,
      apiKey: ctx.sim.keys.enterprise,
      args: ['--max-credits', '1'],
    });
    try {
      ctx.sim.inject({ kind: 'status', status: 502 }, { route: CHAT, times: 1 });
      expect((await server.call('chat_with_workspace', { message: 'one' })).isError).toBe(true);
      const next = await server.call('chat_with_workspace', { message: 'two' });
      expect(textOf(next)).toMatch(/credit budget/);
      expect(ctx.sim.requestCount(CHAT)).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('gives back the budget of a paid call Krastie refused (nothing charged)', async () => {
    const server = await startServer({
      baseUrl: ctx.sim.url,
      apiKey: ctx.sim.keys.enterprise,
      args: ['--max-credits', '1'],
    });
    try {
      ctx.sim.inject({ kind: 'status', status: 429, retryAfter: '1' }, { route: CHAT, times: 1 });
      expect((await server.call('chat_with_workspace', { message: 'one' })).isError).toBe(true);
      expect((await server.call('chat_with_workspace', { message: 'two' })).isError).toBeFalsy();
    } finally {
      await server.close();
    }
  });

  it('has its own cap for report runs', async () => {
    const server = await startServer({
      baseUrl: ctx.sim.url,
      apiKey: ctx.sim.keys.enterprise,
      env: { KRASTIE_MAX_REPORT_RUNS: '1' },
    });
    try {
      expect((await server.call('run_visibility_report', { refresh: true })).isError).toBeFalsy();
      const second = await server.call('run_visibility_report', { refresh: true });
      expect(textOf(second)).toMatch(/report budget of this server is used up.*KRASTIE_MAX_REPORT_RUNS/s);
      expect(ctx.sim.requestCount(REPORT)).toBe(1);
      // The credit budget is separate.
      expect((await server.call('chat_with_workspace', { message: 'Hi' })).isError).toBeFalsy();
    } finally {
      await server.close();
    }
  });
});

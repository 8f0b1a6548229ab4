import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { useSimulator } from '../support/fixture.js';
import { CLI, startServer, textOf } from '../support/server.js';

describe('stdio discipline', () => {
  const ctx = useSimulator({ simulator: { reportDelayMs: 20 }, reset: false });

  it('writes only JSON-RPC to stdout, and never the key anywhere, across tools, failures, an echoed key and a deprecation warning', async () => {
    const key = ctx.sim.keys.business;
    const server = await startServer({
      baseUrl: ctx.sim.url,
      apiKey: key,
      env: { KRASTIE_LOG_LEVEL: 'debug' },
    });
    const outputs: string[] = [];
    try {
      ctx.sim.inject({ kind: 'echo-key', status: 400 }, { route: 'POST /v1/ai/generate/chat', times: 1 });
      ctx.sim.inject(
        { kind: 'deprecated' },
        { route: 'GET /v1/ai/generate/seo-site-report/history', times: 1 },
      );
      const calls: [string, Record<string, unknown>][] = [
        ['chat_with_workspace', { message: 'echo my key' }],
        ['get_history', {}],
        ['run_visibility_report', { websiteUrl: 'acme.com' }],
        ['improve_content', { content: 'Some text', model: 'not-a-model' }],
        ['chat_with_workspace', { message: 'Hi' }],
      ];
      for (const [name, args] of calls) {
        const result = await server.call(name, args);
        outputs.push(JSON.stringify(result));
        outputs.push(textOf(result));
      }
      expect(server.transportErrors).toEqual([]);
      expect(server.stderr()).toContain('deprecated');
    } finally {
      await server.close();
    }
    for (const output of [...outputs, server.stderr(), ...server.logMessages])
      expect(output).not.toContain(key);
  });

  it('answers raw JSON-RPC line by line with nothing else on stdout', async () => {
    const child = spawn(process.execPath, [CLI], {
      env: {
        PATH: process.env.PATH ?? '',
        KRASTIE_API_KEY: ctx.sim.keys.business,
        KRASTIE_BASE_URL: ctx.sim.url,
      },
    });
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    const send = (message: unknown) => child.stdin.write(`${JSON.stringify(message)}\n`);
    send({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
    });
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    send({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
    send({
      jsonrpc: '2.0',
      id: 3,
      method: 'tools/call',
      params: { name: 'get_history', arguments: { limit: 2 } },
    });
    const deadline = Date.now() + 10_000;
    while (!stdout.includes('"id":3') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    child.stdin.end();
    const exitCode = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    const lines = stdout.split('\n').filter((line) => line !== '');
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ jsonrpc: '2.0' });
    expect(lines.map((line) => JSON.parse(line).id).filter((id) => id !== undefined)).toEqual([1, 2, 3]);
    expect(exitCode).toBe(0);
  });
});

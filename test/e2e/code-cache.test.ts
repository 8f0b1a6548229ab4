import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer } from '../support/server.js';
import { until } from '../support/wait.js';

/** src/load-entry.ts: the V8 code cache that makes repeat starts fast on Node 20. */
describe('the code cache', () => {
  let cacheHome: string;

  afterEach(async () => {
    if (cacheHome) await rm(cacheHome, { recursive: true, force: true });
  });

  const cacheFiles = async () => {
    try {
      return await readdir(path.join(cacheHome, 'krastie-mcp'));
    } catch {
      return [];
    }
  };

  async function startAndList(env: Record<string, string>) {
    const server = await startServer({ baseUrl: 'http://127.0.0.1:9', apiKey: 'krastie_sim_business', env });
    const { tools } = await server.client.listTools();
    expect(tools.length).toBeGreaterThan(10);
    return server;
  }

  it('is written once start-up is over, then reused as it is', async () => {
    cacheHome = await mkdtemp(path.join(tmpdir(), 'krastie-cache-'));
    const first = await startAndList({ XDG_CACHE_HOME: cacheHome });
    await until(async () => (await cacheFiles()).length === 1, 'code cache written');
    await first.close();
    const files = await cacheFiles();
    expect(files[0]).toMatch(/-server-\w+\.cache$/);
    const file = path.join(cacheHome, 'krastie-mcp', files[0] as string);
    const written = (await stat(file)).mtimeMs;

    const second = await startAndList({ XDG_CACHE_HOME: cacheHome });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await second.close();
    expect((await stat(file)).mtimeMs).toBe(written);
  });

  it('removes the caches of earlier builds of the same version when it writes a new one', async () => {
    cacheHome = await mkdtemp(path.join(tmpdir(), 'krastie-cache-'));
    const directory = path.join(cacheHome, 'krastie-mcp');
    await mkdir(directory, { recursive: true });
    const version = (await readFile(new URL('../../package.json', import.meta.url), 'utf8')).match(
      /"version": "([^"]+)"/,
    )?.[1];
    const stale = path.join(
      directory,
      `${version}-node${process.version}-${process.arch}-server-oldbuild.cache`,
    );
    const otherEntry = path.join(
      directory,
      `${version}-node${process.version}-${process.arch}-http-oldbuild.cache`,
    );
    await writeFile(stale, 'old');
    await writeFile(otherEntry, 'old');
    const server = await startAndList({ XDG_CACHE_HOME: cacheHome });
    await until(
      async () => (await cacheFiles()).some((f) => f.includes('-server-') && !f.includes('oldbuild')),
      'new cache',
    );
    await server.close();
    const files = await cacheFiles();
    expect(files).not.toContain(path.basename(stale));
    expect(files).toContain(path.basename(otherEntry));
  });

  it('survives a corrupt cache file and replaces it', async () => {
    cacheHome = await mkdtemp(path.join(tmpdir(), 'krastie-cache-'));
    const first = await startAndList({ XDG_CACHE_HOME: cacheHome });
    await until(async () => (await cacheFiles()).length === 1, 'code cache written');
    await first.close();
    const file = path.join(cacheHome, 'krastie-mcp', (await cacheFiles())[0] as string);
    await writeFile(file, 'not a code cache');
    const second = await startAndList({ XDG_CACHE_HOME: cacheHome });
    await until(async () => (await stat(file)).size > 1000, 'code cache rewritten');
    await second.close();
  });

  it('is not written when NODE_DISABLE_COMPILE_CACHE is set', async () => {
    cacheHome = await mkdtemp(path.join(tmpdir(), 'krastie-cache-'));
    const server = await startAndList({ XDG_CACHE_HOME: cacheHome, NODE_DISABLE_COMPILE_CACHE: '1' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await server.close();
    expect(await cacheFiles()).toEqual([]);
  });
});

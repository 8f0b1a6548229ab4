/**
 * What npm users get: the packed tarball ships only what runs, installs offline (no runtime
 * dependencies), and the installed bin starts, serves tools/list over stdio, runs the demo, and works
 * with mcp.json.example's command as written.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tools } from '../../src/tools/index.js';
import { VERSION } from '../../src/version.js';
import { baseEnv, ROOT, run } from './helpers.js';

const SHIPPED = [
  /^dist\/(cli|server|http|demo|doctor|simulate|agent)\.js$/,
  /^dist\/package\.json$/,
  /^README\.md$/,
  /^LICENSE$/,
  /^THIRD_PARTY_NOTICES\.md$/,
];
const SHIPPED_EXACT = ['mcp.json.example', 'package.json'];

interface PackResult {
  filename: string;
  files: { path: string }[];
}

describe('the npm package', () => {
  let scratch: string;
  let tarball: string;
  let packed: PackResult;
  let app: string;
  /** npm's own settings for these runs: a private empty cache, so nothing can come from elsewhere. */
  let npmEnv: NodeJS.ProcessEnv;

  beforeAll(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'krastie-pack-'));
    npmEnv = baseEnv({
      npm_config_cache: path.join(scratch, 'npm-cache'),
      npm_config_update_notifier: 'false',
      npm_config_fund: 'false',
      npm_config_audit: 'false',
    });
    // --ignore-scripts: "prepare" would rebuild dist/ while other test files run the built CLI; the
    // global setup has just built it.
    const pack = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', scratch], {
      env: npmEnv,
      timeoutMs: 30_000,
    });
    expect(pack.code, pack.stderr).toBe(0);
    [packed] = JSON.parse(pack.stdout) as [PackResult];
    tarball = path.join(scratch, packed.filename);

    app = path.join(scratch, 'app');
    await mkdir(app);
    await writeFile(path.join(app, 'package.json'), '{ "name": "app", "private": true }\n');
    const install = await run('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], {
      cwd: app,
      env: npmEnv,
      timeoutMs: 30_000,
    });
    expect(install.code, `npm install --offline failed: ${install.stderr}`).toBe(0);
  }, 60_000);

  afterAll(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('ships only what runs: dist/, README, LICENSE, notices, mcp.json.example, package.json', () => {
    const files = packed.files.map((file) => file.path);
    const unexpected = files.filter(
      (file) => !SHIPPED.some((pattern) => pattern.test(file)) && !SHIPPED_EXACT.includes(file),
    );
    expect(unexpected).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(['dist/cli.js', 'README.md', 'LICENSE', 'package.json']));
    expect(files).toEqual(expect.arrayContaining(['THIRD_PARTY_NOTICES.md', 'mcp.json.example']));
    expect(files).toEqual(expect.arrayContaining(['dist/server.js', 'dist/agent.js', 'dist/package.json']));
    expect(files.filter((file) => /^(src|test|scripts|bench)\//.test(file) || file.endsWith('.ts'))).toEqual(
      [],
    );
  });

  it('has no runtime dependencies, so it installed offline from the tarball alone', async () => {
    const manifest = JSON.parse(
      await readFile(path.join(app, 'node_modules/krastie-mcp/package.json'), 'utf8'),
    );
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(manifest.version).toBe(VERSION);
  });

  it('the installed bin prints its version', async () => {
    const result = await run(path.join(app, 'node_modules/.bin/krastie-mcp'), ['--version'], { cwd: app });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe(VERSION);
  });

  it('the installed bin serves tools/list over stdio', async () => {
    const names = await listTools({
      command: path.join(app, 'node_modules/.bin/krastie-mcp'),
      args: [],
      env: { KRASTIE_API_KEY: 'krastie_sim_business', KRASTIE_BASE_URL: 'http://127.0.0.1:9' },
      cwd: app,
    });
    expect(names).toEqual(tools.map((tool) => tool.name));
  });

  it('the installed bin runs the demo (it finds its own dist/cli.js through the bin symlink)', async () => {
    const result = await run(path.join(app, 'node_modules/.bin/krastie-mcp'), ['demo'], {
      cwd: app,
      timeoutMs: 20_000,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Visibility score \d+\/100/);
  });

  it("mcp.json.example's server starts with its command, args and env exactly as written", async () => {
    const example = JSON.parse(await readFile(path.join(ROOT, 'mcp.json.example'), 'utf8')) as {
      mcpServers: Record<string, { command: string; args: string[]; env: Record<string, string> }>;
    };
    const servers = Object.values(example.mcpServers);
    expect(servers).toHaveLength(1);
    const [server] = servers;
    if (!server) throw new Error('no server in mcp.json.example');
    expect(server.command).toBe('npx');
    expect(server.args).toEqual(['-y', 'krastie-mcp']);
    // Run where krastie-mcp is installed, and offline: npx then resolves the local package, as it does
    // from its cache on a user's machine, and never asks the registry.
    const names = await listTools({
      command: server.command,
      args: server.args,
      env: { ...npmEnv, ...server.env, npm_config_offline: 'true' } as Record<string, string>,
      cwd: app,
    });
    expect(names).toEqual(tools.map((tool) => tool.name));
  });
});

async function listTools(options: {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
}): Promise<string[]> {
  const transport = new StdioClientTransport({
    ...options,
    env: { ...baseEnv(), ...options.env },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const client = new Client({ name: 'krastie-mcp-package-test', version: '1.0.0' });
  try {
    await client.connect(transport);
    const { tools: listed } = await client.listTools();
    return listed.map((tool) => tool.name);
  } catch (error) {
    throw new Error(`${options.command} ${options.args.join(' ')}: ${String(error)}\n${stderr}`);
  } finally {
    await client.close();
  }
}

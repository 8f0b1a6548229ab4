/**
 * The files that describe the server to the outside: server.json (official MCP Registry), manifest.json
 * (MCPB, Claude Desktop extensions) and mcp.json.example. They must parse, carry the package's version,
 * mention only variables the CLI knows, and launch the real server.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { getMcpConfigForManifest, v0_3 } from '@anthropic-ai/mcpb/node';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, ConfigError, loadConfig } from '../../src/config.js';
import { tools } from '../../src/tools/index.js';
import { useSimulator } from '../support/fixture.js';
import { CLI } from '../support/server.js';
import { baseEnv, ROOT, run } from './helpers.js';

const read = (file: string) => JSON.parse(readFileSync(path.join(ROOT, file), 'utf8'));
const pkg = read('package.json') as { name: string; version: string };

/** The variables the CLI documents in --help: the ones a user (or a registry) may set. */
let known: string[] = [];

beforeAll(async () => {
  const help = await run(process.execPath, [CLI, '--help'], { env: baseEnv() });
  known = [...new Set(help.stdout.match(/\bKRASTIE_[A-Z_]+\b/g) ?? [])];
  expect(known).toContain('KRASTIE_API_KEY');
});

/** A value loadConfig accepts for this variable (with a valid key beside it), or the reason it refuses. */
function accepted(name: string, value: string): true | string {
  try {
    loadConfig({ KRASTIE_API_KEY: 'krastie_sim_business', [name]: value });
    return true;
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
}

describe('server.json (MCP Registry)', () => {
  const server = read('server.json');
  const [npm] = server.packages ?? [];

  it('follows the 2025-12-11 server schema for an npm stdio package', () => {
    expect(server.$schema).toBe(
      'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
    );
    expect(server.name).toMatch(/^[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+$/);
    expect(server.name).toBe('io.github.krastie/krastie-mcp');
    expect(server.description.length).toBeGreaterThan(0);
    expect(server.description.length).toBeLessThanOrEqual(100);
    expect(server.title.length).toBeLessThanOrEqual(100);
    expect(server.repository).toMatchObject({ url: expect.stringMatching(/^https:\/\//), source: 'github' });
    expect(server.packages).toHaveLength(1);
    expect(npm).toMatchObject({
      registryType: 'npm',
      registryBaseUrl: 'https://registry.npmjs.org',
      identifier: pkg.name,
      transport: { type: 'stdio' },
    });
    const packageKeys = [
      'registryType',
      'registryBaseUrl',
      'identifier',
      'version',
      'runtimeHint',
      'transport',
    ];
    expect(Object.keys(npm).filter((key) => ![...packageKeys, 'environmentVariables'].includes(key))).toEqual(
      [],
    );
  });

  it("carries package.json's exact version, at the top and on the package", () => {
    expect(server.version).toBe(pkg.version);
    expect(npm.version).toBe(pkg.version);
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+(-[\w.]+)?$/);
  });

  it('lists every variable the CLI knows and no other; only the key is required and secret', () => {
    const variables = npm.environmentVariables as {
      name: string;
      isRequired?: boolean;
      isSecret?: boolean;
      default?: string;
      format?: string;
      choices?: string[];
    }[];
    const inputKeys = [
      'name',
      'description',
      'isRequired',
      'isSecret',
      'format',
      'default',
      'placeholder',
      'choices',
    ];
    for (const variable of variables) {
      expect(Object.keys(variable).filter((key) => !inputKeys.includes(key))).toEqual([]);
      expect(['string', 'number', 'boolean', 'filepath']).toContain(variable.format ?? 'string');
    }
    // Every configuration variable, each one documented by the CLI's --help.
    expect(variables.map((v) => v.name).sort()).toEqual([...CONFIG_VARIABLES].sort());
    for (const variable of variables) expect(known).toContain(variable.name);
    const key = variables.find((v) => v.name === 'KRASTIE_API_KEY');
    expect(key).toMatchObject({ isRequired: true, isSecret: true });
    expect(variables.filter((v) => v.isRequired || v.isSecret).map((v) => v.name)).toEqual([
      'KRASTIE_API_KEY',
    ]);
    // Every default and choice is a value the server accepts.
    for (const variable of variables) {
      for (const value of [variable.default, ...(variable.choices ?? [])]) {
        if (value !== undefined)
          expect(accepted(variable.name, value), `${variable.name}=${value}`).toBe(true);
      }
    }
  });
});

describe('manifest.json (MCPB / Claude Desktop extension)', () => {
  const manifest = read('manifest.json');
  const ctx = useSimulator({ reset: false });

  it('passes the official MCPB validator (@anthropic-ai/mcpb, manifest 0.3)', () => {
    const parsed = v0_3.McpbManifestSchema.safeParse(manifest);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(manifest.manifest_version).toBe('0.3');
  });

  it("carries package.json's name and version and runs dist/cli.js with node", () => {
    expect(manifest.name).toBe(pkg.name);
    expect(manifest.version).toBe(pkg.version);
    expect(manifest.server).toMatchObject({
      type: 'node',
      entry_point: 'dist/cli.js',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: MCPB's own placeholder syntax, not a template
      mcp_config: { command: 'node', args: ['${__dirname}/dist/cli.js'] },
    });
    expect(existsSync(path.join(ROOT, manifest.server.entry_point))).toBe(true);
    expect(manifest.compatibility.runtimes.node).toBe(
      `>=${read('package.json').engines.node.replace(/^>=/, '')}`,
    );
  });

  it('asks for the key as a required secret and maps only variables the CLI knows', () => {
    expect(manifest.user_config.api_key).toMatchObject({ type: 'string', sensitive: true, required: true });
    const env = manifest.server.mcp_config.env as Record<string, string>;
    // biome-ignore lint/suspicious/noTemplateCurlyInString: MCPB's own placeholder syntax, not a template
    expect(env.KRASTIE_API_KEY).toBe('${user_config.api_key}');
    for (const [name, value] of Object.entries(env)) {
      expect(known).toContain(name);
      const option = /^\$\{user_config\.(\w+)\}$/.exec(value)?.[1];
      expect(option, `${name} must come from user_config`).toBeDefined();
      expect(manifest.user_config).toHaveProperty(option as string);
    }
    // Optional settings need a default: an unset option would reach the server as a literal "${user_config.x}".
    for (const [name, option] of Object.entries(
      manifest.user_config as Record<string, { required?: boolean }>,
    )) {
      if (!option.required) expect(option, name).toHaveProperty('default');
    }
  });

  it("lists the server's tools, in order, with short descriptions", () => {
    const listed = manifest.tools as { name: string; description: string }[];
    expect(listed.map((tool) => tool.name)).toEqual(tools.map((tool) => tool.name));
    for (const tool of listed) expect(tool.description.length).toBeLessThanOrEqual(120);
  });

  it('starts the real server as Claude Desktop would, with only the key filled in', async () => {
    const config = await getMcpConfigForManifest({
      manifest,
      extensionPath: ROOT,
      systemDirs: {},
      userConfig: { api_key: ctx.sim.keys.business },
      pathSeparator: path.sep,
    });
    expect(config?.args).toEqual([path.join(ROOT, 'dist/cli.js')]);
    // With defaults alone, the environment is one the server accepts.
    expect(() => loadConfig(config?.env ?? {})).not.toThrow();
    expect(loadConfig(config?.env ?? {}).baseUrl).toBe('https://api.krastie.ai');
  });

  it('serves and answers over stdio with the user settings substituted (read-only on)', async () => {
    const config = await getMcpConfigForManifest({
      manifest,
      extensionPath: ROOT,
      systemDirs: {},
      userConfig: { api_key: ctx.sim.keys.business, base_url: ctx.sim.url, read_only: true },
      pathSeparator: path.sep,
    });
    if (!config) throw new Error('no mcp_config');
    const transport = new StdioClientTransport({
      command: config.command,
      args: config.args ?? [],
      env: { ...baseEnv(), ...config.env },
      stderr: 'pipe',
    });
    const client = new Client({ name: 'mcpb-test', version: '1.0.0' });
    try {
      await client.connect(transport);
      const { tools: listed } = await client.listTools();
      expect(listed.map((tool) => tool.name)).toEqual(
        tools.filter((tool) => tool.annotations.readOnlyHint).map((tool) => tool.name),
      );
      const history = await client.callTool({ name: 'get_history', arguments: { limit: 3 } });
      expect(history.isError).toBeFalsy();
    } finally {
      await client.close();
    }
  });
});

describe('mcp.json.example', () => {
  it('is valid JSON with one server whose env sets only variables the CLI knows', () => {
    const example = read('mcp.json.example') as {
      mcpServers: Record<string, { command: string; args: string[]; env: Record<string, string> }>;
    };
    const servers = Object.values(example.mcpServers);
    expect(servers).toHaveLength(1);
    for (const server of servers) {
      expect(typeof server.command).toBe('string');
      expect(Array.isArray(server.args)).toBe(true);
      for (const name of Object.keys(server.env)) expect(known).toContain(name);
      // The placeholder key is well-formed, so a client started with it fails on Krastie's 401 (with
      // the 30-day advice) instead of refusing to start.
      expect(accepted('KRASTIE_API_KEY', server.env.KRASTIE_API_KEY ?? '')).toBe(true);
    }
  });
});

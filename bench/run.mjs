// `npm run bench`: start-up, per-call cost, memory, context-window size, result sizes and install
// footprint of krastie-mcp, measured in ONE interleaved run against two reference servers (a minimal
// @modelcontextprotocol/sdk server and a hand-written no-SDK floor), so the ratios hold on a noisy,
// shared machine. Prints a table, then one JSON line (prefixed BENCH_JSON). Not part of `npm test`.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const CLI = path.join(root, 'dist/cli.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const CALLS = Number(process.env.BENCH_CALLS ?? 3000);
const KEY = 'krastie_sim_enterprise';
/** The four tools the server started with; their part of tools/list has its own aim (≤ 6 KB). */
const FIRST_FOUR_TOOLS = ['run_visibility_report', 'get_history', 'improve_content', 'chat_with_workspace'];

/** A JSON-RPC client over a child's stdio: no SDK on the measuring side, so it adds little noise. */
class RpcProcess {
  constructor(command, args, env = {}) {
    this.child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    this.pending = new Map();
    this.nextId = 1;
    this.buffer = '';
    this.stderr = '';
    this.child.stderr.on('data', (chunk) => {
      this.stderr += chunk;
    });
    this.child.stdout.on('data', (chunk) => {
      this.buffer += chunk;
      let newline = this.buffer.indexOf('\n');
      while (newline >= 0) {
        const line = this.buffer.slice(0, newline);
        this.buffer = this.buffer.slice(newline + 1);
        const message = JSON.parse(line);
        const waiter = this.pending.get(message.id);
        if (waiter) {
          this.pending.delete(message.id);
          waiter(message);
        }
        newline = this.buffer.indexOf('\n');
      }
    });
  }

  request(method, params) {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
    });
  }

  notify(method) {
    this.child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method })}\n`);
  }

  async handshake() {
    await this.request('initialize', {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'bench', version: '1.0.0' },
    });
    this.notify('notifications/initialized');
    return this.request('tools/list', {});
  }

  /** CPU seconds (user + system) the process has used, from /proc. */
  cpuSeconds() {
    const fields = readFileSync(`/proc/${this.child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  }

  /** Current and peak resident memory in MB, from /proc. */
  memory() {
    const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    const kb = (name) => Number(status.match(new RegExp(`${name}:\\s+(\\d+)`))?.[1] ?? 0);
    return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
  }

  async close() {
    this.child.kill();
    await new Promise((resolve) => this.child.once('exit', resolve));
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

async function startSimulator() {
  const child = spawn(process.execPath, [CLI, 'simulate', '--port', '0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const url = await new Promise((resolve, reject) => {
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      const match = stderr.match(/listening on (http:\/\/\S+)/);
      if (match) resolve(match[1]);
    });
    child.once('exit', () => reject(new Error(`simulator exited: ${stderr}`)));
  });
  return { url, close: () => child.kill() };
}

const subjects = (simulatorUrl) => ({
  'krastie-mcp': [process.execPath, [CLI], { KRASTIE_API_KEY: KEY, KRASTIE_BASE_URL: simulatorUrl }],
  // The first start after an install or upgrade, before the code cache exists.
  'krastie-mcp, no code cache': [
    process.execPath,
    [CLI],
    { KRASTIE_API_KEY: KEY, KRASTIE_BASE_URL: simulatorUrl, NODE_DISABLE_COMPILE_CACHE: '1' },
  ],
  'minimal SDK server': [process.execPath, [path.join(root, 'bench/minimal-sdk-server.mjs')], {}],
  'no-SDK floor': [process.execPath, [path.join(root, 'bench/floor-server.mjs')], {}],
});

async function coldStart(subjectsByName) {
  const names = Object.keys(subjectsByName);
  const times = Object.fromEntries(names.map((name) => [name, []]));
  for (let run = 0; run < RUNS; run++) {
    // Run i of every subject back to back, rotating the order so none always goes first.
    for (let k = 0; k < names.length; k++) {
      const name = names[(run + k) % names.length];
      const [command, args, env] = subjectsByName[name];
      const started = performance.now();
      const server = new RpcProcess(command, args, env);
      await server.handshake();
      times[name].push(performance.now() - started);
      await server.close();
    }
  }
  return Object.fromEntries(names.map((name) => [name, median(times[name])]));
}

/** Steady state: each server first answers this many calls (JIT, first connection to Krastie), unmeasured. */
const WARM_UP_CALLS = 500;

async function callLoad(server, call, concurrency) {
  for (let i = 0; i < WARM_UP_CALLS; i++) await call();
  const latencies = [];
  let next = 0;
  const cpuBefore = server.cpuSeconds();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < CALLS) {
        next++;
        const t = performance.now();
        const response = await call();
        if (response.error || response.result?.isError)
          throw new Error(JSON.stringify(response).slice(0, 300));
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    callsPerSecond: CALLS / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    cpuMsPerCall: ((server.cpuSeconds() - cpuBefore) * 1000) / CALLS,
  };
}

async function calls(subjectsByName) {
  const ours = new RpcProcess(...subjectsByName['krastie-mcp']);
  const minimal = new RpcProcess(...subjectsByName['minimal SDK server']);
  await ours.handshake();
  await minimal.handshake();
  const history = () => ours.request('tools/call', { name: 'get_history', arguments: {} });
  const echo = () => minimal.request('tools/call', { name: 'echo', arguments: { text: 'hello' } });
  const result = {};
  for (const concurrency of [1, 50]) {
    // Interleaved: ours, then the reference, at the same concurrency.
    result[`c${concurrency}`] = {
      ours: await callLoad(ours, history, concurrency),
      minimal: await callLoad(minimal, echo, concurrency),
    };
  }
  await ours.close();
  await minimal.close();
  // The same calls with the read cache off: every one goes to Krastie (the simulator) and back.
  const [command, args, env] = subjectsByName['krastie-mcp'];
  const uncached = new RpcProcess(command, args, { ...env, KRASTIE_CACHE_TTL_MS: '0' });
  await uncached.handshake();
  result.uncachedC1 = await callLoad(
    uncached,
    () => uncached.request('tools/call', { name: 'get_history', arguments: {} }),
    1,
  );
  await uncached.close();
  result.memory = await memory(subjectsByName['krastie-mcp'], 'get_history', {});
  result.minimalMemory = await memory(subjectsByName['minimal SDK server'], 'echo', { text: 'hello' });
  return result;
}

/** Resident memory of a fresh server: after start-up, and after 5,000 calls of one tool, one at a time. */
async function memory(subject, tool, args) {
  const server = new RpcProcess(...subject);
  await server.handshake();
  const atStart = server.memory();
  for (let i = 0; i < 5000; i++) await server.request('tools/call', { name: tool, arguments: args });
  const after5000 = server.memory();
  await server.close();
  return { atStart, after5000 };
}

async function sizes(simulatorUrl) {
  const server = new RpcProcess(process.execPath, [CLI], {
    KRASTIE_API_KEY: KEY,
    KRASTIE_BASE_URL: simulatorUrl,
  });
  const init = await server.request('initialize', {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'bench', version: '1.0.0' },
  });
  server.notify('notifications/initialized');
  const { tools } = (await server.request('tools/list', {})).result;
  const bytes = (value) => Buffer.byteLength(typeof value === 'string' ? value : JSON.stringify(value));
  const textOf = (response) => response.result.content.map((c) => c.text).join('\n');

  const report = await server.request('tools/call', {
    name: 'run_visibility_report',
    arguments: { refresh: true },
  });
  const rawReport = await (
    await fetch(`${simulatorUrl}/v1/ai/generate/seo-site-report`, { headers: { 'api-key': KEY } })
  ).text();
  const history = await server.request('tools/call', { name: 'get_history', arguments: { limit: 90 } });
  const rawHistoryBody = await (
    await fetch(`${simulatorUrl}/v1/ai/generate/seo-site-report/history`, { headers: { 'api-key': KEY } })
  ).json();
  await server.close();
  const rawHistory90 = JSON.stringify({ ...rawHistoryBody, data: rawHistoryBody.data.slice(-90) });
  return {
    toolsList: {
      bytes: bytes({ tools }),
      firstFourTools: bytes({ tools: tools.filter((t) => FIRST_FOUR_TOOLS.includes(t.name)) }),
      perTool: Object.fromEntries(tools.map((t) => [t.name, bytes(t)])),
    },
    instructionsBytes: bytes(init.result.instructions ?? ''),
    report: {
      textChars: textOf(report).length,
      structuredBytes: bytes(report.result.structuredContent),
      rawBytes: bytes(rawReport),
    },
    history90: {
      textChars: textOf(history).length,
      structuredBytes: bytes(history.result.structuredContent),
      rawBytes: bytes(rawHistory90),
    },
  };
}

function installFootprint() {
  const work = mkdtempSync(path.join(tmpdir(), 'krastie-bench-'));
  try {
    const [packed] = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--pack-destination', work, '--ignore-scripts'], {
        cwd: root,
        encoding: 'utf8',
      }),
    );
    const tarball = path.join(work, packed.filename);
    const project = path.join(work, 'project');
    execFileSync('mkdir', ['-p', project]);
    writeFileSync(
      path.join(project, 'package.json'),
      '{"name":"bench-install","version":"1.0.0","private":true}',
    );
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], {
      cwd: project,
      stdio: 'ignore',
    });
    const modules = path.join(project, 'node_modules');
    const installedBytes = Number(execFileSync('du', ['-sb', modules], { encoding: 'utf8' }).split('\t')[0]);
    const packages = readdirSync(modules).flatMap((entry) =>
      entry.startsWith('@') ? readdirSync(path.join(modules, entry)) : entry.startsWith('.') ? [] : [entry],
    ).length;
    return { tarballBytes: statSync(tarball).size, installedBytes, packages, files: packed.files.length };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const ms = (value) => `${value.toFixed(1)} ms`;

const simulator = await startSimulator();
try {
  const byName = subjects(simulator.url);
  const start = await coldStart(byName);
  const load = await calls(byName);
  const size = await sizes(simulator.url);
  const install = installFootprint();

  const ratios = {
    coldStart: start['krastie-mcp'] / start['minimal SDK server'],
    floor: start['no-SDK floor'] / start['minimal SDK server'],
    cpuPerCall: load.c1.ours.cpuMsPerCall / load.c1.minimal.cpuMsPerCall,
    cpuPerCallC50: load.c50.ours.cpuMsPerCall / load.c50.minimal.cpuMsPerCall,
    reportTextOfRaw: size.report.textChars / size.report.rawBytes,
  };
  const targets = {
    'cold start ≤ 0.5× minimal SDK server': ratios.coldStart <= 0.5,
    'server CPU per get_history call ≤ 2× minimal echo (one call at a time)': ratios.cpuPerCall <= 2,
    'RSS after 5,000 calls ≤ 90 MB': load.memory.after5000.rss <= 90,
    'tools/list ≤ 16 KB': size.toolsList.bytes <= 16 * 1024,
    'report text ≤ 2,500 chars and ≤ 15 % of raw JSON':
      size.report.textChars <= 2500 && ratios.reportTextOfRaw <= 0.15,
    'npx install ≤ 35 MB': install.installedBytes <= 35 * 1024 * 1024,
  };

  const rows = [
    ['cold start (spawn → tools/list), median', ''],
    ...Object.entries(start).map(([name, value]) => [
      `  ${name}`,
      `${ms(value)}  (${(value / start['minimal SDK server']).toFixed(2)}×)`,
    ]),
    ['get_history vs echo, concurrency 1', ''],
    [
      '  calls/s',
      `${load.c1.ours.callsPerSecond.toFixed(0)} vs ${load.c1.minimal.callsPerSecond.toFixed(0)}`,
    ],
    [
      '  p50 / p99',
      `${ms(load.c1.ours.p50)} / ${ms(load.c1.ours.p99)} vs ${ms(load.c1.minimal.p50)} / ${ms(load.c1.minimal.p99)}`,
    ],
    [
      '  server CPU per call',
      `${load.c1.ours.cpuMsPerCall.toFixed(3)} ms vs ${load.c1.minimal.cpuMsPerCall.toFixed(3)} ms (${ratios.cpuPerCall.toFixed(2)}×)`,
    ],
    [
      '  get_history, read cache off (each call to Krastie)',
      `${load.uncachedC1.cpuMsPerCall.toFixed(3)} ms CPU, p50 ${ms(load.uncachedC1.p50)}`,
    ],
    ['get_history vs echo, concurrency 50', ''],
    [
      '  calls/s',
      `${load.c50.ours.callsPerSecond.toFixed(0)} vs ${load.c50.minimal.callsPerSecond.toFixed(0)}`,
    ],
    [
      '  p50 / p99',
      `${ms(load.c50.ours.p50)} / ${ms(load.c50.ours.p99)} vs ${ms(load.c50.minimal.p50)} / ${ms(load.c50.minimal.p99)}`,
    ],
    [
      '  server CPU per call',
      `${load.c50.ours.cpuMsPerCall.toFixed(3)} ms vs ${load.c50.minimal.cpuMsPerCall.toFixed(3)} ms (${ratios.cpuPerCallC50.toFixed(2)}×)`,
    ],
    ['memory (krastie-mcp; the minimal SDK server after 5,000 echo calls for comparison)', ''],
    [
      '  RSS / peak at start',
      `${load.memory.atStart.rss.toFixed(1)} / ${load.memory.atStart.peak.toFixed(1)} MB`,
    ],
    [
      '  RSS / peak after 5,000 calls',
      `${load.memory.after5000.rss.toFixed(1)} / ${load.memory.after5000.peak.toFixed(1)} MB (minimal: ${load.minimalMemory.atStart.rss.toFixed(1)} → ${load.minimalMemory.after5000.rss.toFixed(1)} MB)`,
    ],
    ['context window', ''],
    [
      '  tools/list',
      `${size.toolsList.bytes} bytes (${Object.keys(size.toolsList.perTool).length} tools); the first four ${size.toolsList.firstFourTools} bytes`,
    ],
    ...Object.entries(size.toolsList.perTool).map(([name, value]) => [`    ${name}`, `${value} bytes`]),
    ['  instructions', `${size.instructionsBytes} bytes`],
    ['result sizes', ''],
    [
      '  run_visibility_report text / structured / raw',
      `${size.report.textChars} chars / ${size.report.structuredBytes} / ${size.report.rawBytes} bytes (text ${(ratios.reportTextOfRaw * 100).toFixed(1)} % of raw)`,
    ],
    [
      '  get_history (90 points) text / structured / raw',
      `${size.history90.textChars} chars / ${size.history90.structuredBytes} / ${size.history90.rawBytes} bytes`,
    ],
    ['install (npx krastie-mcp)', ''],
    [
      '  tarball / installed / packages',
      `${mb(install.tarballBytes)} / ${mb(install.installedBytes)} / ${install.packages} (${install.files} files)`,
    ],
    ['targets', ''],
    ...Object.entries(targets).map(([name, met]) => [`  ${met ? 'met ' : 'MISS'} ${name}`, '']),
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  console.log(
    `krastie-mcp benchmark: ${RUNS} interleaved start-up runs, ${CALLS} calls per load, node ${process.version}`,
  );
  for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value}`);
  console.log(
    `BENCH_JSON ${JSON.stringify({ node: process.version, runs: RUNS, calls: CALLS, coldStartMs: start, ratios, load, size, install, targets })}`,
  );
  process.exitCode = Object.values(targets).every(Boolean) ? 0 : 1;
} finally {
  simulator.close();
}

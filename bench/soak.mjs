// Soak test: 100,000 tool calls through ONE server process over stdio against the simulator, checking
// that the server's memory and open handles stay flat. Mostly free reads (get_history and others), some
// credit-spending calls with the enterprise key (unlimited credits). The read cache is off, so every call
// takes the whole path: stdio → tool → HTTP → simulator.
//
// It prints the server's RSS (VmRSS from /proc/<pid>/status) and open file descriptors (/proc/<pid>/fd)
// after a warm-up and at the end, the growth in % between the two, and a reading every 10,000 calls so
// the whole curve shows. Exit 0 when both grow by at most 5 % and every call got exactly one answer.
//
// The warm-up is the first 20,000 calls (a fifth of the run). Measured here, RSS climbs ~7 % between
// 5,000 and 25,000 calls — V8 optimising the code paths of fourteen tools and glibc's per-thread malloc
// arenas filling — and is flat from then on (the JS heap after GC stays at ~12 MB throughout); a
// warm-up that ends before that plateau would report start-up, not growth.
//
// How it reads them, so the figures measure what the server keeps rather than when V8 last collected:
// each reading waits until calls and idle keep-alive connections have ended (6 s: pooled sockets are not
// leaks), then asks the server for a full garbage collection four times, a second apart, and keeps the
// lowest RSS. The server's code runs unchanged; only Node flags add --expose-gc and a SIGUSR2 handler
// that calls gc() and reports the JS heap on stderr (printed beside RSS).
//
//   npm run bench:soak                        builds, then runs this
//   SOAK_CALLS=20000 node bench/soak.mjs      a shorter run (SOAK_WINDOW: calls in flight, default 16)
//   SOAK_WARM_UP=5000                         a different warm-up (default 20,000 calls)
//   SOAK_CACHE_TTL_MS=30000                   soak with the read cache on, as configured by default
//   SOAK_RAW_RSS=1                            plain RSS, no forced GC (V8's lazy collection adds 10-30 % noise)
//   SOAK_MALLOC_ARENA_MAX=1                   glibc malloc arenas capped, to tell arena growth from a leak
//   SOAK_NODE_FLAGS="..."                     extra Node flags for the server process
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'dist/cli.js');
const TOTAL = Number(process.env.SOAK_CALLS ?? 100_000);
const WARM_UP = Math.min(Number(process.env.SOAK_WARM_UP ?? 20_000), Math.floor(TOTAL / 2));
const WINDOW = Number(process.env.SOAK_WINDOW ?? 16);
const TARGET_PERCENT = 5;
const KEY = 'krastie_sim_enterprise';
const RAW_RSS = Boolean(process.env.SOAK_RAW_RSS);
/** Longer than the simulator's keep-alive timeout (5 s), so idle pooled connections have closed. */
const IDLE_MS = 6_000;
/** On SIGUSR2: a full collection, then the JS heap figures on stderr (stdout stays the protocol's). */
const GC_ON_SIGNAL = `data:text/javascript,${encodeURIComponent(
  [
    "process.on('SIGUSR2', () => {",
    '  globalThis.gc?.();',
    '  const { heapUsed, external } = process.memoryUsage();',
    "  process.stderr.write('soak-heap ' + heapUsed + ' ' + external + '\\n');",
    '});',
  ].join('\n'),
)}`;
const GC_READINGS = 4;
/** Node flags for the server process (SOAK_NODE_FLAGS adds more, e.g. to try other V8 heap settings). */
const NODE_FLAGS = [
  ...(RAW_RSS ? [] : ['--expose-gc', `--import=${GC_ON_SIGNAL}`]),
  ...(process.env.SOAK_NODE_FLAGS?.split(' ').filter(Boolean) ?? []),
];

if (process.platform !== 'linux') fail('the soak reads /proc/<pid>; it runs on Linux only');
if (!existsSync(cli))
  fail('dist/cli.js is missing: run `node scripts/build.mjs` first (npm run bench:soak does)');

const children = [];
process.on('exit', () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

const simulator = await startSimulator();
const server = startServer(simulator.url);
try {
  const initialized = await server.request('initialize', {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'krastie-soak', version: '1.0.0' },
  });
  if (initialized.error) throw new Error(`initialize failed: ${initialized.error.message}`);
  server.notify('notifications/initialized');

  const started = performance.now();
  await pump(0, WARM_UP);
  const warm = await sample(server.pid);
  console.log(`warm-up after ${WARM_UP.toLocaleString('en')} calls: ${describe(warm)}`);
  // A reading every 10,000 calls: a steady climb (a leak) looks different from a plateau.
  const step = 10_000;
  for (let from = WARM_UP; from < TOTAL; from = Math.min(TOTAL, from + step)) {
    await pump(from, Math.min(TOTAL, from + step));
    console.log(
      `  after ${Math.min(TOTAL, from + step).toLocaleString('en')}: ${describe(await sample(server.pid))}`,
    );
  }
  const end = await sample(server.pid);
  const seconds = (performance.now() - started) / 1000;
  console.log(`end after ${TOTAL.toLocaleString('en')} calls:   ${describe(end)}`);

  const rssGrowth = growth(warm.rssKb, end.rssKb);
  const fdGrowth = growth(warm.fds, end.fds);
  const { answered, duplicates, protocolErrors, toolErrors } = server.stats;
  console.log(
    `calls: ${TOTAL.toLocaleString('en')} in ${seconds.toFixed(1)} s (${Math.round(TOTAL / seconds)}/s); ` +
      `answered ${answered.toLocaleString('en')}, duplicate answers ${duplicates}, ` +
      `JSON-RPC errors ${protocolErrors}, tool errors ${toolErrors}`,
  );
  console.log(`credits spent at the simulator: ${(await simulator.credits()).toLocaleString('en')}`);
  const heapGrowth =
    warm.heap && end.heap ? `, JS heap ${formatPercent(growth(warm.heap.used, end.heap.used))}` : '';
  console.log(
    `growth: RSS ${formatPercent(rssGrowth)}, open handles ${formatPercent(fdGrowth)} (target ≤ ${TARGET_PERCENT} %)${heapGrowth}`,
  );
  const problems = [];
  if (rssGrowth > TARGET_PERCENT) problems.push(`RSS grew ${formatPercent(rssGrowth)}`);
  if (fdGrowth > TARGET_PERCENT) problems.push(`open handles grew ${formatPercent(fdGrowth)}`);
  if (answered !== TOTAL + 1 || duplicates > 0) problems.push('not every call got exactly one answer');
  if (protocolErrors > 0) problems.push(`${protocolErrors} JSON-RPC errors`);
  if (server.badLines > 0) problems.push(`${server.badLines} stdout lines were not JSON-RPC`);
  if (/unhandled rejection/i.test(server.stderr())) problems.push('an unhandled rejection was logged');
  console.log(problems.length === 0 ? 'PASS' : `FAIL: ${problems.join('; ')}`);
  process.exitCode = problems.length === 0 ? 0 : 1;
} catch (error) {
  console.error(`soak failed: ${error instanceof Error ? error.message : String(error)}`);
  console.error(server.stderr().slice(-2_000));
  process.exitCode = 1;
} finally {
  await server.stop();
  await simulator.stop();
}

/** Sends calls number `from` … `to - 1`, keeping WINDOW in flight, and waits for all their answers. */
async function pump(from, to) {
  let next = from;
  const worker = async () => {
    while (next < to) {
      const index = next++;
      const [name, args] = callFor(index);
      await server.request('tools/call', { name, arguments: args });
    }
  };
  await Promise.all(Array.from({ length: WINDOW }, worker));
}

/** The mix: 85 % free reads (70 % get_history), 15 % credit-spending calls. */
function callFor(index) {
  switch (index % 20) {
    case 0:
      return ['generate_content', { prompt: `Write tagline number ${index} for an outdoor shop.` }];
    case 1:
      return ['improve_content', { content: `Our boots is good (${index}).`, kind: 'readability' }];
    case 2:
      return ['chat_with_workspace', { message: `Which page should I update first? (${index})` }];
    case 3:
      return ['get_workspace_context', {}];
    case 4:
      return ['list_brand_voices', {}];
    case 5:
      return ['get_latest_report', {}];
    default:
      return ['get_history', { limit: (index % 60) + 1 }];
  }
}

/** Waits until the server is idle, then reads its resident memory and open descriptors. */
async function sample(pid) {
  // (reads the module-level server for the heap figures its SIGUSR2 handler reports)
  await sleep(IDLE_MS);
  const fds = readdirSync(`/proc/${pid}/fd`).length;
  const readings = [];
  const heapBefore = server.heapReports;
  for (let i = 0; i < (RAW_RSS ? 1 : GC_READINGS); i++) {
    if (!RAW_RSS) {
      process.kill(pid, 'SIGUSR2');
      // V8 returns freed pages to the OS in the background, within about a second of a full collection.
      await sleep(1_000);
    }
    readings.push(readStatus(pid));
  }
  const rssKb = Math.min(...readings.map((r) => r.rssKb));
  const heap = server.heapReports > heapBefore ? server.lastHeap : undefined;
  return { rssKb, hwmKb: readings.at(-1).hwmKb, fds, heap };
}

function readStatus(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rssKb: kb('VmRSS'), hwmKb: kb('VmHWM') };
}

function describe({ rssKb, hwmKb, fds, heap }) {
  const mb = (bytes) => (bytes / 1024 / 1024).toFixed(1);
  const js = heap ? `, JS heap after GC ${mb(heap.used)} MB (+${mb(heap.external)} MB external)` : '';
  return `RSS ${(rssKb / 1024).toFixed(1)} MB (peak ${(hwmKb / 1024).toFixed(1)} MB)${js}, open handles ${fds}`;
}

function growth(before, after) {
  return ((after - before) / before) * 100;
}

function formatPercent(value) {
  return `${value >= 0 ? '+' : ''}${value.toFixed(1)} %`;
}

/** `krastie-mcp simulate --port 0` prints its URL on stderr. */
async function startSimulator() {
  const child = spawn(process.execPath, [cli, 'simulate', '--port', '0', '--host', '127.0.0.1'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`simulator did not start: ${stderr}`)), 10_000);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`simulator exited (${code}): ${stderr}`)));
  });
  return {
    url,
    async credits() {
      const stats = await (await fetch(`${url}/__simulator/stats`)).json();
      return creditsIn(stats);
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

/** The enterprise account's AI credits from the simulator's stats ({ credits: { [key]: n } }). */
function creditsIn(stats) {
  return stats?.credits?.[KEY] ?? Number.NaN;
}

/** The built server over stdio, spoken to in raw JSON-RPC lines. */
function startServer(baseUrl) {
  const child = spawn(process.execPath, [...NODE_FLAGS, cli], {
    env: {
      PATH: process.env.PATH ?? '',
      KRASTIE_API_KEY: KEY,
      KRASTIE_BASE_URL: baseUrl,
      KRASTIE_LOG_LEVEL: 'warning',
      KRASTIE_TIMEOUT_MS: '30000',
      // The read cache is off by default so every call takes the whole path (stdio → tool → HTTP →
      // simulator); SOAK_CACHE_TTL_MS=30000 soaks the default configuration instead.
      KRASTIE_CACHE_TTL_MS: process.env.SOAK_CACHE_TTL_MS ?? '0',
      ...(process.env.SOAK_MALLOC_ARENA_MAX ? { MALLOC_ARENA_MAX: process.env.SOAK_MALLOC_ARENA_MAX } : {}),
    },
  });
  children.push(child);
  const waiting = new Map();
  const stats = { answered: 0, duplicates: 0, protocolErrors: 0, toolErrors: 0 };
  const seen = new Set();
  let badLines = 0;
  let pending = '';
  let stderr = '';
  let nextId = 1;
  child.stderr.setEncoding('utf8');
  let heapReports = 0;
  let lastHeap;
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-20_000);
    for (const match of chunk.matchAll(/^soak-heap (\d+) (\d+)$/gm)) {
      heapReports++;
      lastHeap = { used: Number(match[1]), external: Number(match[2]) };
    }
  });
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk) => {
    pending += chunk;
    let newline = pending.indexOf('\n');
    while (newline !== -1) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
      let message;
      try {
        message = JSON.parse(line);
      } catch {
        badLines++;
        continue;
      }
      if (message?.jsonrpc !== '2.0') badLines++;
      if (message.id === undefined || message.method !== undefined) continue;
      if (seen.has(message.id)) {
        stats.duplicates++;
        continue;
      }
      seen.add(message.id);
      stats.answered++;
      if (message.error) stats.protocolErrors++;
      else if (message.result?.isError) {
        stats.toolErrors++;
        if (stats.toolErrors <= 3)
          console.error(`tool error: ${JSON.stringify(message.result).slice(0, 300)}`);
      }
      const resolve = waiting.get(message.id);
      waiting.delete(message.id);
      resolve?.(message);
    }
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  void exited.then((code) => {
    for (const [id, resolve] of waiting) {
      waiting.delete(id);
      resolve({ error: { message: `server exited (${code})` } });
    }
  });
  child.stdin.on('error', () => {});
  const write = (message) => child.stdin.write(`${JSON.stringify(message)}\n`);
  return {
    pid: child.pid,
    stats,
    get heapReports() {
      return heapReports;
    },
    get lastHeap() {
      return lastHeap;
    },
    get badLines() {
      return badLines;
    },
    stderr: () => stderr,
    request(method, params) {
      if (child.exitCode !== null || child.signalCode !== null) {
        return Promise.resolve({
          error: { message: `server exited (${child.exitCode ?? child.signalCode})` },
        });
      }
      const id = nextId++;
      const answer = new Promise((resolve) => waiting.set(id, resolve));
      write({ jsonrpc: '2.0', id, method, params });
      return answer;
    },
    notify(method) {
      write({ jsonrpc: '2.0', method });
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.stdin.end();
      await exited;
    },
  };
}

function fail(message) {
  console.error(`soak: ${message}`);
  process.exit(1);
}

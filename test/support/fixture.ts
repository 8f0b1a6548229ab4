/**
 * The shared set-up of the end-to-end tests: a Krastie simulator, and the built server connected to it
 * over stdio, started once per describe block, closed after it, and the simulator reset before each test.
 *
 *   const ctx = useServer();
 *   it('…', async () => {
 *     const result = await ctx.server.call('get_history');
 *     expect(ctx.sim.requestCount()).toBe(1);
 *   });
 *
 * The returned object's getters give the live instances once the describe block's beforeAll has run.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import {
  type SeededKeys,
  type Simulator,
  type SimulatorOptions,
  startSimulator,
} from '../../src/simulator/index.js';
import { type RunningServer, startServer } from './server.js';

export interface SimulatorFixtureOptions {
  simulator?: SimulatorOptions;
  /** sim.reset() before each test; default true. */
  reset?: boolean;
}

export interface ServerFixtureOptions extends SimulatorFixtureOptions {
  /** The seeded key the server runs with (KRASTIE_API_KEY); default 'business'. */
  key?: keyof SeededKeys;
  /** Extra environment for the server. */
  env?: Record<string, string>;
  /** Extra command-line arguments for the server. */
  args?: string[];
}

export interface SimulatorContext {
  readonly sim: Simulator;
}

export interface ServerContext extends SimulatorContext {
  readonly server: RunningServer;
}

/** A simulator for the enclosing describe block; tests start their own servers against it. */
export function useSimulator(options: SimulatorFixtureOptions = {}): SimulatorContext {
  return useFixture(options, false);
}

/** A simulator and the built server running against it, for the enclosing describe block. */
export function useServer(options: ServerFixtureOptions = {}): ServerContext {
  return useFixture(options, true);
}

function useFixture(options: ServerFixtureOptions, withServer: boolean): ServerContext {
  let sim: Simulator | undefined;
  let server: RunningServer | undefined;
  beforeAll(async () => {
    sim = await startSimulator(options.simulator);
    if (withServer) {
      server = await startServer({
        baseUrl: sim.url,
        apiKey: sim.keys[options.key ?? 'business'],
        ...(options.env === undefined ? {} : { env: options.env }),
        ...(options.args === undefined ? {} : { args: options.args }),
      });
    }
  });
  afterAll(async () => {
    await server?.close();
    await sim?.close();
  });
  if (options.reset ?? true) beforeEach(() => running(sim, 'sim').reset());
  return {
    get sim() {
      return running(sim, 'sim');
    },
    get server() {
      return running(server, 'server');
    },
  };
}

function running<T>(value: T | undefined, name: string): T {
  if (value === undefined)
    throw new Error(`${name} is not running: use it in a test or hook of the describe block that set it up`);
  return value;
}

/** A brand voice as the Krastie API returns it. */
export interface Voice {
  id: string;
  name: string;
  description: string;
  tone: string;
  createdAt: string;
}

/** The brand voices the simulator holds for a key now; after sim.reset(), the two seeded ones. */
export async function brandVoices(sim: Simulator, key: keyof SeededKeys = 'business'): Promise<Voice[]> {
  return simulatorData<Voice[]>(sim, '/v1/ai/brand-voice', key);
}

/** The first seeded brand voice (of a freshly started or reset simulator). */
export async function firstBrandVoice(sim: Simulator, key: keyof SeededKeys = 'business'): Promise<Voice> {
  const [first] = await brandVoices(sim, key);
  if (!first) throw new Error(`the simulator holds no brand voice for the ${key} key`);
  return first;
}

/** One brand voice as the simulator stores it. */
export async function storedBrandVoice(
  sim: Simulator,
  id: string,
  key: keyof SeededKeys = 'business',
): Promise<Voice> {
  return simulatorData<Voice>(sim, `/v1/ai/brand-voice/${id}`, key);
}

/** GETs a path from the simulator directly (not through the server) and returns its `data`. */
async function simulatorData<T>(sim: Simulator, path: string, key: keyof SeededKeys): Promise<T> {
  const response = await fetch(`${sim.url}${path}`, { headers: { 'api-key': sim.keys[key] } });
  if (!response.ok) throw new Error(`GET ${path}: the simulator answered ${response.status}`);
  return ((await response.json()) as { data: T }).data;
}

/** Shared helpers for the unit tests: a MockAgent that records every call, and promise settling. */
import { MockAgent } from 'undici';
import type { Logger } from '../../src/log.js';

export const ORIGIN = 'https://api.krastie.test';
export const API_KEY = 'krastie_unitTestKey_0123456789abcdef';

export interface MockSetup {
  agent: MockAgent;
  pool: ReturnType<MockAgent['get']>;
  /** Every dispatch that reached the agent, intercepted or not. */
  calls(): { method: string; path: string; headers: Record<string, string>; body: unknown }[];
}

export function mockKrastie(): MockSetup {
  const agent = new MockAgent({ enableCallHistory: true });
  agent.disableNetConnect();
  const pool = agent.get(ORIGIN);
  return {
    agent,
    pool,
    calls: () =>
      (agent.getCallHistory()?.calls() ?? []).map((log) => ({
        method: String(log.method),
        path: log.path,
        headers: (log.headers ?? {}) as Record<string, string>,
        body: log.body,
      })),
  };
}

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Attaches handlers at once (no unhandled rejection while fake time advances). */
export function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  );
}

/** Awaits a promise that must reject and returns the error. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  const result = await settle(promise);
  if (result.ok) throw new Error(`expected a rejection, got ${JSON.stringify(result.value)}`);
  return result.error;
}

export interface CapturedLogger extends Logger {
  lines: { level: string; message: string }[];
}

export function captureLogger(): CapturedLogger {
  const lines: { level: string; message: string }[] = [];
  const push = (level: string) => (message: string) => {
    lines.push({ level, message });
  };
  return { lines, debug: push('debug'), info: push('info'), warn: push('warn'), error: push('error') };
}

/** An Error with a Node-style `code`, as undici reports socket failures. */
export function codedError(code: string, message = code): Error {
  return Object.assign(new Error(message), { code });
}

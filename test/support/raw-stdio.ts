/**
 * The built CLI as a raw child process, spoken to in JSON-RPC lines without the SDK: for protocol abuse
 * (garbage, partial lines, huge messages), exact answer counting, signals and exit timing. Every stdout
 * line is parsed and checked to be a JSON-RPC 2.0 message; anything else is recorded in `badLines`.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { CLI } from './server.js';

export interface JsonRpcMessage {
  jsonrpc: '2.0';
  id?: string | number | null;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { code: number; message: string; data?: unknown };
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** performance.now() when the process exited. */
  at: number;
}

export interface RawServer {
  child: ChildProcessWithoutNullStreams;
  /** Every message the server wrote to stdout, in order. */
  messages: JsonRpcMessage[];
  /** Raw stdout text, exactly as written. */
  stdout(): string;
  /** Stdout lines that were not a JSON-RPC 2.0 message. */
  badLines: string[];
  stderr(): string;
  /** Writes text to stdin as is (no newline added). */
  write(text: string): void;
  send(message: unknown): void;
  /** Sends a request with a fresh numeric id and resolves with its response (rejects after `timeoutMs`). */
  request(method: string, params?: Record<string, unknown>, timeoutMs?: number): Promise<JsonRpcMessage>;
  /** Sends a request with the given id without waiting. */
  sendRequest(id: string | number, method: string, params?: Record<string, unknown>): void;
  /** How many responses carried this id. */
  answers(id: string | number): number;
  /** Resolves when this many responses in total have arrived (rejects after `timeoutMs`). */
  responses(count: number, timeoutMs?: number): Promise<void>;
  /** initialize + notifications/initialized. */
  initialize(): Promise<JsonRpcMessage>;
  exited: Promise<Exit>;
  /** Ends stdin and waits for the exit. */
  close(): Promise<Exit>;
}

export interface RawOptions {
  baseUrl: string;
  apiKey?: string;
  env?: Record<string, string>;
  args?: string[];
}

export function isJsonRpc(value: unknown): value is JsonRpcMessage {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const message = value as Record<string, unknown>;
  if (message.jsonrpc !== '2.0') return false;
  const hasId = typeof message.id === 'string' || typeof message.id === 'number' || message.id === null;
  const isResponse = hasId && 'result' in message !== 'error' in message;
  const isRequestOrNotification = typeof message.method === 'string';
  return isResponse || isRequestOrNotification;
}

export function startRaw(options: RawOptions): RawServer {
  const child = spawn(process.execPath, [CLI, ...(options.args ?? [])], {
    env: {
      PATH: process.env.PATH ?? '',
      KRASTIE_BASE_URL: options.baseUrl,
      ...(options.apiKey === undefined ? {} : { KRASTIE_API_KEY: options.apiKey }),
      ...options.env,
    },
  });
  const messages: JsonRpcMessage[] = [];
  const badLines: string[] = [];
  const counts = new Map<string | number, number>();
  const waiting = new Map<string | number, (message: JsonRpcMessage) => void>();
  const stdoutChunks: string[] = [];
  const stderrChunks: string[] = [];
  let pending = '';
  let responseTotal = 0;
  const onResponse: (() => void)[] = [];

  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    stdoutChunks.push(chunk);
    pending += chunk;
    let newline = pending.indexOf('\n');
    while (newline !== -1) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        badLines.push(line);
        continue;
      }
      if (!isJsonRpc(parsed)) {
        badLines.push(line);
        continue;
      }
      messages.push(parsed);
      if (parsed.id !== undefined && parsed.id !== null && parsed.method === undefined) {
        counts.set(parsed.id, (counts.get(parsed.id) ?? 0) + 1);
        responseTotal++;
        waiting.get(parsed.id)?.(parsed);
        waiting.delete(parsed.id);
        for (const check of onResponse) check();
      }
    }
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => stderrChunks.push(chunk));
  // A server that exits early makes writes fail with EPIPE; the test sees the exit instead.
  child.stdin.on('error', () => {});
  const exited = new Promise<Exit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal, at: performance.now() }));
  });

  let nextId = 1_000_000;
  const write = (text: string) => {
    if (!child.stdin.destroyed) child.stdin.write(text);
  };
  const send = (message: unknown) => write(`${JSON.stringify(message)}\n`);
  const sendRequest = (id: string | number, method: string, params?: Record<string, unknown>) =>
    send({ jsonrpc: '2.0', id, method, ...(params ? { params } : {}) });
  const request = (method: string, params?: Record<string, unknown>, timeoutMs = 20_000) => {
    const id = nextId++;
    const answer = new Promise<JsonRpcMessage>((resolve, reject) => {
      const timer = setTimeout(() => {
        const state = child.exitCode === null && child.signalCode === null ? 'still running' : 'exited';
        reject(new Error(`no answer to ${method} within ${timeoutMs} ms (the server is ${state})`));
      }, timeoutMs);
      waiting.set(id, (message) => {
        clearTimeout(timer);
        resolve(message);
      });
      void exited.then((exit) => {
        clearTimeout(timer);
        reject(new Error(`server exited (${exit.code ?? exit.signal}) before answering ${method}`));
      });
    });
    sendRequest(id, method, params);
    return answer;
  };

  return {
    child,
    messages,
    badLines,
    stdout: () => stdoutChunks.join(''),
    stderr: () => stderrChunks.join(''),
    write,
    send,
    request,
    sendRequest,
    answers: (id) => counts.get(id) ?? 0,
    responses(count, timeoutMs = 30_000) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`only ${responseTotal} of ${count} responses within ${timeoutMs} ms`)),
          timeoutMs,
        );
        const check = () => {
          if (responseTotal < count) return;
          clearTimeout(timer);
          resolve();
        };
        onResponse.push(check);
        check();
        void exited.then(() => {
          if (responseTotal < count) {
            clearTimeout(timer);
            reject(new Error(`server exited after ${responseTotal} of ${count} responses`));
          }
        });
      });
    },
    async initialize() {
      const answer = await request('initialize', {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: 'raw-stdio-tests', version: '1.0.0' },
      });
      send({ jsonrpc: '2.0', method: 'notifications/initialized' });
      return answer;
    },
    exited,
    async close() {
      child.stdin.end();
      return exited;
    },
  };
}

/** The text of a tools/call result (empty for an error response). */
export function resultText(message: JsonRpcMessage): string {
  const content = (message.result?.content ?? []) as { type: string; text?: string }[];
  return content.map((part) => part.text ?? '').join('\n');
}

/** What a route handler receives: the authenticated account, decoded params and the parsed body. */
import type { Account } from './accounts.js';
import type { SimResponse } from './responses.js';
import type { SimulatorState } from './state.js';
import type { Body } from './validate.js';

export interface HandlerContext {
  readonly account: Account;
  readonly params: Readonly<Record<string, string>>;
  /** Parsed JSON object; `{}` for an empty or multipart body. */
  readonly body: Body;
  readonly raw: Buffer;
  readonly contentType: string;
  readonly state: SimulatorState;
  now(): number;
  /** Waits `ms`; false when the client went away meanwhile (then nothing must be changed or charged). */
  wait(ms: number): Promise<boolean>;
}

/** Returns the response, or undefined when the client left and there is no one to answer. */
export type Handler = (ctx: HandlerContext) => SimResponse | undefined | Promise<SimResponse | undefined>;

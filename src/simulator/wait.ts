/**
 * Waiting that notices when it has become pointless. Every simulated delay (latency fault, report run,
 * slow drip, backpressure) ends early when the client hangs up or the simulator closes, so no timer
 * outlives a connection and `close()` returns at once.
 */
import type { ServerResponse } from 'node:http';

/** True when the response can no longer reach the client (or the simulator is closing). */
export function isGone(res: ServerResponse, lifetime: AbortSignal): boolean {
  return lifetime.aborted || res.destroyed || res.socket?.destroyed === true;
}

/**
 * Resolves true when `start`'s trigger fires (a timer, an event), or false as soon as the client goes
 * away or the simulator closes. `start` returns how to cancel its trigger.
 */
function until(res: ServerResponse, lifetime: AbortSignal, start: (done: () => void) => () => void) {
  return new Promise<boolean>((resolve) => {
    if (isGone(res, lifetime)) {
      resolve(false);
      return;
    }
    let stop = (): void => {};
    const finish = (value: boolean) => {
      stop();
      res.off('close', onClose);
      lifetime.removeEventListener('abort', onClose);
      resolve(value);
    };
    const onClose = () => finish(false);
    res.once('close', onClose);
    lifetime.addEventListener('abort', onClose, { once: true });
    stop = start(() => finish(!isGone(res, lifetime)));
  });
}

/** Resolves true after `ms`, or false as soon as the client goes away or the simulator closes. */
export function pause(ms: number, res: ServerResponse, lifetime: AbortSignal): Promise<boolean> {
  return until(res, lifetime, (done) => {
    const timer = setTimeout(done, ms);
    return () => clearTimeout(timer);
  });
}

/** Waits for the socket buffer to drain (backpressure); false if the client left meanwhile. */
export function drained(res: ServerResponse, lifetime: AbortSignal): Promise<boolean> {
  return until(res, lifetime, (done) => {
    res.once('drain', done);
    return () => res.off('drain', done);
  });
}

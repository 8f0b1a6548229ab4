/**
 * The keep-alive connection pool, in its own module so undici loads only with the first request.
 * It takes undici's Agent and its request() alone, put together as undici's own index does, rather
 * than the whole package, which would also bundle and load fetch, WebSocket, caching and mocking: that
 * halves undici's code and keeps ~20 MB out of memory.
 */
import type { Agent as AgentType } from 'undici';
// @ts-expect-error: undici publishes types for its index only; these are the modules behind it.
import request from 'undici/lib/api/api-request.js';
// @ts-expect-error: as above.
import AgentModule from 'undici/lib/dispatcher/agent.js';
// @ts-expect-error: as above.
import Dispatcher from 'undici/lib/dispatcher/dispatcher.js';

// What undici's index.js does (for request() and its siblings): give every dispatcher request().
Dispatcher.prototype.request = request;
const Agent = AgentModule as typeof AgentType;

export function createAgent(): AgentType {
  return new Agent({ keepAliveTimeout: 4_000, keepAliveMaxTimeout: 60_000, connections: 32 });
}

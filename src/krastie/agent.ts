/** The keep-alive connection pool, in its own module so undici loads only with the first request. */
import { Agent } from 'undici';

export function createAgent(): Agent {
  return new Agent({ keepAliveTimeout: 4_000, keepAliveMaxTimeout: 60_000, connections: 32 });
}

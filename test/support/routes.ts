import { type Endpoint, endpoints } from '../../src/krastie/endpoints.js';

/** The simulator's counter key for an endpoint, e.g. "POST /v1/ai/generate/chat". */
export function route(endpoint: Endpoint): string {
  return `${endpoint.method} ${endpoint.path}`;
}

export { endpoints };

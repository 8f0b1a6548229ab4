/**
 * The doctor's network checks: is the base URL reachable at all (any HTTP status will do), and does one
 * free read (GET report history) show that the key is accepted and the plan has API access.
 */
import { type Config, DEFAULT_BASE_URL } from '../config.js';
import { failureText } from '../errors.js';
import { KrastieError } from '../krastie/errors.js';
import { networkCode } from '../krastie/http.js';
import { silentLogger } from '../log.js';
import { createClient } from '../runtime.js';
import { VERSION } from '../version.js';
import { type Check, skipped } from './check.js';

export async function reachabilityCheck(baseUrl: string, timeoutMs: number, setBy?: string): Promise<Check> {
  const { createAgent } = await import('../krastie/agent.js');
  const agent = createAgent();
  const started = Date.now();
  const url = new URL(baseUrl);
  try {
    const response = await agent.request({
      origin: url.origin,
      path: url.pathname,
      method: 'GET',
      headers: { 'user-agent': `krastie-mcp/${VERSION} (doctor)` },
      signal: AbortSignal.timeout(timeoutMs),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    await response.body.dump();
    return {
      name: 'Reachable',
      status: 'pass',
      detail: `${url.host} answered (HTTP ${response.statusCode}) in ${Date.now() - started} ms`,
    };
  } catch (error) {
    return {
      name: 'Reachable',
      status: 'fail',
      detail: `no HTTP answer from ${url.host}: ${describeNetworkError(error, timeoutMs)}`,
      fix: setBy
        ? `Check ${setBy} (is that server running?), or unset it to use ${DEFAULT_BASE_URL}; then check the network, VPN, proxy or firewall.`
        : `Check the network connection, VPN, proxy or firewall: krastie-mcp needs to reach ${DEFAULT_BASE_URL}.`,
    };
  } finally {
    await agent.close().catch(() => {});
  }
}

/** One free read (GET report history) tells whether the key is accepted and the plan has API access. */
export async function keyChecks(config: Config): Promise<Check[]> {
  const client = createClient(config, config.apiKey, silentLogger);
  try {
    await client.getReportHistory();
    return [
      { name: 'Key accepted', status: 'pass', detail: 'Krastie accepted the key (a free read succeeded)' },
      { name: 'API access', status: 'pass', detail: 'the plan includes API access (Business or Enterprise)' },
    ];
  } catch (error) {
    if (!(error instanceof KrastieError)) throw error;
    return keyFailure(error);
  } finally {
    await client.close();
  }
}

function keyFailure(error: KrastieError): Check[] {
  const said = `Krastie answered ${error.status ?? 'with an error'}: ${error.message}`;
  const accepted: Check = { name: 'Key accepted', status: 'pass', detail: 'Krastie recognised the key' };
  switch (error.kind) {
    case 'auth':
      return [
        {
          name: 'Key accepted',
          status: 'fail',
          detail: said,
          fix:
            'The key is expired or wrong: Krastie keys expire 30 days after they are generated. Generate a new one in ' +
            "Krastie (account settings → API), set it as KRASTIE_API_KEY in your MCP client's config and restart the client.",
        },
        skipped('API access', 'needs an accepted key'),
      ];
    case 'plan':
      return [
        accepted,
        {
          name: 'API access',
          status: 'fail',
          detail: said,
          fix:
            'The Krastie API needs a Business or Enterprise plan. Upgrade in Krastie billing settings, or use a key ' +
            'from a workspace on one of those plans.',
        },
      ];
    case 'credits':
      return [
        accepted,
        {
          name: 'API access',
          status: 'pass',
          detail:
            `API access works, but the monthly credits or limits are used up (${said}). Free reads work; ` +
            'credit-spending tools fail until the monthly reset or an upgrade.',
        },
      ];
    case 'not_found':
      return [
        {
          name: 'Key accepted',
          status: 'fail',
          detail: `${said}. The base URL does not look like the Krastie API`,
          fix: `Check KRASTIE_BASE_URL (unset it to use ${DEFAULT_BASE_URL}).`,
        },
        skipped('API access', 'needs an accepted key'),
      ];
    default:
      return [
        {
          name: 'Key accepted',
          status: 'fail',
          detail: failureText(error, { effect: 'read' }),
          fix: 'Krastie could not answer the check: run krastie-mcp doctor again in a minute.',
        },
        skipped('API access', 'needs an accepted key'),
      ];
  }
}

function describeNetworkError(error: unknown, timeoutMs: number): string {
  const code = networkCode(error);
  if (
    (error as { name?: unknown }).name === 'TimeoutError' ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_CONNECT_TIMEOUT'
  ) {
    return `no answer within ${timeoutMs / 1000} s`;
  }
  if (code === 'ECONNREFUSED') return 'the connection was refused (ECONNREFUSED)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `the host name could not be resolved (${code})`;
  if (code && /CERT|SSL|TLS/.test(code)) return `the TLS certificate was refused (${code})`;
  if (code) return `the connection failed (${code})`;
  return error instanceof Error ? error.message : String(error);
}

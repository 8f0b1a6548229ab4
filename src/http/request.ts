/** Small pieces of request handling: error answers, CORS preflight, the Krastie key rules, the capped body. */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { checkApiKey } from '../config.js';

export const CLIENT_KEY_HEADER = 'x-krastie-api-key';

/** Answers with a JSON-RPC error object (id null), as the SDK's transport does for HTTP-level failures. */
export function reply(
  res: ServerResponse,
  status: number,
  message: string,
  code: number = -32000,
  headers: OutgoingHttpHeaders = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}

export function securityHeaders(res: ServerResponse): void {
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('cache-control', 'no-store');
}

export function corsPreflight(res: ServerResponse, allowed: boolean): void {
  if (!allowed) {
    reply(res, 405, 'Method not allowed (no CORS configured: KRASTIE_MCP_CORS_ORIGINS)');
    return;
  }
  res.writeHead(204, {
    'access-control-allow-methods': 'POST, OPTIONS',
    'access-control-allow-headers': `authorization, content-type, accept, mcp-protocol-version, mcp-session-id, last-event-id, ${CLIENT_KEY_HEADER}`,
    'access-control-max-age': '600',
  });
  res.end();
}

export type KeyResolution =
  | { apiKey: string }
  | { status: number; message: string; headers?: OutgoingHttpHeaders };

/**
 * Which Krastie key serves this request. Without --allow-client-keys, always the server's own, and a
 * request that brings one is refused (rather than silently spending the operator's credits instead).
 */
export function resolveApiKey(
  req: IncomingMessage,
  serverKey: string | undefined,
  allowClientKeys: boolean,
): KeyResolution {
  const header = req.headers[CLIENT_KEY_HEADER];
  if (!allowClientKeys) {
    if (header !== undefined) {
      return {
        status: 400,
        message:
          'X-Krastie-Api-Key is not accepted here: this server uses its own Krastie key. Remove the header, or start the server with --allow-client-keys.',
      };
    }
    // loadConfig required KRASTIE_API_KEY at start in this mode.
    return { apiKey: serverKey as string };
  }
  const challenge = { 'www-authenticate': `ApiKey realm="krastie", header="X-Krastie-Api-Key"` };
  if (header !== undefined) {
    // Node joins a repeated header into "a, b" (a key never has a comma).
    if (typeof header !== 'string' || header.includes(',')) {
      return { status: 400, message: 'Send X-Krastie-Api-Key once.' };
    }
    const checked = checkApiKey(header);
    if ('error' in checked) {
      return { status: 401, message: `X-Krastie-Api-Key ${checked.error}`, headers: challenge };
    }
    return { apiKey: checked.key };
  }
  if (serverKey !== undefined) return { apiKey: serverKey };
  return {
    status: 401,
    message:
      'No Krastie API key: send yours in the X-Krastie-Api-Key header (generate it in Krastie: account settings → API).',
    headers: challenge,
  };
}

export type BodyResult =
  | { value: unknown }
  | { status: number; code: number; message: string; headers?: OutgoingHttpHeaders }
  /** The client went away before sending the whole body: nobody to answer. */
  | { gone: true };

/** Reads and parses the JSON body, refusing one over `limit` bytes (413) before or while it arrives. */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const tooLarge: BodyResult = {
    status: 413,
    code: -32000,
    message: `Request body too large: at most ${limit} bytes (KRASTIE_MCP_MAX_BODY_BYTES)`,
    // The rest of the body is not read, so the connection cannot be reused.
    headers: { connection: 'close' },
  };
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return tooLarge;
  const text = await new Promise<string | undefined | null>((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      // Stop reading but keep the socket: the 413 still has to go out on it.
      req.off('data', onData).off('end', onEnd).pause();
      resolve(undefined);
    };
    const onEnd = () => resolve(Buffer.concat(chunks).toString('utf8'));
    // After 'end' these change nothing: a promise settles once.
    const onGone = () => resolve(null);
    req.on('data', onData).once('end', onEnd).once('error', onGone).once('close', onGone);
  });
  if (text === null) return { gone: true };
  if (text === undefined) return tooLarge;
  try {
    return { value: JSON.parse(text) };
  } catch {
    return { status: 400, code: ErrorCode.ParseError, message: 'Parse error: the body is not valid JSON' };
  }
}

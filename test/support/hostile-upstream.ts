/**
 * Upstreams that misbehave in ways the simulator does not: an HTTP server whose answers are written by
 * the test (to echo the API key in crafted places), and a raw TCP server that answers with bytes that
 * are not HTTP at all (so undici's parser error carries the request or response details).
 */
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo, createServer as createTcpServer, type Socket } from 'node:net';

export interface Upstream {
  url: string;
  /** Requests received so far. */
  readonly requests: number;
  close(): Promise<void>;
}

export type HttpResponder = (
  request: { method: string; path: string; apiKey: string },
  res: ServerResponse,
) => void;

export async function startHttpUpstream(respond: HttpResponder): Promise<Upstream> {
  let requests = 0;
  const server = createHttpServer((req: IncomingMessage, res: ServerResponse) => {
    requests++;
    res.on('error', () => {});
    req.resume();
    req.on('end', () => {
      const key = req.headers['api-key'];
      respond(
        {
          method: req.method ?? 'GET',
          path: (req.url ?? '/').split('?')[0] ?? '/',
          apiKey: Array.isArray(key) ? key.join(', ') : (key ?? ''),
        },
        res,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers each connection's first bytes with `respond(request)` and closes it. */
export async function startTcpUpstream(respond: (request: Buffer) => Buffer | string): Promise<Upstream> {
  let requests = 0;
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
    socket.once('data', (chunk: Buffer) => {
      requests++;
      socket.end(respond(chunk));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendHtml(res: ServerResponse, status: number, html: string) {
  res.writeHead(status, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(html) });
  res.end(html);
}

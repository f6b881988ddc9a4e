// A plain HTTP proxy on 127.0.0.1 in front of a sandbox, for tests that must act at an exact point of
// a conversation: it counts the requests that reach the sandbox and calls `onResponse` with each JSON
// answer *before* passing it on, so a test can change the world (e.g. move a clock) between one
// response and the next request.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WatchingProxy {
  /** The proxy's origin (`http://127.0.0.1:PORT`). */
  origin: string;
  /** Requests forwarded to the sandbox so far. */
  requests(): number;
  close(): Promise<void>;
}

async function bodyOf(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export async function startWatchingProxy(target: string, onResponse: (req: { method: string; path: string }, body: unknown) => void = () => undefined): Promise<WatchingProxy> {
  const origin = new URL(target).origin;
  let count = 0;
  const server: Server = createServer((req, res) => {
    void (async () => {
      count++;
      const body = await bodyOf(req);
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k, v]) => typeof v === 'string' && !['host', 'connection', 'content-length'].includes(k))) as Record<string, string>;
      const answer = await fetch(`${origin}${req.url}`, { method: req.method!, headers, ...(body.length && { body }) });
      const text = await answer.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      onResponse({ method: req.method!, path: req.url! }, json);
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
      res.end(text);
    })().catch((e: Error) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`proxy: ${e.message}`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => count,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

// Request bodies with a limit that holds before anything is buffered: a declared Content-Length over
// the limit is refused from the headers, a chunked body is cut off at the limit, and the client gets a
// 413 with the JSON error instead of a reset connection.
import type { IncomingMessage, ServerResponse } from 'node:http';

export const API_BODY_LIMIT = 10 * 1024 * 1024;
/** HubSpot sends at most 100 events per delivery (a few tens of kB). */
export const WEBHOOK_BODY_LIMIT = 1024 * 1024;

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`The request body is over ${limit / 1024 / 1024} MB.`);
  }
}

export function declaredTooLarge(req: IncomingMessage, limit: number): boolean {
  const length = Number(req.headers['content-length']);
  return Number.isFinite(length) && length > limit;
}

export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  if (declaredTooLarge(req, limit)) return Promise.reject(new BodyTooLargeError(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size <= limit) return void chunks.push(c);
      req.off('data', onData);
      chunks.length = 0;
      reject(new BodyTooLargeError(limit));
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Answers 413 and closes the connection once the answer is out. The rest of the body is read and
 * dropped (never kept) for a moment, so the client, still sending, reads the answer instead of a reset.
 */
export function refuseTooLarge(req: IncomingMessage, res: ServerResponse, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(413, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'close', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
  req.on('data', () => undefined);
  const cutOff = setTimeout(() => req.socket.destroy(), 2000);
  cutOff.unref();
  req.on('end', () => clearTimeout(cutOff));
}

/** A path segment's percent-decoding, or null when it is not valid percent-encoding (a 400, not a 500). */
export function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

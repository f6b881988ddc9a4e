// Writing answers: OData JSON (collections streamed a chunk at a time), error envelopes, IIS HTML pages —
// and the `dropresponse` fault, where the work is done but the socket is destroyed instead of answered.
import type { ServerResponse } from 'node:http';
import type { Exchange } from '../../kit/sandbox/server.ts';
import type { SageError } from './errors.ts';
import { errorBody } from './errors.ts';

export const JSON_TYPE = 'application/json; odata.metadata=minimal; odata.streaming=true; charset=utf-8';

export class Responder {
  /** Set by the `dropresponse` fault: do the work, then hang up without answering. */
  drop = false;
  status: number | string = 'pending';

  readonly res: ServerResponse;

  /** The kit's exchange counts the answer (its status, or reset/dropped/timeout). */
  constructor(private readonly exchange: Exchange) {
    this.res = exchange.res;
  }

  private done(status: number | string): void {
    if (this.status === 'pending') this.status = status;
  }

  hangUp(label: 'reset' | 'dropped'): void {
    this.done(label);
    this.exchange.hangUp(label);
  }

  /** The `timeout` fault: accept and never answer (the socket is destroyed when the sandbox closes). */
  stall(): void {
    this.done('timeout');
    this.exchange.stall();
  }

  send(status: number, body: string, headers: Record<string, string> = {}): void {
    if (this.drop) return this.hangUp('dropped');
    this.done(status);
    this.res.writeHead(status, { 'Content-Type': JSON_TYPE, 'OData-Version': '4.0', ...headers, 'Content-Length': String(Buffer.byteLength(body)) });
    this.res.end(body);
  }

  json(status: number, value: unknown, headers: Record<string, string> = {}): void {
    this.send(status, JSON.stringify(value), headers);
  }

  html(status: number, body: string, headers: Record<string, string> = {}): void {
    this.send(status, body, { 'Content-Type': 'text/html; charset=utf-8', ...headers });
  }

  empty(status: number): void {
    if (this.drop) return this.hangUp('dropped');
    this.done(status);
    this.res.writeHead(status, { 'OData-Version': '4.0' });
    this.res.end();
  }

  error(e: SageError): void {
    this.send(e.status, errorBody(e.code, e.message), e.headers);
  }

  /** A collection page: head, then the rows serialised in chunks so a big page never becomes one huge string. */
  async stream(head: string, rows: Iterable<string>, tail: string, headers: Record<string, string> = {}): Promise<void> {
    if (this.drop) return this.hangUp('dropped');
    this.done(200);
    this.res.writeHead(200, { 'Content-Type': JSON_TYPE, 'OData-Version': '4.0', ...headers });
    let chunk = head;
    let first = true;
    for (const row of rows) {
      chunk += (first ? '' : ',') + row;
      first = false;
      if (chunk.length > 64 * 1024) {
        if (!this.res.write(chunk)) await new Promise((r) => this.res.once('drain', r));
        chunk = '';
      }
    }
    this.res.end(chunk + tail);
  }
}

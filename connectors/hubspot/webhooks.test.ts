// Webhook v3 signatures: the sandbox emitter signs, our verifier accepts once, rejects replays,
// stale timestamps and tampered bodies; failed deliveries are retried with attemptNumber + 1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebhookVerifier, decodeSignatureUri, signatureV3, type WebhookEvent } from './webhooks.ts';
import { startHarness, type Harness } from './sandbox/harness.ts';

describe('signatureV3', () => {
  it('decodes the escapes HubSpot lists before signing', () => {
    // Only the listed escapes are decoded: %3D (=) and %20 stay as sent.
    expect(decodeSignatureUri('https://h/x%3Fa%3Db%40c%2Cd%20e')).toBe('https://h/x?a%3Db@c,d%20e');
    const a = signatureV3({ clientSecret: 's', method: 'POST', url: 'https://h/hook%3Fa=1', body: '[]', timestamp: 1 });
    const b = signatureV3({ clientSecret: 's', method: 'POST', url: 'https://h/hook?a=1', body: '[]', timestamp: 1 });
    expect(a).toBe(b);
  });

  it('accepts a fresh signature once, then rejects replay, staleness and tampering', () => {
    let now = 1_700_000_000_000;
    const v = new WebhookVerifier({ clientSecret: 'secret-1', now: () => now });
    const body = JSON.stringify([{ eventId: 1, portalId: 2, occurredAt: now, subscriptionType: 'contact.creation', attemptNumber: 0, objectId: 5 }]);
    const url = 'https://example.invalid/hooks/hubspot';
    const headers = (sig: string, ts: number) => (n: string) => ({ 'x-hubspot-signature-v3': sig, 'x-hubspot-request-timestamp': String(ts) })[n.toLowerCase()];
    const sig = signatureV3({ clientSecret: 'secret-1', method: 'POST', url, body, timestamp: now });
    const ok = v.verify({ method: 'POST', url, rawBody: body, header: headers(sig, now) });
    expect(ok.ok && ok.events[0]?.subscriptionType).toBe('contact.creation');
    expect(v.verify({ method: 'POST', url, rawBody: body, header: headers(sig, now) })).toMatchObject({ ok: false, reason: 'REPLAYED' });
    expect(v.verify({ method: 'POST', url, rawBody: body.replace('5', '6'), header: headers(sig, now) })).toMatchObject({ ok: false, reason: 'BAD_SIGNATURE' });
    const old = now - 300_001;
    const oldSig = signatureV3({ clientSecret: 'secret-1', method: 'POST', url, body, timestamp: old });
    expect(v.verify({ method: 'POST', url, rawBody: body, header: headers(oldSig, old) })).toMatchObject({ ok: false, reason: 'STALE_TIMESTAMP' });
    expect(v.verify({ method: 'POST', url, rawBody: body, header: () => undefined })).toMatchObject({ ok: false, reason: 'MISSING_SIGNATURE' });
    now += 1;
  });
});

describe('sandbox webhook emitter', () => {
  let h: Harness;
  let receiver: Server;
  let target: string;
  const received: { attempt: number; events: WebhookEvent[] }[] = [];
  let failFirst = 1;
  let verifier: WebhookVerifier;

  beforeAll(async () => {
    h = await startHarness({ timeScale: 50, records: 3 });
    verifier = new WebhookVerifier({ clientSecret: h.sandbox.clientSecret });
    receiver = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c));
      req.on('end', () => {
        if (failFirst-- > 0) {
          res.writeHead(503).end();
          return;
        }
        const result = verifier.verify({ method: 'POST', url: target, rawBody: raw, header: (n) => req.headers[n.toLowerCase()] as string | undefined });
        if (!result.ok) {
          res.writeHead(401).end();
          return;
        }
        received.push({ attempt: result.events[0]?.attemptNumber ?? -1, events: result.events });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    target = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/hubspot?account=1`;
    await h.admin('PUT', 'webhooks', { targetUrl: target, clientSecret: h.sandbox.clientSecret, flushMs: 200 });
  });
  afterAll(async () => {
    await h.close();
    await new Promise<void>((r) => receiver.close(() => r()));
  });

  it('delivers a user edit as a signed propertyChange batch, retrying after a 503 with attemptNumber 1', async () => {
    const list = await h.admin<{ results: { id: string }[] }>('GET', 'records/companies');
    const id = list.results[0]?.id ?? '';
    await h.admin('PATCH', `records/companies/${id}`, { properties: { city: 'Leeds-upon-Test' } });
    for (let i = 0; i < 100 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(received).toHaveLength(1);
    expect(received[0]?.attempt).toBe(1);
    expect(received[0]?.events[0]).toMatchObject({ subscriptionType: 'company.propertyChange', objectId: Number(id), propertyName: 'city', propertyValue: 'Leeds-upon-Test', changeSource: 'CRM_UI', portalId: 50687303 });
    const log = await h.admin<{ deliveries: { status: number; attempt: number }[] }>('GET', 'webhooks');
    expect(log.deliveries.map((d) => [d.attempt, d.status])).toEqual([
      [0, 503],
      [1, 204],
    ]);
  });
});

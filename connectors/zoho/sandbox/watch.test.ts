// Notification channels (spec §7, §12.8): enable, callbacks POSTed to a local notify_url with the
// channel id and token, expiry, renewal by PUT, unsubscribe, and dropped callbacks on purpose.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startRaw, type RawClient } from './test-support.ts';

let raw: RawClient | undefined;
let receiver: Server | undefined;
afterEach(async () => {
  await raw?.close();
  raw = undefined;
  await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r()));
  receiver = undefined;
});

async function listenForCallbacks(): Promise<{ url: string; received: Record<string, unknown>[] }> {
  const received: Record<string, unknown>[] = [];
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => receiver!.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/zoho?tenant=42`, received };
}

const settle = async (raw: RawClient) => {
  await raw.sandbox.core.watch.settle();
};

describe('Zoho sandbox: notifications', () => {
  it('delivers unsigned callbacks with channel_id, token, ids, affected fields and values', async () => {
    raw = await startRaw();
    const { url, received } = await listenForCallbacks();
    const enable = await raw.api('POST', '/crm/v8/actions/watch', {
      body: { watch: [{ channel_id: '1000000068001', events: ['Deals.edit', 'Accounts.all'], token: 'ml-connector-7f3a9c', notify_url: url, return_affected_field_values: true }] },
    });
    expect(enable.status).toBe(200);
    expect(enable.body).toMatchObject({ watch: [{ code: 'SUCCESS', message: 'Successfully subscribed for actions-watch of the given module', details: { events: [{ channel_id: '1000000068001', resource_name: 'Deals' }, { resource_name: 'Accounts' }] } }] });

    const deals = (await raw.api('GET', '/crm/v8/Deals?fields=Stage')).body as { data: { id: string }[] };
    const id = deals.data[0]?.id ?? '';
    await raw.admin('PATCH', `records/Deals/${id}`, { changes: { Stage: 'Closed Won' } });
    await raw.api('POST', '/crm/v8/Deals', { body: { data: [{ Deal_Name: 'Created, not watched', Stage: 'Qualification', Closing_Date: '2026-12-01' }] } });
    await settle(raw);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      query_params: { tenant: '42' }, module: 'Deals', ids: [id], operation: 'update', channel_id: '1000000068001', token: 'ml-connector-7f3a9c',
      affected_fields: [{ [id]: ['Stage'] }], affected_values: [{ record_id: id, values: { Stage: 'Closed Won' } }],
      resource_uri: `${raw.sandbox.apiDomain}/crm/v8/Deals`, server_time: expect.any(Number),
    });

    const list = await raw.api('GET', '/crm/v8/actions/watch');
    expect(list.body).toMatchObject({ watch: [{ channel_id: '1000000068001', events: ['Deals.edit', 'Accounts.all'] }] });
    const off = await raw.api('DELETE', '/crm/v8/actions/watch?channel_ids=1000000068001');
    expect(off.body).toMatchObject({ watch: [{ code: 'SUCCESS', message: 'Successfully removed the subscribe details' }] });
    expect((await raw.api('GET', '/crm/v8/actions/watch')).status).toBe(204);
  });

  it('channels expire silently (default one hour; past the one-week maximum falls back to one hour); PUT renews', async () => {
    raw = await startRaw({ switches: { tokenLifetimeSeconds: 86_400 } });
    const { url } = await listenForCallbacks();
    const inTwoWeeks = new Date(Date.now() + 14 * 86_400_000).toISOString();
    await raw.api('POST', '/crm/v8/actions/watch', { body: { watch: [{ channel_id: 7, events: ['Deals.all'], notify_url: url, channel_expiry: inTwoWeeks }] } });
    const [channel] = ((await raw.api('GET', '/crm/v8/actions/watch')).body as { watch: { channel_expiry: string }[] }).watch;
    expect(Date.parse(channel?.channel_expiry ?? '') - Date.now()).toBeLessThan(3600_000 + 5000);

    await raw.admin('POST', 'clock', { advanceMs: 3000_000 });
    const renewed = await raw.api('PUT', '/crm/v8/actions/watch', { body: { watch: [{ channel_id: '7', events: ['Deals.all'], notify_url: url, channel_expiry: new Date(Date.now() + 3000_000 + 6 * 86_400_000).toISOString() }] } });
    expect(renewed.body).toMatchObject({ watch: [{ code: 'SUCCESS', message: 'Successfully updated the subscribe details' }] });
    await raw.admin('POST', 'clock', { advanceMs: 3600_000 });
    expect((await raw.api('GET', '/crm/v8/actions/watch')).status).toBe(200);
    await raw.admin('POST', 'clock', { advanceMs: 6 * 86_400_000 });
    raw.forgetToken();
    expect((await raw.api('GET', '/crm/v8/actions/watch')).status).toBe(204);
    const lost = await raw.api('PATCH', '/crm/v8/actions/watch', { body: { watch: [{ channel_id: '7', channel_expiry: new Date(Date.now() + 86_400_000 * 8).toISOString() }] } });
    expect(lost.status).toBe(400);
    expect(lost.body).toMatchObject({ watch: [{ code: 'NOT_SUBSCRIBED' }] });
  });

  it('drops callbacks on purpose (the polling fallback must catch the change) and refuses non-loopback notify URLs', async () => {
    raw = await startRaw();
    const { url, received } = await listenForCallbacks();
    await raw.api('POST', '/crm/v8/actions/watch', { body: { watch: [{ channel_id: '9', events: ['Accounts.edit'], notify_url: url, token: 't' }] } });
    await raw.admin('PUT', 'watch/drop', { next: 1 });
    const accounts = (await raw.api('GET', '/crm/v8/Accounts?fields=Account_Name')).body as { data: { id: string }[] };
    await raw.admin('PATCH', `records/Accounts/${accounts.data[0]?.id ?? ''}`, { changes: { Phone: '1' } });
    await raw.admin('PATCH', `records/Accounts/${accounts.data[1]?.id ?? ''}`, { changes: { Phone: '2' } });
    await settle(raw);
    expect(received.map((r) => r.ids)).toEqual([[accounts.data[1]?.id]]);
    const log = await raw.admin<{ deliveries: { outcome: string }[] }>('GET', 'watch');
    expect(log.deliveries.map((d) => d.outcome)).toEqual(['dropped', 'delivered']);

    const remote = await raw.api('POST', '/crm/v8/actions/watch', { body: { watch: [{ channel_id: '10', events: ['Accounts.edit'], notify_url: 'https://hooks.example.com/zoho' }] } });
    expect(remote.status).toBe(400);
    expect(remote.body).toMatchObject({ watch: [{ code: 'INVALID_DATA', details: { api_name: 'notify_url' } }] });
  });

  it('notification_condition limits edit callbacks to the chosen fields', async () => {
    raw = await startRaw();
    const { url, received } = await listenForCallbacks();
    await raw.api('POST', '/crm/v8/actions/watch', {
      body: { watch: [{ channel_id: '11', events: ['Deals.edit'], notify_url: url, notification_condition: [{ type: 'field_selection', module: { api_name: 'Deals' }, field_selection: { group_operator: 'or', group: [{ field: { api_name: 'Stage' } }, { field: { api_name: 'Amount' } }] } }] }] },
    });
    const deals = (await raw.api('GET', '/crm/v8/Deals?fields=Stage')).body as { data: { id: string }[] };
    const id = deals.data[0]?.id ?? '';
    await raw.admin('PATCH', `records/Deals/${id}`, { changes: { Description: 'note' } });
    await raw.admin('PATCH', `records/Deals/${id}`, { changes: { Amount: 10 } });
    await settle(raw);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ affected_fields: [{ [id]: ['Amount'] }] });
  });
});

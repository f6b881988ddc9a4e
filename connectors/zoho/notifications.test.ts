// Channels against the sandbox: enabled, kept, renewed before expiry, re-created when lost; callbacks
// verified by channel id and token; a dropped callback is still caught by the polling read.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { zohoSource } from './entities.ts';
import { channelIdFor, ensureChannel, verifyCallback, RENEW_BEFORE_MS, CHANNEL_LIFETIME_MS } from './notifications.ts';
import { channelKeeper } from './channel-keeper.ts';
import { memoryState } from '../kit/state/memory-state.ts';
import { adminCall, clientFor, withSandbox } from './test-support.ts';

describe('Zoho notification channels', () => {
  it('the channel keeper opens the channel from a read, checks it at most hourly, and re-creates it once lost', () =>
    withSandbox({ records: 1, switches: { tokenLifetimeSeconds: 604_800 } }, async (sb) => {
      const client = clientFor(sb);
      let now = Date.now();
      const warnings: unknown[] = [];
      const logger = { debug() {}, info() {}, warn: (o: unknown) => warnings.push(o), error() {} };
      const keeper = channelKeeper(client, { token: 'keeper-token-1', webhookUrl: 'http://127.0.0.1:9/webhooks/zoho/c1', modules: ['Accounts', 'Deals', 'Products'], state: memoryState('zoho-keeper'), logger, now: () => now });
      const channels = async () => (await adminCall<{ channels: { channel_id: string; events: string[]; expiresAt: string }[] }>(sb, 'GET', 'watch')).channels;
      try {
        const source = zohoSource(client, 'Deals', { sourceFields: { Deals: ['Deal_Name'] }, keeper });
        for await (const _ of source.read({ since: null, signpost: new Date() })) void _;
        expect(await channels()).toEqual([expect.objectContaining({ channel_id: channelIdFor('keeper-token-1'), events: ['Accounts.all', 'Deals.all'] })]);
        const before = (await adminCall<{ total: number }>(sb, 'GET', 'requests')).total;
        await keeper.keep();
        expect((await adminCall<{ total: number }>(sb, 'GET', 'requests')).total).toBe(before);
        // Eight days on, Zoho has forgotten the channel: the next check (over an hour later) enables it again.
        await adminCall(sb, 'POST', 'clock', { advanceMs: 8 * 86_400_000 });
        now += 8 * 86_400_000;
        await keeper.keep();
        const [renewed] = await channels();
        expect(Date.parse(renewed!.expiresAt)).toBeGreaterThan(now + 5 * 86_400_000);
        expect(warnings).toEqual([]);
      } finally {
        await client.close();
      }
    }));

  it('enables, keeps, renews a channel about to expire and re-creates a lost one', () =>
    withSandbox({ records: 2, switches: { tokenLifetimeSeconds: 604_800 } }, async (sb) => {
      const client = clientFor(sb);
      const spec = { channelId: '1000000068001', token: 'tok-7f3a9c', notifyUrl: 'http://127.0.0.1:9/zoho', events: ['Deals.all', 'Accounts.edit'] };
      try {
        expect(await ensureChannel(client, spec)).toBe('enabled');
        expect(await ensureChannel(client, spec)).toBe('kept');
        // Less than a day left (on both clocks): the channel is renewed in place for six more days.
        const later = CHANNEL_LIFETIME_MS - RENEW_BEFORE_MS + 60_000;
        await adminCall(sb, 'POST', 'clock', { advanceMs: later });
        expect(await ensureChannel(client, spec, Date.now() + later)).toBe('renewed');
        const log = await adminCall<{ channels: { channel_id: string; expiresAt: string }[] }>(sb, 'GET', 'watch');
        expect(Date.parse(log.channels[0]?.expiresAt ?? '')).toBeGreaterThan(Date.now() + later + CHANNEL_LIFETIME_MS - 60_000);
        // Zoho forgets it (expired silently): the next ensure enables it again.
        await adminCall(sb, 'POST', 'clock', { advanceMs: 8 * 86_400_000 });
        expect(await ensureChannel(client, spec, Date.now() + later + 8 * 86_400_000)).toBe('enabled');
      } finally {
        await client.close();
      }
    }));

  it('accepts callbacks only with our channel id and token; a dropped one is caught by polling', async () => {
    const bodies: string[] = [];
    const receiver = createServer((req, res) => {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString('utf8')));
      req.on('end', () => {
        bodies.push(text);
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    const notifyUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/zoho`;
    try {
      await withSandbox({ records: 3 }, async (sb) => {
        const client = clientFor(sb);
        const expected = { channelId: '42', token: 'secret-token' };
        try {
          await ensureChannel(client, { ...expected, notifyUrl, events: ['Deals.edit'] });
          const deals = await adminCall<{ results: { id: string }[] }>(sb, 'GET', 'records/Deals');
          const [a, b] = deals.results;
          const source = zohoSource(client, 'Deals', { sourceFields: { Deals: ['Deal_Name', 'Stage'] } });
          const watermark = source.watermarkFor(new Date());
          await adminCall(sb, 'POST', 'clock', { advanceMs: 2000 });
          await adminCall(sb, 'PUT', 'watch/drop', { next: 1 });
          await adminCall(sb, 'PATCH', `records/Deals/${a?.id ?? ''}`, { changes: { Stage: 'Closed Won' } });
          await adminCall(sb, 'PATCH', `records/Deals/${b?.id ?? ''}`, { changes: { Stage: 'Closed Won' } });
          await sb.core.watch.settle();
          expect(bodies).toHaveLength(1);
          expect(verifyCallback(bodies[0] ?? '', expected)).toEqual({ module: 'Deals', operation: 'update', ids: [b?.id] });
          expect(verifyCallback(bodies[0] ?? '', { ...expected, token: 'other-token!' })).toBeNull();
          expect(verifyCallback(bodies[0] ?? '', { ...expected, channelId: '43' })).toBeNull();
          expect(verifyCallback('not json', expected)).toBeNull();
          // The dropped notification's change is in the next poll.
          const polled: string[] = [];
          for await (const page of source.read({ since: watermark, signpost: new Date() })) polled.push(...page.records.map((r) => String(r.id)));
          expect(polled.sort()).toEqual([a?.id, b?.id].sort());
        } finally {
          await client.close();
        }
      });
    } finally {
      await new Promise<void>((r) => receiver.close(() => r()));
    }
  });
});

// Zoho CRM notifications into a running service (issue #17): the demo opens a channel on the Zoho
// sandbox pointed at /webhooks/zoho/<connection>; a deal closed in Zoho becomes its Sage 300 order within
// seconds (no waiting for the schedule). Callbacks are not signed: one without this connection's channel
// id and token is refused, and a lost one is caught by the next poll.
import { describe, expect, it } from 'vitest';
import { withWebhookDemo } from '../support/webhook-demo.ts';
import { sageApi, type SageLine } from '../support/sandboxes.ts';
import { until } from '../support/until.ts';

describe('Zoho CRM notifications', () => {
  const demo = withWebhookDemo({ systems: ['sage300', 'zoho'], sage300: { records: 10 }, zoho: { records: 8 } });
  const zoho = async <T,>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${String(demo.env.sandboxes.zoho!.line.admin)}/${path}`, { method, ...(body !== undefined && { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) });
    return (await res.json()) as T;
  };
  const hookUrl = () => demo.hookUrl('zoho', demo.env.connections.zoho!.id);
  const ordersFor = async (dealId: string) => (await sageApi(demo.env.sandboxes.sage300!.line as unknown as SageLine).all<{ OrderReference: string }>('OE/OEOrders')).filter((o) => o.OrderReference === `ML-${dealId}`);


  it('a deal closed in Zoho is ordered in Sage 300 within seconds, by notification', async () => {
    const { channels } = await zoho<{ channels: { channel_id: string; notify_url: string; events: string[] }[] }>('GET', 'watch');
    expect(channels).toHaveLength(1);
    expect(channels[0]).toMatchObject({ notify_url: hookUrl(), events: expect.arrayContaining(['Deals.all', 'Accounts.all', 'Contacts.all']) });
    const deals = await zoho<{ results: { id: string; Stage: string; Account_Name: unknown }[] }>('GET', 'records/Deals?limit=500');
    const deal = deals.results.find((d) => d.Stage !== 'Closed Won' && d.Account_Name)!;
    await zoho('PATCH', `records/Deals/${deal.id}`, { changes: { Stage: 'Closed Won' } });
    await until('the order in Sage 300', async () => (await ordersFor(deal.id)).length === 1);
    const runs = await demo.env.service.impl['runs:list']({ limit: 50 });
    expect(runs.some((r) => r.trigger === 'webhook' && r.counts.created >= 1)).toBe(true);
  });

  it('refuses a callback without this connection’s token, or of another channel; answers a good one', async () => {
    const { channels } = await zoho<{ channels: { channel_id: string; token: string }[] }>('GET', 'watch');
    const ch = channels[0]!;
    const body = (over: Record<string, unknown>) => JSON.stringify({ server_time: Date.now(), query_params: {}, module: 'Deals', resource_uri: 'x', ids: ['1'], affected_fields: [], operation: 'update', channel_id: ch.channel_id, token: ch.token, ...over });
    const post = (text: string) => fetch(hookUrl(), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: text });
    expect((await post(body({ token: 'guessed' }))).status).toBe(401);
    expect((await post(body({ channel_id: '1' }))).status).toBe(401);
    expect((await post('not json')).status).toBe(400);
    const ok = await post(body({ ids: ['2'] }));
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { flows: string[] }).flows).toContain('Won deals → OE orders');
  });
});

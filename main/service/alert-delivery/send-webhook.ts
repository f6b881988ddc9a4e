// A generic webhook: one JSON POST. `text` is what Slack incoming webhooks and Teams (Workflows and
// the older connectors) display; the other fields are for receivers that route on them.
import { request } from 'undici';
import { ServiceError } from '../service-error.ts';
import type { AlertMessage } from './alert-message.ts';

export async function sendAlertWebhook(url: string | null, message: AlertMessage): Promise<string> {
  if (!url) throw new ServiceError('ALERT_WEBHOOK_NOT_SET_UP', 'No webhook URL is set for alerts.', 'Paste the incoming-webhook URL from Slack or Teams in Settings → Alerts.');
  let host: string;
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('protocol');
    host = u.host;
  } catch {
    throw new ServiceError('ALERT_WEBHOOK_NOT_SET_UP', 'The webhook URL for alerts is not a web address.', 'Paste the full https:// URL from Slack or Teams in Settings → Alerts.');
  }
  const body = JSON.stringify({ text: `*${message.title}*\n${message.text}${message.link ? `\n${message.link}` : ''}`, title: message.title, summary: message.title, event: message.event, severity: message.severity, link: message.link });
  try {
    const res = await request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, headersTimeout: 15_000, bodyTimeout: 15_000 });
    const answer = (await res.body.text()).slice(0, 200);
    if (res.statusCode >= 300) throw new ServiceError('ALERT_WEBHOOK_REFUSED', `The webhook at ${host} answered ${res.statusCode}${answer ? `: ${answer}` : ''}.`, 'Check the URL (Slack and Teams give it when you add an incoming webhook) and paste it again.');
    return `Posted to ${host} (${res.statusCode}).`;
  } catch (e) {
    if (e instanceof ServiceError) throw e;
    // Never echo the URL: its path is the credential.
    throw new ServiceError('ALERT_WEBHOOK_UNREACHABLE', `Could not reach the webhook at ${host} (${(e as { code?: string }).code ?? 'network error'}).`, 'Check that this machine can reach it (proxy, firewall) and that the URL is complete.');
  }
}

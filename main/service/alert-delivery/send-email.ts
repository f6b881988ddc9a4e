// E-mail over SMTP with nodemailer. STARTTLS is required when chosen (never a silent fall-back to plain).
import nodemailer from 'nodemailer';
import type { AlertDelivery } from '../../../preload/contract/index.ts';
import { ServiceError } from '../service-error.ts';
import type { AlertMessage } from './alert-message.ts';

export async function sendAlertEmail(settings: AlertDelivery['email'], password: string | null, message: AlertMessage): Promise<string> {
  if (!settings.host) throw new ServiceError('ALERT_EMAIL_NOT_SET_UP', 'No SMTP server is set for alert e-mails.', 'Enter the SMTP server in Settings → Alerts and save.');
  if (!settings.to || !settings.from) throw new ServiceError('ALERT_EMAIL_NOT_SET_UP', 'Alert e-mails need a "From" and a "To" address.', 'Fill both in Settings → Alerts and save.');
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.security === 'tls',
    requireTLS: settings.security === 'starttls',
    ignoreTLS: settings.security === 'none',
    auth: settings.username ? { user: settings.username, pass: password ?? '' } : undefined,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
  try {
    const info = await transport.sendMail({ from: settings.from, to: settings.to, subject: message.title, text: `${message.text}\n\n${message.link ? `Open: ${message.link}\n` : ''}— ML Connector` });
    return `Sent to ${settings.to} through ${settings.host}:${settings.port} (${info.response}).`;
  } catch (e) {
    const err = e as { code?: string; responseCode?: number; message?: string };
    const where = `${settings.host}:${settings.port}`;
    if (err.code === 'EAUTH')
      throw new ServiceError('ALERT_EMAIL_AUTH', `The SMTP server ${where} refused the user name or password.`, 'Check the user name and enter the password again in Settings → Alerts.');
    if (err.code === 'ECONNECTION' || err.code === 'ETIMEDOUT' || err.code === 'ESOCKET' || err.code === 'EDNS')
      throw new ServiceError('ALERT_EMAIL_UNREACHABLE', `Could not talk to the SMTP server ${where} (${err.code}).`, 'Check the server, port and security (STARTTLS on 587, TLS on 465) in Settings → Alerts.');
    throw new ServiceError('ALERT_EMAIL_FAILED', `The SMTP server ${where} did not accept the alert e-mail${err.responseCode ? ` (${err.responseCode})` : ''}.`, 'Check the From and To addresses with your mail administrator.');
  } finally {
    transport.close();
  }
}

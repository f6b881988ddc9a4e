// Manifest capability `webhooks`: Zoho's notification callbacks (spec §7) at /webhooks/zoho/<connection>.
// Zoho does not sign them, so a callback is accepted only when it names this connection's channel id and
// token (the secret `notificationToken`); even then it is only a hint — the flows reading the module run
// now and read the records from the API themselves.
import type { WebhooksCapability } from '../kit/types.ts';
import { channelIdFor, verifyCallback } from './notifications.ts';

export const zohoWebhooks: WebhooksCapability = {
  missingSecretMessage: 'Zoho CRM notifications are not set up for this connection (no notification token); its flows poll on their schedule.',
  verifier(secrets) {
    const token = secrets.notificationToken;
    if (!token) return null;
    const expected = { channelId: channelIdFor(token), token };
    return {
      verify(req) {
        try {
          JSON.parse(req.rawBody.toString('utf8'));
        } catch {
          return { ok: false, status: 400, reason: 'BAD_BODY', message: 'A Zoho CRM callback is a JSON body.' };
        }
        const callback = verifyCallback(req.rawBody, expected);
        if (!callback) return { ok: false, status: 401, reason: 'BAD_TOKEN', message: 'The callback does not carry this connection’s channel id and token.' };
        // Source entities are Zoho's module names.
        return { ok: true, events: callback.ids.length, entities: [callback.module] };
      },
    };
  },
};

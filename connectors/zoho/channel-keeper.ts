// Keeps the connection's notification channel alive from the sources' reads: at most once an hour (across
// processes, through the connection state) the channel is checked, renewed a day before it expires and
// re-created when Zoho lost it. Only with a notification token and the public `webhookUrl` Zoho can reach;
// a failure is logged and never fails the read — polling stays the source of truth.
import type { ConnectionState } from '../kit/state/connection-state.ts';
import type { Logger } from '../kit/types.ts';
import type { ZohoClient } from './client.ts';
import { channelIdFor, ensureChannel, watchedEvents } from './notifications.ts';

const CHECK_EVERY_MS = 3600_000;
const KEY = 'zoho:channel-checked-at';

export interface ChannelKeeper {
  keep(signal?: AbortSignal): Promise<void>;
}

export function channelKeeper(client: ZohoClient, o: { token: string | undefined; webhookUrl: string | undefined; modules: readonly string[]; state: ConnectionState | undefined; logger: Logger; now?: () => number }): ChannelKeeper {
  const now = o.now ?? Date.now;
  let checkedHere = 0;
  return {
    async keep(signal) {
      const { token, webhookUrl } = o;
      if (!token || !webhookUrl) return;
      const last = Math.max(checkedHere, Number((await o.state?.get<number>(KEY))?.value ?? 0));
      if (now() - last < CHECK_EVERY_MS) return;
      checkedHere = now();
      try {
        const action = await ensureChannel(client, { channelId: channelIdFor(token), token, notifyUrl: webhookUrl, events: watchedEvents(o.modules) }, now(), signal);
        await o.state?.set(KEY, checkedHere);
        if (action !== 'kept') o.logger.info({ system: 'zoho', action }, `Zoho CRM notification channel ${action}`);
      } catch (e) {
        o.logger.warn({ system: 'zoho', err: e instanceof Error ? e.message : String(e) }, 'Zoho CRM notification channel could not be kept; changes are still polled');
      }
    },
  };
}

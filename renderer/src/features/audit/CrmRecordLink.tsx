// A duplicate the CRM refused ("Contact already exists. Existing ID: 12345") names the record that holds
// the value; this links to it in HubSpot (portal id from the connection's last test + object id), so
// the admin can open it and merge or fix it. Without a portal id yet, the record id is still shown.
import { Anchor, Text } from '@mantine/core';
import type { AuditDetail } from '../../../../preload/contract/index.ts';
import { useCall } from '../../api.ts';

// HubSpot's object type ids, as in its record URLs (app.hubspot.com/contacts/<portal>/record/<type>/<id>).
const OBJECT_TYPE_IDS: Record<string, string> = { contacts: '0-1', companies: '0-2', deals: '0-3', products: '0-7', line_items: '0-8', invoices: '0-53' };

export function existingRecordId(message: string): string | null {
  return /Existing ID: (\d+)/.exec(message)?.[1] ?? null;
}

export function CrmRecordLink({ event }: { event: AuditDetail }) {
  const flows = useCall('flows:list', {});
  const connections = useCall('connections:list', {});
  const id = event.error ? existingRecordId(event.error.message) : null;
  const flow = flows.data?.find((f) => f.id === event.flowId);
  const dest = connections.data?.find((c) => c.id === flow?.destConnectionId);
  if (!id || dest?.system !== 'hubspot') return null;
  const portalId = dest.lastCheck?.learned?.['portalId'];
  const typeId = OBJECT_TYPE_IDS[event.destObject];
  if (portalId === undefined || !typeId) {
    return (
      <Text size="sm" mt={4}>
        The record that holds the value is HubSpot record {id}.
      </Text>
    );
  }
  return (
    <Anchor size="sm" mt={4} display="block" href={`https://app.hubspot.com/contacts/${encodeURIComponent(String(portalId))}/record/${typeId}/${id}`} target="_blank" rel="noreferrer">
      Open HubSpot record {id}, which holds the value
    </Anchor>
  );
}

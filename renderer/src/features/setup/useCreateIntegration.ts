// Creates what the wizard collected: the new connections (each once, even when a later step fails and
// the admin retries), then the integration's flows from its template, paused until "Start syncing".
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import type { Flow } from '../../../../preload/contract/index.ts';
import { callOrThrow, invalidateDomains, type ApiCallError } from '../../api.ts';
import type { SideChoice } from './ConnectionStep.tsx';
import type { FlowChoices } from './FlowsStep.tsx';

export interface IntegrationDraft {
  templateId: string;
  erp: SideChoice;
  crm: SideChoice;
  flows: FlowChoices;
  /** For a second company into the same CRM connection (KeyPrefixInput). */
  keyPrefix?: string;
}

export interface CreatedIntegration {
  flows: Flow[];
  /** Flows new to this integration: created paused. */
  created: Flow[];
  /** Flows of this integration that already ran between the same two connections: left untouched. */
  kept: Flow[];
}

export function useCreateIntegration() {
  const client = useQueryClient();
  const created = useRef(new Map<SideChoice, string>());

  const connectionId = async (side: SideChoice) => {
    if (side.kind === 'saved') return side.connection.id;
    const known = created.current.get(side);
    if (known) return known;
    const connection = await callOrThrow('connections:create', side.input);
    created.current.set(side, connection.id);
    return connection.id;
  };

  return useMutation<CreatedIntegration, ApiCallError, IntegrationDraft>({
    mutationFn: async (draft) => {
      try {
        const erpConnectionId = await connectionId(draft.erp);
        const crmConnectionId = await connectionId(draft.crm);
        const chosen = Object.entries(draft.flows).filter(([, c]) => c.selected);
        // Flows this integration already had between the same two connections are kept as they are.
        const before = new Set((await callOrThrow('flows:list', {})).map((f) => f.id));
        const flows = await callOrThrow('flows:fromTemplate', {
          template: draft.templateId,
          erpConnectionId,
          crmConnectionId,
          flows: chosen.map(([key]) => key),
          schedules: Object.fromEntries(chosen.map(([key, c]) => [key, c.schedule])),
          ...(draft.keyPrefix && { keyPrefix: draft.keyPrefix }),
          // Nothing is written to either system until the admin starts syncing (DryRunStep).
          paused: true,
        });
        return { flows, created: flows.filter((f) => !before.has(f.id)), kept: flows.filter((f) => before.has(f.id)) };
      } finally {
        await invalidateDomains(client, ['connections', 'flows']);
      }
    },
  });
}

// Audit-log browser: filter, scroll through any number of events, open one, replay, export.
import { Box, CloseButton, Group, Stack } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { AuditFilter, ReplayMode } from '../../../../preload/contract/index.ts';
import { useCall } from '../../api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { PageHeader } from '../../app/PageHeader.tsx';
import { AuditFilters, UnresolvedAndClear, isEmptyForm } from './AuditFilters.tsx';
import { AuditTable } from './AuditTable.tsx';
import { AuditToolbar } from './AuditToolbar.tsx';
import { EventDrawer } from './EventDrawer.tsx';
import { ReplayError } from './ReplayError.tsx';
import { ReplayOutcome } from './ReplayOutcome.tsx';
import { formFromParams, paramsFromForm, toAuditFilter, type FilterForm } from './auditFilter.ts';
import { useAuditEvents } from './useAuditEvents.ts';
import { useReplay } from './useReplay.ts';
import { groupByIntegration, integrationKeyOf } from '../flows/integrations.ts';
import { useConnectionNames } from '../flows/useConnectionNames.ts';

export function AuditPage() {
  const [params, setParams] = useSearchParams();
  // The inputs are driven by local state (instant typing and ticking); the address follows it, and a
  // change of address from elsewhere (a dashboard link, Back) resets the inputs.
  const [form, setFormState] = useState<FilterForm>(() => formFromParams(params));
  const written = useRef(paramsFromForm(form).toString());
  const filterParams = paramsFromForm(formFromParams(params)).toString();
  useEffect(() => {
    if (filterParams !== written.current) {
      written.current = filterParams;
      setFormState(formFromParams(new URLSearchParams(filterParams)));
    }
  }, [filterParams]);
  const flows = useCall('flows:list', {});
  const connectionName = useConnectionNames();
  const integrations = useMemo(() => groupByIntegration(flows.data ?? [], connectionName), [flows.data, connectionName]);
  // A deleted flow's events stay in the log, under its name marked as deleted, and in its integration's.
  const deletedFlows = useCall('flows:deleted', {});
  const integrationFlowIds = (key: string) => [
    ...(integrations.find((g) => g.key === key)?.flows.map((f) => f.id) ?? []),
    ...(deletedFlows.data ?? []).filter((f) => integrationKeyOf(f) === key).map((f) => f.id),
  ];
  const [filterKey] = useDebouncedValue(JSON.stringify(toAuditFilter(form, integrationFlowIds)), 300);
  const filter = useMemo(() => JSON.parse(filterKey) as AuditFilter, [filterKey]);
  const names = useMemo(
    () => new Map([...(deletedFlows.data ?? []).map((f) => [f.id, `${f.name} (deleted flow)`] as const), ...(flows.data ?? []).map((f) => [f.id, f.name] as const)]),
    [flows.data, deletedFlows.data],
  );
  const flowName = useCallback((id: string) => names.get(id) ?? id, [names]);

  const list = useAuditEvents(filter);
  const client = useQueryClient();
  const replay = useReplay();
  const [replayMode, setReplayMode] = useState<ReplayMode>('auto');
  const [selection, setSelection] = useState<{ key: string; ids: Set<number> }>({ key: filterKey, ids: new Set() });
  const selected = selection.key === filterKey ? selection.ids : new Set<number>();
  const openId = params.get('event') ? Number(params.get('event')) : null;

  const setForm = (f: FilterForm) => {
    setFormState(f);
    written.current = paramsFromForm(f).toString();
    setParams(paramsFromForm(f, params), { replace: true });
  };
  // An event's run link: that run's events, every one (other filters cleared), with the drawer closed;
  // Back returns to the event.
  const showRun = (runId: string) => {
    const f = formFromParams(new URLSearchParams({ run: runId }));
    setFormState(f);
    written.current = paramsFromForm(f).toString();
    setParams(paramsFromForm(f));
  };
  const setOpen = (id: number | null) => {
    const next = new URLSearchParams(params);
    if (id === null) next.delete('event');
    else next.set('event', String(id));
    setParams(next, { replace: true });
  };
  const toggle = (id: number) => {
    const ids = new Set(selected);
    if (ids.has(id)) ids.delete(id);
    else ids.add(id);
    setSelection({ key: filterKey, ids });
  };
  const toggleAll = (select: boolean) => setSelection({ key: filterKey, ids: select ? new Set(list.events.map((e) => e.id)) : new Set() });

  return (
    <Stack gap="sm" h="calc(100dvh - var(--app-shell-header-height, 56px) - 2 * var(--mantine-spacing-lg))">
      <PageHeader title="Audit log" description="Every record each run read and what it did with it. Open a failure to see why, fix the cause, replay it." />
      <AuditFilters value={form} onChange={setForm} flowName={flowName} flows={flows.data ?? []} deletedFlows={deletedFlows.data ?? []} integrations={integrations} />
      <AuditToolbar
        filter={filter}
        extra={<UnresolvedAndClear value={form} onChange={setForm} />}
        selectedCount={selected.size}
        replaying={replay.isPending}
        stale={list.isStale && !list.isFetching}
        replayMode={replayMode}
        onReplayModeChange={setReplayMode}
        onReplaySelected={() => replay.mutate({ ids: [...selected].slice(0, 10_000), mode: replayMode }, { onSuccess: () => setSelection({ key: filterKey, ids: new Set() }) })}
        onReplayAllFailed={() => replay.mutate({ failedIn: filter, mode: replayMode })}
        onClearSelection={() => setSelection({ key: filterKey, ids: new Set() })}
        onRefresh={() => void client.resetQueries({ queryKey: ['audit:query', filter] })}
      />
      {replay.data && !openId && (
        <Group align="flex-start" wrap="nowrap" gap="xs">
          <Box flex={1}>
            <ReplayOutcome outcome={replay.data} />
          </Box>
          <CloseButton aria-label="Hide the replay outcome" onClick={() => replay.reset()} />
        </Group>
      )}
      {replay.isError && <ReplayError error={replay.error} />}
      {list.isError ? (
        <ErrorAlert error={list.error} title="Could not load the audit log" onRetry={() => void list.refetch()} />
      ) : (
        <Box flex={1} mih={240}>
          <AuditTable
            events={list.events}
            flowName={flowName}
            selected={selected}
            onToggle={toggle}
            onToggleAll={toggleAll}
            onOpen={setOpen}
            openId={openId}
            hasNextPage={list.hasNextPage || list.isPending}
            isFetchingNextPage={list.isFetchingNextPage || list.isPending}
            fetchNextPage={() => void list.fetchNextPage()}
            emptyText={isEmptyForm(form) ? 'Nothing recorded yet. Every record a run, a replay or a re-sync touches is listed here, with what was sent and how it ended.' : 'No events match these filters.'}
          />
        </Box>
      )}
      <EventDrawer eventId={openId} flowName={flowName} onClose={() => setOpen(null)} onOpen={setOpen} onShowRun={showRun} />
    </Stack>
  );
}

// Field-mapping editor of one flow: key, rules (destination ← source, transforms, owner in two-way
// flows), lookup tables; checked inline, previewed on live records, saved with flows:update.
import { Alert, Anchor, Badge, Breadcrumbs, Button, Grid, Group, Modal, Paper, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { Link, useBlocker, useParams } from 'react-router-dom';
import type { Flow } from '../../../../preload/contract/index.ts';
import { useCall, useMutationCall } from '../../api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { QueryState } from '../../app/QueryState.tsx';
import { IconPlus } from '../../app/icons.tsx';
import { notifySuccess } from '../../app/notify.ts';
import { ApplyToAllOffer } from './ApplyToAllOffer.tsx';
import { KeyEditor } from './KeyEditor.tsx';
import { LookupTables } from './LookupTables.tsx';
import { FieldReference } from './FieldReference.tsx';
import { PreviewPanel, usePreview } from './PreviewPanel.tsx';
import { RuleRowEditor } from './RuleRowEditor.tsx';
import { fromDraft, newUid, normaliseProblemPath, rowProblems, toDraft, validateDraft, type MappingDraft, type Problems } from './mappingDraft.ts';

export function MappingPage() {
  const { flowId = '' } = useParams();
  const flow = useCall('flows:get', { id: flowId });
  // Kept outside the editor, which is rebuilt when the saved flow comes back.
  const [offer, setOffer] = useState(0);
  return (
    <QueryState query={flow} label="the flow">
      {(f) => (
        <Stack gap="md">
          {offer > 0 && <ApplyToAllOffer key={offer} flow={f} onClose={() => setOffer(0)} />}
          <MappingEditor key={`${f.id}:${f.updatedAt}`} flow={f} onSaved={() => setOffer((n) => n + 1)} />
        </Stack>
      )}
    </QueryState>
  );
}

function useFieldNames(connectionId: string, side: 'source' | 'dest', name: string) {
  const q = useCall('flows:fields', { connectionId, side, name }, { staleTime: 5 * 60_000 });
  return { query: q, names: useMemo(() => q.data?.map((f) => f.name) ?? null, [q.data]), fields: q.data ?? [] };
}

/** What this editor does not change, said plainly so nobody wonders where it went. */
function KeptAsIs({ rest }: { rest: MappingDraft['rest'] }) {
  const parts = [
    rest.lines ? `${rest.lines.fields.length} line field(s) from “${rest.lines.from}”` : null,
    rest.associations.length ? `${rest.associations.length} association(s)` : null,
    rest.match ? `matching on “${rest.match.from}” (only records the linked flow wrote)` : null,
  ].filter(Boolean);
  if (parts.length === 0) return null;
  return (
    <Alert color="gray" variant="light" mt="md">
      This flow also has {parts.join(', ')}; they are kept as they are.
    </Alert>
  );
}

function MappingEditor({ flow, onSaved }: { flow: Flow; onSaved: () => void }) {
  const [draft, setDraft] = useState<MappingDraft>(() => toDraft(flow.mapping));
  const [serverProblems, setServerProblems] = useState<Problems>(new Map());
  const source = useFieldNames(flow.sourceConnectionId, 'source', flow.sourceEntity);
  const dest = useFieldNames(flow.destConnectionId, 'dest', flow.destObject);
  const templates = useCall('flows:templates', {}, { staleTime: Infinity });
  const twoWay = Object.keys(flow.mapping.authority).length > 0 || templates.data?.some((t) => t.direction === 'two-way' && flow.template?.startsWith(t.id)) === true;

  const mapping = useMemo(() => fromDraft(draft), [draft]);
  const localProblems = useMemo(() => validateDraft(draft, source.names, dest.names), [draft, source.names, dest.names]);
  const problems = useMemo(() => new Map([...serverProblems, ...localProblems]), [serverProblems, localProblems]);
  const preview = usePreview(flow.id, mapping, localProblems.size === 0);
  const mappedFrom = useMemo(() => new Set(draft.rows.map((r) => (r.rule.from ?? '').split('.')[0]!).concat(draft.key.from)), [draft]);
  const mappedTo = useMemo(() => new Set(draft.rows.map((r) => r.rule.to).concat(draft.key.to)), [draft]);
  const addRule = (rule: MappingDraft['rows'][number]['rule']) => update((d) => ({ ...d, rows: [...d.rows, { uid: newUid(), rule }] }));
  const dirty = JSON.stringify(mapping) !== JSON.stringify(fromDraft(toDraft(flow.mapping)));

  const save = useMutationCall('flows:update', {
    onSuccess: () => {
      notifySuccess('Mapping saved', `${flow.name} uses it from its next run.`);
      onSaved();
    },
    onError: (e) => {
      const found: Problems = new Map();
      const list = e.data?.['problems'];
      if (Array.isArray(list)) for (const p of list as { path: string; message: string }[]) found.set(normaliseProblemPath(p.path), p.message);
      else if (e.path?.length) found.set(normaliseProblemPath(e.path), e.message);
      setServerProblems(found);
    },
  });
  useEffect(() => setServerProblems(new Map()), [draft]);

  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && !save.isPending && currentLocation.pathname !== nextLocation.pathname);
  const update = (change: (d: MappingDraft) => MappingDraft) => setDraft((d) => change(d));
  const sourceNames = source.names ?? [];
  const destNames = dest.names ?? [];
  const uniqueDest = dest.fields.filter((f) => f.unique).map((f) => f.name);
  const tableNames = Object.keys(draft.tables);

  return (
    <Stack gap="md">
      <Breadcrumbs>
        <Anchor component={Link} to="/flows">
          Flows
        </Anchor>
        <Text>{flow.name}</Text>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Title order={2}>Field mapping: {flow.name}</Title>
          <Text size="sm" c="dimmed">
            {flow.sourceEntity} → {flow.destObject}
            {twoWay ? ' · two-way: each property has an owner' : ''}
          </Text>
        </Stack>
        <Group gap="sm">
          {dirty && (
            <Badge color="yellow" variant="light">
              unsaved changes
            </Badge>
          )}
          <Button variant="default" disabled={!dirty || save.isPending} onClick={() => setDraft(toDraft(flow.mapping))}>
            Revert
          </Button>
          <Button disabled={!dirty || localProblems.size > 0} loading={save.isPending} onClick={() => save.mutate({ id: flow.id, patch: { mapping } })}>
            Save mapping
          </Button>
        </Group>
      </Group>
      {save.isError && <ErrorAlert error={save.error} title="The mapping was not saved" />}
      {source.query.isError && <ErrorAlert error={source.query.error} title="Could not read the source fields (names are not checked)" />}
      {dest.query.isError && <ErrorAlert error={dest.query.error} title="Could not read the destination properties (names are not checked)" />}

      <Paper withBorder p="md">
        <Tabs defaultValue="fields">
          <Tabs.List mb="md">
            <Tabs.Tab value="fields">Fields ({draft.rows.length})</Tabs.Tab>
            <Tabs.Tab value="key">Record key</Tabs.Tab>
            <Tabs.Tab value="tables">Lookup tables ({tableNames.length})</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="fields">
            {/* Below ~1100 px the rules scroll sideways inside the card rather than squeezing each input. */}
            <Table.ScrollContainer minWidth={860}>
              <Table verticalSpacing="xs" aria-label="Field rules">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w="26%">Destination property</Table.Th>
                    <Table.Th>Source</Table.Th>
                    <Table.Th w={130}>Transforms</Table.Th>
                    {twoWay && <Table.Th w={170}>Owner</Table.Th>}
                    <Table.Th w={40} />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {draft.rows.map((row, i) => (
                    <RuleRowEditor
                      key={row.uid}
                      index={i}
                      rule={row.rule}
                      onChange={(rule) => update((d) => ({ ...d, rows: d.rows.map((r) => (r.uid === row.uid ? { ...r, rule } : r)) }))}
                      onRemove={() => update((d) => ({ ...d, rows: d.rows.filter((r) => r.uid !== row.uid) }))}
                      problems={problems}
                      sourceFields={sourceNames}
                      destFields={destNames}
                      tables={tableNames}
                      twoWay={twoWay}
                      authority={draft.authority[row.rule.to] ?? 'source'}
                      onAuthority={(a) => update((d) => ({ ...d, authority: { ...d.authority, [row.rule.to]: a } }))}
                    />
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {draft.rows.some((_, i) => rowProblems(problems, i).length > 0) && (
              <Text size="sm" c="red" mt="xs" role="alert">
                {[...problems.keys()].filter((k) => k.startsWith('fields.')).length} problem(s) in the rules above.
              </Text>
            )}
            <Button mt="sm" variant="light" leftSection={<IconPlus size={14} />} onClick={() => update((d) => ({ ...d, rows: [...d.rows, { uid: newUid(), rule: { to: '', from: '' } }] }))}>
              Add field
            </Button>
            <KeptAsIs rest={draft.rest} />
          </Tabs.Panel>
          <Tabs.Panel value="key">
            <KeyEditor value={draft.key} onChange={(key) => update((d) => ({ ...d, key }))} problems={problems} sourceFields={sourceNames} uniqueDestFields={uniqueDest.length ? uniqueDest : destNames} />
          </Tabs.Panel>
          <Tabs.Panel value="tables">
            <LookupTables tables={draft.tables} onChange={(tables) => update((d) => ({ ...d, tables }))} problems={problems} />
          </Tabs.Panel>
        </Tabs>
      </Paper>

      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Paper withBorder p="md">
            <PreviewPanel preview={preview} valid={localProblems.size === 0} />
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Paper withBorder p="md">
            <FieldReference
              source={source.fields}
              dest={dest.fields}
              mappedFrom={mappedFrom}
              mappedTo={mappedTo}
              sample={preview.data?.[0]?.before}
              onMapSource={(from) => addRule({ to: '', from })}
              onMapDest={(to) => addRule({ to, from: '' })}
            />
          </Paper>
        </Grid.Col>
      </Grid>

      <Modal opened={blocker.state === 'blocked'} onClose={() => blocker.reset?.()} title="Leave without saving?">
        <Stack>
          <Text size="sm">The mapping has changes that are not saved.</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => blocker.reset?.()}>
              Stay
            </Button>
            <Button color="red" onClick={() => blocker.proceed?.()}>
              Discard changes
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

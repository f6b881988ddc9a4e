// The audit list: a virtualized table (react-table for columns, react-virtual for rows) that renders
// only what is on screen and loads the next keyset page as the admin nears the end. Keyboard: Tab to
// a row, ↑/↓ to move, Enter to open, Space to select.
import { Checkbox, Group, Loader, Text } from '@mantine/core';
import { columnSizingFeature, createColumnHelper, tableFeatures, useTable } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import type { AuditEvent } from '../../../../preload/contract/index.ts';
import { formatDateTime, formatShortDateTime } from '../../app/format.ts';
import { ActionBadge } from './ActionBadge.tsx';
import classes from './AuditTable.module.css';

const features = tableFeatures({ columnSizingFeature });
const helper = createColumnHelper<typeof features, AuditEvent>();
const rowHeight = 44;

interface Props {
  events: AuditEvent[];
  flowName: (id: string) => string;
  selected: ReadonlySet<number>;
  onToggle: (id: number) => void;
  onToggleAll: (select: boolean) => void;
  onOpen: (id: number) => void;
  openId: number | null;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => void;
  /** What an empty list says: no match for the filters, or nothing recorded yet. */
  emptyText: string;
}

export function AuditTable(props: Props) {
  const { events, flowName, selected, onToggle, onToggleAll, onOpen, openId, hasNextPage, isFetchingNextPage, fetchNextPage, emptyText } = props;
  const columns = useMemo(
    () =>
      helper.columns([
        helper.display({ id: 'select', size: 44, header: () => null, cell: () => null }),
        helper.accessor('at', { header: 'Time', size: 130, cell: (c) => formatShortDateTime(c.getValue()) }),
        helper.accessor('flowId', { header: 'Flow', size: 140, cell: (c) => <span title={flowName(c.getValue())}>{flowName(c.getValue())}</span> }),
        helper.accessor('action', { header: 'Action', size: 170, cell: (c) => <ActionBadge event={c.row.original} /> }),
        helper.accessor('sourceId', {
          header: 'Record',
          size: 180,
          cell: (c) => {
            // The record's name with its id beside it; an id that is its own label is shown once.
            const { sourceLabel, sourceEntity } = c.row.original;
            const label = sourceLabel && sourceLabel !== c.getValue() ? sourceLabel : null;
            return (
              <span title={`${sourceEntity} ${c.getValue()}`}>
                <b>{label ?? c.getValue()}</b> <Text span size="xs" c="dimmed">{label ? c.getValue() : sourceEntity}</Text>
              </span>
            );
          },
        }),
        helper.accessor('destId', { header: 'Destination id', size: 110, cell: (c) => c.getValue() ?? '—' }),
        // The cell is cut to its width; the whole message and what to do about it show on hover (and in the drawer).
        helper.accessor((e) => e.error?.message ?? '', {
          id: 'error',
          header: 'Error',
          size: 160,
          cell: (c) => <span title={[c.getValue(), c.row.original.error?.hint].filter(Boolean).join('\n')}>{c.getValue()}</span>,
        }),
      ]),
    [flowName],
  );
  const table = useTable({ features, columns, data: events, getRowId: (e) => String(e.id) });
  const rows = table.getRowModel().rows;

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length + (hasNextPage ? 1 : 0),
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const last = items[items.length - 1];

  useEffect(() => {
    if (last && last.index >= rows.length - 40 && hasNextPage && !isFetchingNextPage) fetchNextPage();
  }, [last, rows.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  const focusRow = useCallback(
    (index: number) => {
      const i = Math.max(0, Math.min(rows.length - 1, index));
      virtualizer.scrollToIndex(i, { align: 'auto' });
      requestAnimationFrame(() => scrollRef.current?.querySelector<HTMLElement>(`[data-index="${i}"]`)?.focus());
    },
    [rows.length, virtualizer],
  );

  const onKey = (e: KeyboardEvent<HTMLDivElement>, index: number, id: number) => {
    if (e.key === 'ArrowDown') focusRow(index + 1);
    else if (e.key === 'ArrowUp') focusRow(index - 1);
    else if (e.key === 'Home') focusRow(0);
    else if (e.key === 'End') focusRow(rows.length - 1);
    else if (e.key === 'PageDown') focusRow(index + 10);
    else if (e.key === 'PageUp') focusRow(index - 10);
    else if (e.key === 'Enter') onOpen(id);
    else if (e.key === ' ') onToggle(id);
    else return;
    e.preventDefault();
  };

  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.original.id));
  const someSelected = !allSelected && rows.some((r) => selected.has(r.original.id));

  return (
    <div ref={scrollRef} className={classes.scroller} role="table" aria-label="Audit events" aria-rowcount={-1}>
      <div className={classes.head} role="row">
        {table.getHeaderGroups()[0]!.headers.map((h, i, all) => (
          <div key={h.id} role="columnheader" className={`${classes.headCell} ${i === all.length - 1 ? classes.grow : ''}`} style={{ width: h.getSize() }}>
            {h.id === 'select' ? (
              <Checkbox
                size="xs"
                aria-label="Select all loaded events"
                checked={allSelected}
                indeterminate={someSelected}
                onChange={(e) => onToggleAll(e.currentTarget.checked)}
              />
            ) : (
              <table.FlexRender header={h} />
            )}
          </div>
        ))}
      </div>
      {rows.length === 0 && !hasNextPage && (
        <Text size="sm" c="dimmed" ta="center" py="xl" role="status">
          {emptyText}
        </Text>
      )}
      <div className={classes.body} role="rowgroup" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const row = rows[item.index];
          if (!row) {
            return (
              <div key="loader" role="row" className={classes.row} style={{ height: rowHeight, transform: `translateY(${item.start}px)`, cursor: 'default' }}>
                <Group gap="xs" px="md" role="cell">
                  <Loader size="xs" />
                  <Text size="sm" c="dimmed">
                    Loading more events…
                  </Text>
                </Group>
              </div>
            );
          }
          const event = row.original;
          const isSelected = selected.has(event.id);
          return (
            <div
              key={row.id}
              role="row"
              tabIndex={0}
              data-index={item.index}
              aria-selected={isSelected}
              aria-current={openId === event.id ? 'true' : undefined}
              aria-label={`${event.action} ${event.sourceLabel ?? event.sourceId} at ${formatDateTime(event.at, true)}`}
              className={`${classes.row} ${isSelected || openId === event.id ? classes.selected : ''}`}
              style={{ height: rowHeight, transform: `translateY(${item.start}px)` }}
              onClick={() => onOpen(event.id)}
              onKeyDown={(e) => onKey(e, item.index, event.id)}
            >
              {row.getAllCells().map((cell, i, all) => (
                <div key={cell.id} role="cell" className={`${classes.cell} ${i === all.length - 1 ? classes.grow : ''}`} style={{ width: cell.column.getSize() }}>
                  {cell.column.id === 'select' ? (
                    <Checkbox
                      size="xs"
                      tabIndex={-1}
                      aria-label={`Select event ${event.id}`}
                      checked={isSelected}
                      onClick={(e) => e.stopPropagation()}
                      onChange={() => onToggle(event.id)}
                    />
                  ) : (
                    <table.FlexRender cell={cell} />
                  )}
                </div>
              ))}
            </div>
          );
        })}
      </div>
    </div>
  );
}

// What a replay sends, chosen explicitly: by the failure's cause (the default), the stored payload, or
// the record read again from the source. Shared by the bulk replay (toolbar) and its confirmation.
import { Select } from '@mantine/core';
import type { ReplayMode } from '../../../../preload/contract/index.ts';

export const replayModes: { value: ReplayMode; label: string; help: string }[] = [
  { value: 'auto', label: 'By each failure’s cause', help: 'A value the destination refused that came from the source is read again from the source; a conflict on the destination’s side resends the stored payload.' },
  { value: 'stored', label: 'Resend stored payloads', help: 'For a cause fixed on the destination’s side. Works while the source is unreachable.' },
  { value: 'reread', label: 'Re-read from the source', help: 'For a cause fixed in the source system: the latest data is read and sent.' },
];

export function ReplayModePicker({ value, onChange }: { value: ReplayMode; onChange: (m: ReplayMode) => void }) {
  return (
    <Select
      size="xs"
      w={210}
      aria-label="What replay sends"
      data={replayModes.map((m) => ({ value: m.value, label: m.label }))}
      value={value}
      allowDeselect={false}
      onChange={(v) => onChange((v as ReplayMode | null) ?? 'auto')}
    />
  );
}

// The Mantine theme: system fonts (no web fonts to fetch), a calm primary colour, compact defaults
// that suit a desktop admin tool.
import { createTheme, NumberInput } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'indigo',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  fontFamilyMonospace: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
  defaultRadius: 'md',
  focusRing: 'auto',
  components: {
    // A number out of range is shown as an error by the form's validation, never silently changed to the
    // nearest allowed value (−5 days must not quietly become 1).
    NumberInput: NumberInput.extend({ defaultProps: { clampBehavior: 'none' } }),
  },
});

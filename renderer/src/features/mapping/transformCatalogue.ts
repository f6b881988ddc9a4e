// The transforms the mapping engine knows, with their parameters, for the editor's pickers.
// The service validates every mapping against its own library on preview and save (an unknown name
// or a missing parameter comes back as an error naming the rule), so this list only guides input.
// The service lists the same in `flows:transforms`; test/contract/transform-catalogue.test.ts keeps
// this copy identical to it, so the pickers work offline and can never offer what the engine lacks.
export interface TransformParamInfo {
  name: string;
  required: boolean;
  type: 'string' | 'number' | 'boolean' | 'any' | 'fields' | 'choice';
  help: string;
  choices?: string[];
}

export interface TransformInfo {
  fn: string;
  label: string;
  help: string;
  params: TransformParamInfo[];
}

export const transformCatalogue: TransformInfo[] = [
  { fn: 'trim', label: 'Trim spaces', help: 'Remove leading and trailing spaces (and collapse inner runs).', params: [] },
  { fn: 'upper', label: 'UPPER CASE', help: 'UPPER CASE.', params: [] },
  { fn: 'lower', label: 'lower case', help: 'lower case.', params: [] },
  { fn: 'titleCase', label: 'Title Case', help: 'Title Case Each Word.', params: [] },
  { fn: 'splitName', label: 'Split name', help: 'Take the first or last name out of a full name.', params: [{ name: 'part', required: true, type: 'choice', choices: ['first', 'last'], help: 'which part' }] },
  { fn: 'number', label: 'To number', help: 'Convert to a number ("1,234.50" → 1234.5); blank stays empty.', params: [] },
  { fn: 'round', label: 'Round', help: 'Round to a number of decimals.', params: [{ name: 'digits', required: false, type: 'number', help: 'decimals, default 2' }] },
  { fn: 'date', label: 'Date format', help: 'Reformat a date.', params: [{ name: 'format', required: true, type: 'choice', choices: ['date', 'datetime', 'epoch-ms'], help: 'date (YYYY-MM-DD), datetime (ISO) or epoch-ms' }] },
  { fn: 'default', label: 'Default when empty', help: 'Use this value when the field is empty.', params: [{ name: 'value', required: true, type: 'any', help: 'the fallback value' }] },
  { fn: 'constant', label: 'Constant', help: 'Always this value.', params: [{ name: 'value', required: true, type: 'any', help: 'the value' }] },
  {
    fn: 'lookup',
    label: 'Lookup table',
    help: 'Translate a code through one of this mapping’s tables.',
    params: [
      { name: 'table', required: true, type: 'string', help: 'name of a lookup table' },
      { name: 'fallback', required: false, type: 'any', help: 'value for codes not in the table ($value keeps the code); without it an unknown code fails the record' },
    ],
  },
  { fn: 'required', label: 'Required', help: 'Fail the record when the value is empty.', params: [{ name: 'message', required: false, type: 'string', help: 'reason shown in the audit log' }] },
  { fn: 'truncate', label: 'Truncate', help: 'Cut text to a maximum length.', params: [{ name: 'max', required: true, type: 'number', help: 'maximum characters' }] },
  { fn: 'last', label: 'Keep the end', help: 'Keep the last characters of a text (a long id → a short code).', params: [{ name: 'max', required: true, type: 'number', help: 'characters to keep' }] },
  { fn: 'prefix', label: 'Add a prefix', help: 'Put text before a value ("624011" → "Z624011"); an empty value stays empty.', params: [{ name: 'value', required: true, type: 'string', help: 'the prefix' }] },
  { fn: 'stripPrefix', label: 'Remove a prefix', help: 'Take a prefix off ("CUST-1200" → "1200"); a value without it becomes empty.', params: [{ name: 'value', required: true, type: 'string', help: 'the prefix' }] },
  { fn: 'domain', label: 'Website → domain', help: '"https://www.Acme.com/about" → "acme.com".', params: [] },
  { fn: 'boolean', label: 'Yes/No → boolean', help: 'Yes/No, 1/0, true/false → true or false.', params: [] },
  {
    fn: 'concat',
    label: 'Append fields',
    help: 'Append other source fields with a separator (skips empty parts).',
    params: [
      { name: 'fields', required: true, type: 'fields', help: 'source fields to append' },
      { name: 'separator', required: false, type: 'string', help: 'default " "' },
    ],
  },
];

export const transformByFn = new Map(transformCatalogue.map((t) => [t.fn, t]));

// Hostile inputs for the property tests: any Unicode (astral planes, lone surrogates), control and
// invisible characters, number-looking and prototype-looking strings, huge and empty strings, and JSON
// values built from them. What an ERP export, a CRM answer or a proxy's error page can contain.
import fc from 'fast-check';

const CONTROL = ['\u0000', '\u0001', '\u0007', '\b', '\t', '\n', '\v', '\f', '\r', '\u001b', '\u007f', '\u0085', '\u00a0', '\u1680', '\u2028', '\u2029', '\u200b', '\u200d', '\u202e', '\ufeff', '\ufffd', '\ud800', '\udfff'];

export const SPECIAL_STRINGS = [
  '', ' ', '   ', '\t\n', 'null', 'undefined', 'NaN', 'Infinity', '-Infinity', '-0', '0', '1e999', '-1e999', '1e-400', '0x1F', '1,234.50', '(12.5)', '00000000',
  '20241301', '2023-02-30', '9999-12-31', '0000-01-01', '/Date(1709251200000)/', '/Date(-99999999999999999)/', 'yes', 'No', 'true', '__proto__', 'constructor',
  'toString', 'hasOwnProperty', '{}', '[]', '{"a":1}', '<html><body>503 Service Unavailable</body></html>', "O'Neil", "''", '"', '\\', '%00', '${x}', '{CustomerName}',
  '😀', '👨‍👩‍👧‍👦', 'Zoë', 'ß', 'İ', 'ﬃ', '株式会社', 'مرحبا', 'Ж', '\u0301', 'a\u0000b',
];

/** A string from one of several hostile families. */
export const nastyString = (maxLength = 40): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength }) },
    { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength }) },
    { weight: 2, arbitrary: fc.string({ unit: fc.constantFrom(...CONTROL, 'a', ' ', '1'), maxLength }) },
    { weight: 3, arbitrary: fc.constantFrom(...SPECIAL_STRINGS) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('a', 'é', '😀', ' ', "'", '\u0000', '9'), fc.integer({ min: 5_000, max: 50_000 })).map(([c, n]) => c.repeat(n)) },
  );

export const nastyNumber: fc.Arbitrary<number> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, 1e21, -1e21, 1e308, Number.MAX_VALUE, Number.MIN_VALUE, Number.MAX_SAFE_INTEGER, 2 ** 53 + 1, 0.1 + 0.2, 2.675, -2.5, 1e-7, 253402300800000, -8.64e15),
);

/** A value a mapping parameter may hold (transformSchema: string, number, boolean, null or a list of strings). */
export const paramValue: fc.Arbitrary<string | number | boolean | null | string[]> = fc.oneof(nastyString(20), nastyNumber, fc.boolean(), fc.constant(null), fc.array(nastyString(10), { maxLength: 3 }));

/** Scalars and small containers of them, like JSON-parsed ERP/CRM data. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: nastyString() },
  { weight: 2, arbitrary: nastyNumber },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.array(nastyString(10), { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(nastyString(8), nastyString(10), { maxKeys: 3 }).map((d) => ({ ...d })) },
);

/** A JSON value (as JSON.parse would hand it over) made of hostile strings. */
export const nastyJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    nastyString(20),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(nastyString(10), tie('value'), { maxKeys: 4 }).map((d) => ({ ...d })),
  ),
})).value;

/** A record whose fields are the given names (each present or not) with hostile values, plus noise fields. */
export const recordWith = (fields: readonly string[]): fc.Arbitrary<Record<string, unknown>> =>
  fc
    .tuple(
      fc.record(Object.fromEntries(fields.map((f) => [f, nastyValue])), { requiredKeys: [] }),
      fc.dictionary(nastyString(12), nastyValue, { maxKeys: 3 }),
    )
    .map(([known, noise]) => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(noise)) if (k !== '__proto__') out[k] = v;
      return Object.assign(out, known);
    });

/** An object with its own toString/valueOf key (JSON `{"toString": ""}`): String() of it throws (apply.ts defect, pinned in apply-mapping.property.test.ts). */
export function hasPrimitiveTrap(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return false;
  if (!Array.isArray(v) && (Object.hasOwn(v, 'toString') || Object.hasOwn(v, 'valueOf'))) return true;
  return Object.values(v).some(hasPrimitiveTrap);
}

// Switches: the behaviours a vendor's spec leaves unverified, or that differ between installs, so tests
// can pin a client against every possible answer. Each sandbox declares them as one zod object whose
// fields have defaults and `.describe()` texts; the same declaration parses `--switch NAME=VALUE`
// (strings), SandboxOptions.switches and the admin API, and lists them for `--help`.
import { z } from 'zod';

/** A boolean that also accepts the strings `true`/`false`/`1`/`0` (command line). */
export const switchBool = z.union([z.boolean(), z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1')]);
/** A non-negative integer that also accepts its decimal string. */
export const switchInt = z.coerce.number().int().min(0);

export type SwitchShape = z.ZodRawShape;

export interface SwitchDescription {
  name: string;
  /** The default, as `--switch` would write it. */
  default: string;
  description: string;
}

export class SwitchError extends Error {
  override name = 'SwitchError';
}

export interface SwitchSet<S extends SwitchShape> {
  readonly schema: z.ZodObject<S>;
  /** Every switch at its default, overridden by `input`; unknown names and bad values are errors. */
  parse(input?: Record<string, unknown>): z.infer<z.ZodObject<S>>;
  /** Running switches with a partial change applied (admin API). */
  merge(current: z.infer<z.ZodObject<S>>, change: Record<string, unknown>): z.infer<z.ZodObject<S>>;
  describe(): SwitchDescription[];
}

function defaultOf(field: z.ZodType): unknown {
  const parsed = field.safeParse(undefined);
  return parsed.success ? parsed.data : undefined;
}

export function defineSwitches<S extends SwitchShape>(system: string, shape: S): SwitchSet<S> {
  const schema = z.object(shape);
  const known = Object.keys(shape);
  const check = (input: Record<string, unknown>): void => {
    const unknown = Object.keys(input).filter((k) => !known.includes(k));
    if (unknown.length) throw new SwitchError(`Unknown ${system} sandbox switch: ${unknown.join(', ')}. Known: ${known.join(', ')}.`);
  };
  const parse = (input: Record<string, unknown>): z.infer<z.ZodObject<S>> => {
    check(input);
    const result = schema.safeParse(input);
    if (!result.success) {
      const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw new SwitchError(`Bad ${system} sandbox switch value (${problems}). See \`ml-connector sandbox ${system} --help\` for each switch's values.`);
    }
    return result.data;
  };
  return {
    schema,
    parse: (input = {}) => parse(input),
    merge: (current, change) => {
      check(change);
      return parse({ ...current, ...change });
    },
    describe: () =>
      known.map((name) => {
        const field = shape[name] as z.ZodType;
        const d = defaultOf(field);
        return { name, default: d === undefined ? '' : String(d), description: field.description ?? '' };
      }),
  };
}

/** `NAME=VALUE` strings (repeatable `--switch`) into an object; later ones win. */
export function parseSwitchArgs(args: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq <= 0) throw new SwitchError(`--switch needs NAME=VALUE, got "${arg}".`);
    out[arg.slice(0, eq).trim()] = arg.slice(eq + 1);
  }
  return out;
}

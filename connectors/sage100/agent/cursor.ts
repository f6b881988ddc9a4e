// Keyset cursors: the last row's ordering tuple plus a digest of the filters the cursor was issued
// with, so a cursor replayed with other filters is refused (`request.cursor_mismatch`) instead of
// silently skipping rows. Opaque to clients (base64url JSON).
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AgentError, invalidParameter } from './errors.ts';

export type OrderMode = 'stamp' | 'key';

const cursorSchema = z.object({ v: z.literal(1), f: z.string(), m: z.enum(['stamp', 'key']), k: z.array(z.union([z.string(), z.number()])) });
export type CursorTuple = (string | number)[];

export function filterDigest(filters: Record<string, string>): string {
  const sorted = Object.keys(filters).sort().map((k) => [k, filters[k]]);
  return createHash('sha256').update(JSON.stringify(sorted)).digest('base64url').slice(0, 16);
}

export function encodeCursor(digest: string, mode: OrderMode, tuple: CursorTuple): string {
  return Buffer.from(JSON.stringify({ v: 1, f: digest, m: mode, k: tuple })).toString('base64url');
}

export function decodeCursor(text: string, digest: string, mode: OrderMode): CursorTuple {
  let parsed: z.infer<typeof cursorSchema>;
  try {
    parsed = cursorSchema.parse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
  } catch {
    throw invalidParameter('cursor is not a cursor this agent issued; start again without it.', { parameter: 'cursor' });
  }
  if (parsed.f !== digest || parsed.m !== mode) {
    throw new AgentError('request.cursor_mismatch', 'The cursor was issued for other filters; send the same path and filters (updatedSince, ARDivisionNo, CustomerNo, ...) with it, or start again without a cursor.');
  }
  return parsed.k;
}

// What Test connection found for details not saved yet (the setup wizard and the edit form test before
// saving), so that saving exactly those details keeps the test as the connection's last one: the
// Connections page then says "passed, 3 minutes ago" instead of "never" for a connection tested a moment
// before it was created. The service decides, not the renderer: a result counts only for a save whose
// system, settings, certificate trust and secrets are the ones that were checked, byte for byte.
//
// Kept in memory (a save follows its test within the same session) under a keyed digest: the secrets that
// take part in it are never stored, and the digest cannot be tried against guessed passwords outside this
// process.
import { createHmac, randomBytes } from 'node:crypto';
import type { CheckResultView } from '../../preload/contract/index.ts';
import type { TransportTrust } from '../engine/transport-policy.ts';

/**
 * Exactly what a check used: the connection's system, its settings as the connector is given them (its
 * parsed config, defaults applied, so a form that adds a default changes nothing), its transport trust
 * and every secret.
 */
export interface CheckedDetails {
  system: string;
  settings: unknown;
  tls: TransportTrust;
  secrets: Record<string, string>;
}

/** A test older than this no longer stands for the details (the server may have changed since). */
const KEEP_MS = 60 * 60_000;
/** Tests remembered at most: a wizard tests a few drafts per side. */
const MAX_KEPT = 50;

/** JSON with object keys sorted at every level, so equal details give equal text. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

const detailsText = (d: CheckedDetails) => canonical({ system: d.system, settings: d.settings, tls: d.tls, secrets: d.secrets });

/** The same details to check: a save that keeps them (a new name only) keeps the connection's last test. */
export const sameDetails = (a: CheckedDetails, b: CheckedDetails) => detailsText(a) === detailsText(b);

export interface TestedDrafts {
  /** Remembers the result of a check of these details (the latest one wins). */
  remember(details: CheckedDetails, result: CheckResultView): void;
  /** The result of the last check of exactly these details, while it is recent; else null. */
  resultFor(details: CheckedDetails): CheckResultView | null;
}

export function testedDrafts(now: () => number = Date.now): TestedDrafts {
  const key = randomBytes(32);
  const results = new Map<string, { result: CheckResultView; at: number }>();
  const digest = (d: CheckedDetails) => createHmac('sha256', key).update(detailsText(d)).digest('hex');
  const prune = () => {
    const oldest = now() - KEEP_MS;
    for (const [k, v] of results) if (v.at < oldest) results.delete(k);
    while (results.size > MAX_KEPT) results.delete(results.keys().next().value!);
  };
  return {
    remember(details, result) {
      const k = digest(details);
      results.delete(k); // re-inserted last: the newest stay when the oldest are dropped
      results.set(k, { result, at: now() });
      prune();
    },
    resultFor(details) {
      prune();
      return results.get(digest(details))?.result ?? null;
    },
  };
}

// Watermarks of sources that stamp server-local times (the manifest's `timeZone(config)`: SAP B1,
// Sage 100, Intacct). The engine stores such a watermark as the UTC instant of the run's signpost —
// unambiguous, unlike a wall-clock time in the hour a fall-back repeats, and still right when the admin
// corrects the connection's zone — and hands the source its own form only when reading, from an instant
// early enough that a change in a repeated hour is not missed (kit/time-zone.ts). Sources that stamp UTC
// keep storing what their `watermarkFor` says.
import type { SourceEntity } from '../../connectors/kit/types.ts';
import { localReadFrom } from '../../connectors/kit/time-zone.ts';

/** A stored UTC instant. Anything else was written in the source's own form (by an older version). */
const UTC_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** What to store once a run has read everything up to `signpost`. */
export function watermarkToStore(source: Pick<SourceEntity, 'watermarkFor'>, signpost: Date, timeZone: string | null): string {
  return timeZone ? signpost.toISOString() : source.watermarkFor(signpost);
}

/** What to pass the source's `read({ since })` for a stored watermark (null: read everything). */
export function sinceForRead(source: Pick<SourceEntity, 'watermarkFor'>, stored: string | null, timeZone: string | null): string | null {
  if (stored === null || !timeZone || !UTC_INSTANT.test(stored)) return stored;
  return source.watermarkFor(localReadFrom(new Date(stored), timeZone));
}

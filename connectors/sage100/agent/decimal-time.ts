// Sage 100 stores times as strings of decimal hours since midnight (ProvideX TIM): `15.5` is 15:30:00,
// `8.49238` ≈ 08:29:32 (spec §2.3). Precision and padding vary (`14.5`, `14.50000`), so a time is always
// parsed as a number and never compared as text.

/** Whole seconds since midnight, or null for a blank or unreadable time. Rounded as the spec's formula does. */
export function decimalHoursToSeconds(raw: string | null | undefined): number | null {
  const text = (raw ?? '').trim();
  if (!text) return null;
  const v = Number(text);
  if (!Number.isFinite(v) || v < 0 || v >= 24) return null;
  const h = Math.floor(v);
  const m = Math.floor((v - h) * 60);
  const s = Math.round(((v - h) * 60 - m) * 60);
  return Math.min(h * 3600 + m * 60 + s, 86_399);
}

/** `HH:MM:SS` for a number of seconds since midnight. */
export function clockText(seconds: number): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(Math.floor(seconds / 3600))}:${two(Math.floor((seconds % 3600) / 60))}:${two(seconds % 60)}`;
}

/** `YYYY-MM-DDTHH:MM:SS` (server-local, no zone) from a Sage date and time; null without a date. */
export function stampOf(date: string | null, time: string | null | undefined): string | null {
  if (!date) return null;
  return `${date}T${clockText(decimalHoursToSeconds(time) ?? 0)}`;
}

/** What Sage writes into TimeUpdated for a wall-clock time: decimal hours, unpadded, up to 5 decimals. */
export function secondsToDecimalHours(seconds: number): string {
  return String(Number((seconds / 3600).toFixed(5)));
}

// Zoho datetimes: ISO-8601, no milliseconds, with the org's offset (`2024-05-02T15:26:49+05:30`, §3).
export function zohoDateTime(ms: number, offsetMinutes: number): string {
  const shifted = new Date(Math.floor(ms / 1000) * 1000 + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${shifted.toISOString().slice(0, 19)}${sign}${hh}:${mm}`;
}

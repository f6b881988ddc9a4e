// Blackout times as the admin set them: on the windows' own zone's clock (the connection's), not the
// browser's, with the day when it is not today there — "23:30", "Fri 11 Dec 18:00".

function parts(ms: number, timeZone: string): { day: string; time: string } {
  return {
    day: new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short' }).format(ms).replace(',', ''),
    time: new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms),
  };
}

export function formatWindowTime(iso: string, timeZone: string, now = Date.now()): string {
  const at = parts(Date.parse(iso), timeZone);
  return at.day === parts(now, timeZone).day ? at.time : `${at.day} ${at.time}`;
}

/** `Tue 8 Dec 22:00–23:30`: the end's day only when it differs from the start's. */
export function formatWindowRange(startIso: string, endIso: string, timeZone: string): string {
  const start = parts(Date.parse(startIso), timeZone);
  const end = parts(Date.parse(endIso), timeZone);
  return `${start.day} ${start.time}–${end.day === start.day ? end.time : `${end.day} ${end.time}`}`;
}

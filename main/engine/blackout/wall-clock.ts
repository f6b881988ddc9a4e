// A blackout time as the admin reads it: on the zone's wall clock, with the day when it is not today.
const formats = new Map<string, { time: Intl.DateTimeFormat; day: Intl.DateTimeFormat }>();

function formatsFor(timeZone: string) {
  let f = formats.get(timeZone);
  if (!f) {
    f = {
      time: new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
      day: new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short' }),
    };
    formats.set(timeZone, f);
  }
  return f;
}

/** `23:30`, or `Tue 8 Dec 23:30` when `at` falls on another local day than `now`. */
export function formatWallClock(at: number, timeZone: string, now = Date.now()): string {
  const f = formatsFor(timeZone);
  const time = f.time.format(at);
  const day = f.day.format(at);
  return day === f.day.format(now) ? time : `${day.replace(',', '')} ${time}`;
}

// The B1 server's wall clock. UpdateDate/UpdateTime carry no zone: they are the server's local date and
// time (spec §8.1), so the sandbox renders the kit clock's now() in the configured IANA zone.

export interface LocalStamp {
  /** `YYYY-MM-DD` */
  date: string;
  /** `HH:mm:ss` */
  time: string;
}

const formats = new Map<string, Intl.DateTimeFormat>();

export function localStamp(ms: number, timeZone: string): LocalStamp {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
    });
    formats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}:${parts.second}` };
}

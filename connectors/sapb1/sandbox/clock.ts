// The B1 server's wall clock. UpdateDate/UpdateTime carry no zone: they are the server's local date and
// time (spec §8.1), so the sandbox renders "now" in its configured IANA zone. Tests move the clock through
// the admin API (set a fixed instant, or advance it) to place edits at exact seconds.

export interface LocalStamp {
  /** `YYYY-MM-DD` */
  date: string;
  /** `HH:mm:ss` */
  time: string;
}

export class ServerClock {
  private offsetMs = 0;
  private frozenAt: number | undefined;
  private readonly format: Intl.DateTimeFormat;

  constructor(readonly timeZone: string) {
    this.format = new Intl.DateTimeFormat('en-CA', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
    });
  }

  nowMs(): number {
    return this.frozenAt ?? Date.now() + this.offsetMs;
  }

  /** Fix the clock at an instant (it stays there until advanced or released). */
  set(instant: Date, frozen: boolean): void {
    if (frozen) this.frozenAt = instant.getTime();
    else {
      this.frozenAt = undefined;
      this.offsetMs = instant.getTime() - Date.now();
    }
  }

  advance(ms: number): void {
    if (this.frozenAt !== undefined) this.frozenAt += ms;
    else this.offsetMs += ms;
  }

  local(ms = this.nowMs()): LocalStamp {
    const parts = Object.fromEntries(this.format.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
    return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}:${parts.second}` };
  }
}

/**
 * The traffic switch: generates realistic call detail records to and from the account's numbers, so analytics,
 * rating and billing have data to work on. Generation is deterministic for a seed and time window.
 */
import type { SandboxContext } from './context';
import { seededRandom } from './faults';
import { seededSid } from './http/sids';
import type { NumberType } from './inventory';
import { evaluateUsageTriggers } from './routes/usage';
import type { CallRow } from './routes/calls';

/** Per-minute prices the traffic switch charges, in USD. */
export interface CallRates {
  inboundPerMinute(isoCountry: string, type: NumberType): number;
  outboundPerMinute(destinationE164: string): number;
}

/** A request to fill a time window with calls. */
export interface TrafficWindow {
  /** Window start and end, epoch milliseconds. */
  start: number;
  end: number;
  /** Average calls per owned number per day (default 20). */
  callsPerNumberPerDay?: number;
  /** Seed of the window's random sequence (default: the sandbox seed). */
  seed?: number;
}

interface OwnedNumber {
  sid: string;
  phone_number: string;
  iso_country: string;
  type: NumberType;
  longitude: number | null;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Relative call volume by local hour: quiet nights, a morning and an afternoon peak. */
const HOURLY_WEIGHT = [0.1, 0.05, 0.05, 0.05, 0.05, 0.1, 0.3, 0.6, 1.0, 1.4, 1.5, 1.4, 1.1, 1.3, 1.5, 1.4, 1.2, 1.0, 0.7, 0.5, 0.4, 0.3, 0.2, 0.15];
const MAX_WEIGHT = Math.max(...HOURLY_WEIGHT);

/** Generates and stores calls; also runs continuously at a rate when switched on. */
export class TrafficSwitch {
  private timer: NodeJS.Timeout | undefined;
  private lastTick = 0;
  private callsPerHour = 0;

  constructor(
    private readonly ctx: SandboxContext,
    private readonly rates: CallRates,
    private readonly seed: number,
  ) {}

  /** Whether live traffic is on, and its rate. */
  status(): { enabled: boolean; callsPerHour: number; totalCalls: number } {
    const total = (this.ctx.db.prepare('SELECT COUNT(*) AS n FROM calls').get() as { n: number }).n;
    return { enabled: this.timer !== undefined, callsPerHour: this.callsPerHour, totalCalls: total };
  }

  /** Turns live traffic on at `callsPerHour` across all owned numbers (0 turns it off). */
  setLive(callsPerHour: number, tickMs = 1000): void {
    this.stop();
    this.callsPerHour = callsPerHour;
    if (callsPerHour <= 0) return;
    this.lastTick = this.ctx.now();
    let tick = 0;
    this.timer = setInterval(() => {
      const now = this.ctx.now();
      const owned = this.owned();
      if (owned.length > 0) {
        const expected = (callsPerHour * (now - this.lastTick)) / HOUR;
        this.insertCalls(owned, this.lastTick, now, expected, this.seed + ++tick);
      }
      this.lastTick = now;
    }, tickMs);
    this.timer.unref();
  }

  /** Stops live traffic. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Fills a window with calls for the numbers owned now; returns how many were created. */
  generate(window: TrafficWindow): number {
    if (!(window.end > window.start)) throw new Error('end must be after start');
    const owned = this.owned();
    if (owned.length === 0) return 0;
    const perDay = window.callsPerNumberPerDay ?? 20;
    const expected = (perDay * owned.length * (window.end - window.start)) / DAY;
    return this.insertCalls(owned, window.start, window.end, expected, window.seed ?? this.seed);
  }

  private owned(): OwnedNumber[] {
    return this.ctx.db
      .prepare(`SELECT i.sid, i.phone_number, n.iso_country, n.type, n.longitude FROM incoming_numbers i JOIN numbers n ON n.id = i.number_id
        WHERE i.account_sid = ? ORDER BY i.seq`)
      .all(this.ctx.accountSid) as OwnedNumber[];
  }

  private insertCalls(owned: OwnedNumber[], start: number, end: number, expected: number, seed: number): number {
    const random = seededRandom(seed ^ Math.floor(start / 1000));
    const count = Math.max(0, Math.round(expected + (random() - 0.5) * Math.sqrt(Math.max(expected, 1))));
    const peers = this.ctx.db.prepare('SELECT phone_number, iso_country FROM numbers WHERE id = ?');
    const maxId = (this.ctx.db.prepare('SELECT MAX(id) AS m FROM numbers').get() as { m: number }).m;
    const insert = this.ctx.db.prepare(
      `INSERT INTO calls (sid, account_sid, start_time, end_time, direction, from_number, to_number, status, duration, price_micros,
        price_unit, phone_number_sid, caller_country, date_created, seq)
       VALUES (@sid, @account_sid, @start_time, @end_time, @direction, @from_number, @to_number, @status, @duration, @price_micros,
        @price_unit, @phone_number_sid, @caller_country, @date_created, @seq)`,
    );
    this.ctx.db.transaction(() => {
      let seq = this.ctx.nextSeq('calls');
      for (let i = 0; i < count; i++) {
        const number = owned[Math.floor(random() * owned.length)];
        const startTime = pickTime(random, start, end, number.longitude ?? 0);
        // Callers are other real-looking numbers of the inventory: mostly domestic, some from abroad.
        let peer = peers.get(1 + Math.floor(random() * maxId)) as { phone_number: string; iso_country: string };
        if (random() < 0.85) {
          for (let tries = 0; tries < 20 && peer.iso_country !== number.iso_country; tries++) {
            peer = peers.get(1 + Math.floor(random() * maxId)) as { phone_number: string; iso_country: string };
          }
        }
        const inbound = random() < 0.6;
        const outcome = random();
        const status: CallRow['status'] =
          outcome < 0.8 ? 'completed' : outcome < 0.88 ? 'no-answer' : outcome < 0.93 ? 'busy' : outcome < 0.96 ? 'failed' : 'canceled';
        // Call lengths are long-tailed: most are short, a few last most of an hour.
        const duration = status === 'completed' ? Math.min(3600, Math.max(1, Math.round(-Math.log(1 - random()) * 180))) : 0;
        const minutes = Math.ceil(duration / 60);
        const perMinute = inbound ? this.rates.inboundPerMinute(number.iso_country, number.type) : this.rates.outboundPerMinute(peer.phone_number);
        const row: CallRow = {
          sid: seededSid('CA', random),
          account_sid: this.ctx.accountSid,
          start_time: startTime,
          end_time: startTime + duration * 1000,
          direction: inbound ? 'inbound' : 'outbound-api',
          from_number: inbound ? peer.phone_number : number.phone_number,
          to_number: inbound ? number.phone_number : peer.phone_number,
          status,
          duration,
          price_micros: -Math.round(minutes * perMinute * 1_000_000),
          price_unit: 'USD',
          phone_number_sid: number.sid,
          caller_country: inbound ? peer.iso_country : number.iso_country,
          date_created: startTime,
          seq: seq++,
        };
        insert.run(row);
      }
    })();
    if (count > 0) evaluateUsageTriggers(this.ctx);
    return count;
  }
}

/** A start time inside [start, end) that follows the daily curve of the number's local (solar) time. */
function pickTime(random: () => number, start: number, end: number, longitude: number): number {
  const offsetMs = Math.round((longitude / 15) * HOUR);
  for (let tries = 0; tries < 50; tries++) {
    const t = start + Math.floor(random() * (end - start));
    const localHour = new Date(t + offsetMs).getUTCHours();
    if (random() * MAX_WEIGHT < HOURLY_WEIGHT[localHour]) return t;
  }
  return start + Math.floor(random() * (end - start));
}

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

/** One period in which the account owned a number. */
interface Ownership {
  sid: string;
  /** The Twilio account SID, or the Telnyx account id for numbers ordered through the Telnyx API. */
  account_sid: string;
  phone_number: string;
  iso_country: string;
  type: NumberType;
  longitude: number | null;
  owned_from: number;
  owned_until: number | null;
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
      const owned = this.ownedDuring(this.lastTick, now);
      // The hourly rate is shared by the numbers; each gets its share for the time since the last tick.
      const perNumberPerDay = owned.length > 0 ? (callsPerHour * 24) / owned.length : 0;
      this.insertCalls(owned, this.lastTick, now, perNumberPerDay, this.seed + ++tick);
      this.lastTick = now;
    }, tickMs);
    this.timer.unref();
  }

  /** Stops live traffic. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * Fills a window with calls on the numbers owned during it (each only while it was owned); returns how many calls
   * were created. The same window, seed and ownership give the same calls, so generating twice adds nothing.
   */
  generate(window: TrafficWindow): number {
    if (!(window.end > window.start)) throw new Error('end must be after start');
    return this.insertCalls(this.ownedDuring(window.start, window.end), window.start, window.end, window.callsPerNumberPerDay ?? 20, window.seed ?? this.seed);
  }

  private ownedDuring(start: number, end: number): Ownership[] {
    return this.ctx.db
      // Both carriers' numbers take calls; each call is recorded under the account that owned its number.
      .prepare(`SELECT o.incoming_sid AS sid, o.account_sid, o.phone_number, o.iso_country, o.type, n.longitude, o.owned_from, o.owned_until
        FROM number_ownership o JOIN numbers n ON n.id = o.number_id
        WHERE o.account_sid IN (?, ?) AND o.owned_from < ? AND (o.owned_until IS NULL OR o.owned_until > ?) ORDER BY o.owned_from, o.incoming_sid`)
      .all(this.ctx.accountSid, this.ctx.telnyx.accountId, end, start) as Ownership[];
  }

  private insertCalls(owned: Ownership[], start: number, end: number, perNumberPerDay: number, seed: number): number {
    if (owned.length === 0 || perNumberPerDay <= 0) return 0;
    const random = seededRandom(seed ^ Math.floor(start / 1000));
    const peers = this.ctx.db.prepare('SELECT phone_number, iso_country FROM numbers WHERE id = ?');
    const maxId = (this.ctx.db.prepare('SELECT MAX(id) AS m FROM numbers').get() as { m: number }).m;
    const insert = this.ctx.db.prepare(
      `INSERT INTO calls (sid, account_sid, start_time, end_time, direction, from_number, to_number, status, duration, price_micros,
        price_unit, phone_number_sid, caller_country, date_created, seq)
       VALUES (@sid, @account_sid, @start_time, @end_time, @direction, @from_number, @to_number, @status, @duration, @price_micros,
        @price_unit, @phone_number_sid, @caller_country, @date_created, @seq)`,
    );
    const exists = this.ctx.db.prepare('SELECT 1 FROM calls WHERE sid = ?');
    let created = 0;
    this.ctx.db.transaction(() => {
      for (const number of owned) {
        // Calls only while the number was owned: none before it was bought or after it was released.
        const from = Math.max(start, number.owned_from);
        const to = Math.min(end, number.owned_until ?? end);
        if (to <= from) continue;
        const expected = (perNumberPerDay * (to - from)) / DAY;
        const count = Math.max(0, Math.round(expected + (random() - 0.5) * Math.sqrt(Math.max(expected, 1))));
        for (let i = 0; i < count; i++) {
          const row = this.makeCall(number, from, to, random, () => peers.get(1 + Math.floor(random() * maxId)) as Peer);
          // The SID comes from the seeded stream, so a repeated window produces the same SIDs: those calls exist already.
          if (exists.get(row.sid)) continue;
          insert.run({ ...row, seq: this.ctx.nextSeq('calls') });
          created++;
        }
      }
    })();
    if (created > 0) evaluateUsageTriggers(this.ctx);
    return created;
  }

  private makeCall(number: Ownership, from: number, to: number, random: () => number, nextPeer: () => Peer): Omit<CallRow, 'seq'> {
    const startTime = pickTime(random, from, to, number.longitude ?? 0);
    // Callers are other real-looking numbers of the inventory: mostly domestic, some from abroad.
    let peer = nextPeer();
    if (random() < 0.85) {
      for (let tries = 0; tries < 20 && peer.iso_country !== number.iso_country; tries++) peer = nextPeer();
    }
    const inbound = random() < 0.6;
    const outcome = random();
    const status: CallRow['status'] =
      outcome < 0.8 ? 'completed' : outcome < 0.88 ? 'no-answer' : outcome < 0.93 ? 'busy' : outcome < 0.96 ? 'failed' : 'canceled';
    // Call lengths are long-tailed: most are short, a few last most of an hour.
    const duration = status === 'completed' ? Math.min(3600, Math.max(1, Math.round(-Math.log(1 - random()) * 180))) : 0;
    const perMinute = inbound ? this.rates.inboundPerMinute(number.iso_country, number.type) : this.rates.outboundPerMinute(peer.phone_number);
    return {
      sid: seededSid('CA', random),
      account_sid: number.account_sid,
      start_time: startTime,
      end_time: startTime + duration * 1000,
      direction: inbound ? 'inbound' : 'outbound-api',
      from_number: inbound ? peer.phone_number : number.phone_number,
      to_number: inbound ? number.phone_number : peer.phone_number,
      status,
      duration,
      price_micros: -Math.round(Math.ceil(duration / 60) * perMinute * 1_000_000),
      price_unit: 'USD',
      phone_number_sid: number.sid,
      caller_country: inbound ? peer.iso_country : number.iso_country,
      date_created: startTime,
    };
  }
}

interface Peer {
  phone_number: string;
  iso_country: string;
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

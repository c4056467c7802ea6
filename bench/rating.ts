/**
 * Rating throughput (issue #13): records rated per second on one core, target ≥ 1,000,000 in the rating step.
 * `npm run bench -- rating`.
 *
 * Four ways to rate the same synthetic records, side by side in one thread, batch by batch (each batch is rated by
 * all four in turn, so load from other processes falls on all of them alike):
 * - `rateCall` as it was before the compiled rater (kept below, only here, for the ratio): a map per direction
 *   probed with a slice of the number per prefix length, the increment checked on every call;
 * - `rateCall` today: a wrapper over the card's compiled rater, one answer object per call;
 * - the compiled rater's `rateBatch`, answers written into reused typed arrays;
 * - the reconciler's rating step `rateCallRecords`: rating columns with exact amounts (tiered allocation included)
 *   and usage outbox rows with their identifiers, i.e. everything the Rate job writes, short of the database.
 * The step runs once more alone with larger batches: a batch's rows and answers live until it ends, and once they
 * outgrow V8's young generation every scavenge copies them, so the Rate job's batch size shows in its throughput.
 * Per core is records per second of CPU time (process.cpuUsage around each): on a machine shared with other work,
 * wall time also counts the time others held the core, so it is given beside it.
 * The peer is CGRateS, which cannot run here: its README claims "Very fast (5000+ req/sec on a single machine)"
 * (github.com/cgrates/cgrates README.md, line 24 at 19463bd), for rating requests over its RPC API with its
 * storage, so it is quoted, not measured, and is not the same work as in-process bulk rating.
 */
import { cpus } from 'node:os';
import { getCountries, getCountryCallingCode } from 'libphonenumber-js';
import { callingCodeOf } from '../src/billing/rating/calling-codes';
import {
  billableSeconds,
  checkRateCard,
  compileRater,
  createRatedBatch,
  rateCall,
  rateClassKey,
  type CallDirection,
  type CallToRate,
  type MinuteRate,
  type RateCard,
  type RateCardInput,
} from '../src/billing/rating';
import { rateCallRecords, type CallRecordToRate, type RatingContext } from '../src/reconciler/rating';
import { seededRandom } from '../src/sandbox/faults';
import { loadAverage } from './carriers';

/** The target of issue #13, records per second per core. */
const TARGET_PER_SECOND = 1_000_000;

// ---- rateCall as it was before the compiled rater (commit de236a9), for the ratio only --------------------------

interface OldDirection {
  readonly byPrefix: ReadonlyMap<string, { kind: 'rated'; rate: MinuteRate; rateClass: string; index: number }>;
  readonly lengths: readonly number[];
}
const oldCompiled = new WeakMap<RateCard, Readonly<Record<CallDirection, OldDirection>>>();

function oldCompile(card: RateCard): Readonly<Record<CallDirection, OldDirection>> {
  const cached = oldCompiled.get(card);
  if (cached) return cached;
  const build = (direction: CallDirection): OldDirection => {
    const byPrefix = new Map<string, { kind: 'rated'; rate: MinuteRate; rateClass: string; index: number }>();
    (card.minutes?.rates ?? []).forEach((rate, index) => {
      if (rate.direction === direction && !byPrefix.has(rate.prefix)) byPrefix.set(rate.prefix, { kind: 'rated', rate, rateClass: rateClassKey(rate), index });
    });
    return { byPrefix, lengths: [...new Set([...byPrefix.keys()].map((p) => p.length))].sort((a, b) => b - a) };
  };
  const result = { inbound: build('inbound'), outbound: build('outbound') };
  oldCompiled.set(card, result);
  return result;
}

function oldFindRate(card: RateCard, direction: CallDirection, otherParty: string) {
  const digits = otherParty.startsWith('+') ? otherParty.slice(1) : otherParty;
  if (!/^[1-9]\d{0,14}$/.test(digits)) return { kind: 'unrated' as const, reason: 'not-a-number', summary: `"${otherParty}" is not an E.164 number, so no prefix can rate the ${direction} call` };
  if (!card.minutes) return { kind: 'unrated' as const, reason: 'no-minute-rates', summary: `the rate card prices no minutes, so the ${direction} call with ${otherParty} has no rate` };
  const { byPrefix, lengths } = oldCompile(card)[direction];
  for (const length of lengths) {
    if (length > digits.length) continue;
    const hit = byPrefix.get(digits.slice(0, length));
    if (hit) return hit;
  }
  const code = callingCodeOf(digits);
  const fix = code ? `add an ${direction} rate for "${code}" or a longer prefix of it` : `add an ${direction} rate whose prefix starts the number`;
  return { kind: 'unrated' as const, reason: 'no-matching-prefix', summary: `no ${direction} rate covers ${otherParty}; ${fix}` };
}

function oldRateCall(card: RateCard, call: CallToRate) {
  const found = Number.isFinite(call.durationSeconds) ? oldFindRate(card, call.direction, call.otherParty) : { kind: 'unrated' as const, reason: 'not-a-duration', summary: 'no usable duration' };
  if (found.kind === 'unrated') return found;
  const minutes = card.minutes;
  const seconds = minutes ? billableSeconds(call.durationSeconds, minutes.increment, minutes.minimumSeconds) : 0;
  return { kind: 'rated' as const, rateClass: found.rateClass, rate: found.rate, billableSeconds: seconds, answered: seconds > 0 };
}

// ---- the card and the traffic ---------------------------------------------------------------------------------

/** US area codes with their own outbound rate (city routes), beside the country-wide NANP rate. */
const US_AREA_CODES = [201, 202, 203, 205, 206, 207, 208, 212, 213, 214, 215, 216, 217, 218, 219, 224, 225, 228, 229, 231, 234, 239, 240, 248, 251, 252, 253, 254, 256, 260, 262, 267, 269, 270, 276, 281, 301, 302, 303, 304, 305, 307, 308, 309, 310, 312, 313, 314, 315, 316, 317, 318, 319, 320, 321, 323, 330, 334, 336, 337, 339, 347, 351, 352, 360, 361, 386, 401, 402, 404, 405, 406, 407, 408, 409, 410, 412, 413, 414, 415, 417, 419, 423, 424, 425, 432, 434, 435, 440, 443, 469, 478, 479, 480, 484];

/**
 * A wholesale-style card of a few hundred rates: every country calling code outbound (about 230), mobile ranges of
 * the busiest destinations, a hundred US area codes, NANP in graduated tiers, toll-free, and inbound NANP in volume
 * tiers; 6/6 billing with a 30 s minimum and a connect fee.
 */
export function benchCard(): RateCard {
  const codes = [...new Set(getCountries().map((c) => getCountryCallingCode(c) as string))].filter((c) => c !== '1');
  const rates: NonNullable<RateCardInput['minutes']>['rates'] = [
    { direction: 'outbound', prefix: '1', tiers: { mode: 'graduated', steps: [{ upTo: 10_000, perMinute: '0.9' }, { upTo: 100_000, perMinute: '0.7' }, { upTo: 'inf', perMinute: '0.55' }] } },
    { direction: 'outbound', prefix: '1800', perMinute: '0' },
    { direction: 'outbound', prefix: '1888', perMinute: '0' },
    ...US_AREA_CODES.map((code, i) => ({ direction: 'outbound' as const, prefix: `1${code}`, perMinute: (0.6 + (i % 7) / 20).toFixed(2) })),
    ...codes.map((code, i) => ({ direction: 'outbound' as const, prefix: code, perMinute: (2 + (i % 40) * 0.85).toFixed(4) })),
    ...['447', '336', '337', '4915', '4916', '4917', '346', '347', '393', '614', '5511', '5521', '521', '8613', '919'].map((prefix, i) => ({ direction: 'outbound' as const, prefix, perMinute: (4 + i * 0.35).toFixed(2) })),
    { direction: 'inbound', prefix: '1', tiers: { mode: 'volume', steps: [{ upTo: 50_000, perMinute: '0.4' }, { upTo: 'inf', perMinute: '0.3' }] } },
    { direction: 'inbound', prefix: '1800', perMinute: '1.3' },
    { direction: 'inbound', prefix: '44', perMinute: '0.6' },
  ];
  const checked = checkRateCard({ currency: 'USD', minutes: { increment: '6/6', minimumSeconds: 30, connectFee: '0.2', rates } });
  if (!checked.card) throw new Error(`the benchmark card does not check: ${JSON.stringify(checked.failures.slice(0, 3))}`);
  return checked.card;
}

/** Other parties: 60 % NANP (a quarter of it in the listed area codes), 30 % abroad, 8 % inbound, 2 % unratable. */
function numberPool(card: RateCard, size: number, next: () => number): string[] {
  const abroad = (card.minutes?.rates ?? []).filter((r) => r.direction === 'outbound' && !r.prefix.startsWith('1')).map((r) => r.prefix);
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(next() * 10)).join('');
  return Array.from({ length: size }, () => {
    const roll = next();
    if (roll < 0.15) return `+1${US_AREA_CODES[Math.floor(next() * US_AREA_CODES.length)]}${2 + Math.floor(next() * 8)}${digits(6)}`;
    if (roll < 0.68) return `+1${2 + Math.floor(next() * 8)}${digits(2)}${2 + Math.floor(next() * 8)}${digits(6)}`;
    if (roll < 0.98) {
      const prefix = abroad[Math.floor(next() * abroad.length)];
      return `+${prefix}${digits(Math.max(4, 11 - prefix.length))}`;
    }
    return next() < 0.5 ? `+999${digits(8)}` : 'anonymous';
  });
}

/** Durations: a fifth unanswered, the rest mostly short with a long tail (mean about 3 minutes). */
function duration(next: () => number): number {
  if (next() < 0.2) return 0;
  return Math.min(7200, Math.ceil(-Math.log(1 - next()) * 180));
}

const ACCOUNTS = ['cus_Bench000000000001', 'cus_Bench000000000002', 'cus_Bench000000000003'];

/** One chunk of call records as the Rate job reads them, with the same calls in rateCall's shape. */
function chunkOf(pool: string[], first: number, size: number, next: () => number): { rows: CallRecordToRate[]; calls: CallToRate[] } {
  const rows = new Array<CallRecordToRate>(size);
  const calls = new Array<CallToRate>(size);
  const start = Date.UTC(2025, 10, 1);
  for (let i = 0; i < size; i++) {
    const n = first + i;
    const otherParty = pool[Math.floor(next() * pool.length)];
    const direction: CallDirection = next() < 0.08 ? 'inbound' : 'outbound';
    const seconds = duration(next);
    rows[i] = {
      carrier: 'twilio',
      carrier_call_id: `CA${n.toString(16).padStart(32, '0')}`,
      started_at: new Date(start + n * 500), // two calls a second: 5,000,000 records span the month
      direction,
      other_party: otherParty,
      duration_seconds: seconds,
      account_id: n % 997 === 0 ? null : ACCOUNTS[n % ACCOUNTS.length],
    };
    calls[i] = { direction, otherParty, durationSeconds: seconds };
  }
  return { rows, calls };
}

const VARIANTS = ['old', 'rateCall', 'batch', 'step'] as const;
type Variant = (typeof VARIANTS)[number];

/** CPU and wall milliseconds per variant, and what the step produced. */
interface Measured {
  readonly cpuMs: Record<Variant, number>;
  readonly wallMs: Record<Variant, number>;
  readonly events: number;
  readonly unrated: number;
}

/**
 * Rates `records` records made in chunks of `chunk` (the Rate job's batch: the rows it reads at once) with each of
 * `variants`, each chunk through all of them in turn, starting with the next one each time.
 */
function measure(card: RateCard, pool: string[], next: () => number, records: number, chunk: number, variants: readonly Variant[]): Measured {
  const rater = compileRater(card);
  const batch = createRatedBatch(chunk);
  const context: RatingContext = { ratedAt: new Date(), cardOf: () => ({ cardKey: 'wholesale', card }) };
  const zero = (): Record<Variant, number> => ({ old: 0, rateCall: 0, batch: 0, step: 0 });
  const cpuMs = zero();
  const wallMs = zero();
  const seconds = zero();
  let events = 0;
  let unrated = 0;
  const run: Record<Variant, (rows: CallRecordToRate[], calls: CallToRate[]) => void> = {
    old: (_rows, calls) => {
      for (let i = 0; i < calls.length; i++) {
        const answer = oldRateCall(card, calls[i]);
        if (answer.kind === 'rated') seconds.old += answer.billableSeconds;
      }
    },
    rateCall: (_rows, calls) => {
      for (let i = 0; i < calls.length; i++) {
        const answer = rateCall(card, calls[i]);
        if (answer.kind === 'rated') seconds.rateCall += answer.billableSeconds;
      }
    },
    batch: (_rows, calls) => {
      rater.rateBatch(calls, batch);
      for (let i = 0; i < calls.length; i++) seconds.batch += batch.billableSeconds[i];
    },
    step: (rows) => {
      const rated = rateCallRecords(rows, context);
      for (const billed of rated.rating.billable_seconds) seconds.step += billed ?? 0;
      events += rated.outbox.identifier.length;
      unrated += rated.unrated.length;
    },
  };
  // Warm-up: one chunk through each, untimed, so every variant is optimised before it is measured.
  const warm = chunkOf(pool, 0, chunk, next);
  for (const variant of variants) run[variant](warm.rows, warm.calls);
  Object.assign(seconds, zero());
  events = 0;
  unrated = 0;
  for (let done = 0, turn = 0; done < records; done += chunk, turn += 1) {
    const { rows, calls } = chunkOf(pool, done, Math.min(chunk, records - done), next);
    for (let k = 0; k < variants.length; k++) {
      const variant = variants[(turn + k) % variants.length];
      const t = performance.now();
      const cpu = process.cpuUsage();
      run[variant](rows, calls);
      const used = process.cpuUsage(cpu);
      wallMs[variant] += performance.now() - t;
      cpuMs[variant] += (used.user + used.system) / 1000;
    }
  }
  // The ways that rate CallToRate records must agree to the second (the step skips calls without an account).
  const compared = variants.filter((v) => v !== 'step').map((v) => seconds[v]);
  if (new Set(compared).size > 1) throw new Error(`the variants disagree: ${JSON.stringify(seconds)}`);
  return { cpuMs, wallMs, events, unrated };
}

/**
 * Rates `records` synthetic records four ways in batches of `chunk` rows, and the step alone again in batches of
 * `largeChunk`; returns Markdown lines for docs/benchmarks.md.
 */
export function benchRating(options: { records: number; chunk: number; largeChunk: number }): string[] {
  const { records, chunk, largeChunk } = options;
  const card = benchCard();
  const rates = card.minutes?.rates ?? [];
  const next = seededRandom(13); // the same records every run
  const pool = numberPool(card, 200_000, next);
  const loadBefore = loadAverage();
  const started = performance.now();
  const main = measure(card, pool, next, records, chunk, VARIANTS);
  const large = measure(card, pool, next, records, largeChunk, ['step']);
  const wallSeconds = (performance.now() - started) / 1000;
  const loadAfter = loadAverage();

  // Per core: records per second of CPU time this process spent on the variant (its thread, and the garbage
  // collector's helper threads while it ran). On a shared machine wall time also counts the time other processes
  // held the core, so it is given beside it.
  const perCpuSecond = (m: Measured, variant: Variant) => records / (m.cpuMs[variant] / 1000);
  const count = (n: number) => Math.round(n).toLocaleString('en-US');
  const cells = (m: Measured, variant: Variant) =>
    `${count(perCpuSecond(m, variant))} | ${count(records / (m.wallMs[variant] / 1000))} | ${(perCpuSecond(m, variant) / perCpuSecond(main, 'old')).toFixed(1)}×`;
  const verdict = (m: Measured, variant: Variant) => (perCpuSecond(m, variant) >= TARGET_PER_SECOND ? 'met' : 'MISSED');
  const tiered = rates.filter((r) => r.tiers).length;
  const rows = (n: number) => `${n.toLocaleString('en-US')} rows`;
  return [
    `## Rating (issue #13) — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, Node ${process.version}, load ${loadBefore} → ${loadAfter}`,
    '',
    `${records.toLocaleString('en-US')} synthetic call records rated four ways in one thread (\`npm run bench -- rating\`), made and rated in batches of ${rows(chunk)} (the Rate job's batch: what it reads and writes in one transaction); each batch goes through all four in turn, so other processes' load falls on each alike. Then the step alone over ${records.toLocaleString('en-US')} more in batches of ${rows(largeChunk)}. Per core is records per second of CPU time (process.cpuUsage around each), beside wall time: the machine's 2 cores are shared with other helpers (the load average above is the whole machine's), so wall time also counts the time others held the core. Making the records is not counted; ${wallSeconds.toFixed(0)} s in all. Target (issue #13): ≥ ${TARGET_PER_SECOND.toLocaleString('en-US')} records per second per core in the rating step.`,
    '',
    `The card: ${rates.length} rates (every country calling code, ${US_AREA_CODES.length} US area codes, 15 mobile ranges, toll-free; ${tiered} tiered: NANP outbound graduated, NANP inbound volume), 6/6 billing, 30 s minimum, 0.2 ¢ connect fee. The traffic: 68 % NANP, 30 % abroad, 2 % unratable (no prefix, withheld numbers), 8 % inbound, a fifth unanswered, durations exponential with a 3 min mean; 1 record in 997 has no account.`,
    '',
    '| rating | what it produces | records per CPU second (one core) | records per wall second | vs rateCall before (CPU) | target |',
    '|---|---|---:|---:|---:|---|',
    `| \`rateCall\` before (map per prefix length, kept in bench/rating.ts) | one answer object per call | ${cells(main, 'old')} | |`,
    `| \`rateCall\` now (wrapper over the compiled rater) | one answer object per call | ${cells(main, 'rateCall')} | |`,
    `| compiled rater \`rateBatch\` | rate index + billable seconds in reused typed arrays | ${cells(main, 'batch')} | ${verdict(main, 'batch')} |`,
    `| reconciler step \`rateCallRecords\`, ${rows(chunk)} | rating columns with exact amounts + ${(main.events / records).toFixed(2)} outbox rows per record, column arrays | ${cells(main, 'step')} | ${verdict(main, 'step')} |`,
    `| reconciler step \`rateCallRecords\`, ${rows(largeChunk)} (alone) | the same | ${cells(large, 'step')} | ${verdict(large, 'step')} |`,
    '',
    `Peer: CGRateS claims "5000+ req/sec on a single machine" (its README; not run here: it is a Go service rating over RPC with its own storage, not an in-process loop, so the ratio ${Math.round(perCpuSecond(main, 'step') / 5000).toLocaleString('en-US')}× of the step to that claim compares different work). Unrated in the step: ${main.unrated.toLocaleString('en-US')} records, kept with their reasons.`,
  ];
}

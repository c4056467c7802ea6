/**
 * The reconciler's rating step: a batch of call records in, their rating columns and usage events out, with no I/O
 * (the Rate job reads the rows, supplies each account's card and writes the answers in one transaction).
 *
 * Per record: the account's card (by `account_id`), the card's compiled rater (billing/rating, the same rules as
 * `rateCall` and `ratePeriod`), then
 * - rated: `rate_class`, `billable_seconds` and `amount_decimal` (the exact cost: the minutes' amount plus the connect
 *   fee of an answered call, unrounded; docs/billing.md "Rounding", rule 11), and for an answered call one event of
 *   its seconds to the class's meter and one to the connect fee's meter when the card has a fee;
 * - unrated: `unrated_reason`, kept and reported, never dropped, never billed.
 *
 * Tiered classes allocate a call's amount from where its period stands (call-amount.ts), so rows must come in the
 * order they are to be allocated (by `started_at`), and a batch after the first of a period needs the period's
 * tallies so far (`tallyBefore`, or the `tallies` the previous batch returned). Seconds, events and per-unit amounts
 * do not depend on order.
 */
import { connectMeterEventName, minutesMeterEventName } from '../../billing/rate-card-keys';
import { compileRater, CONNECT_FEE_CLASS_KEY, unratedReasonOf, unratedSummary, type CompiledRater, type RateCard } from '../../billing/rating';
import { AccountPeriods, calendarMonthOf, type PeriodClassTally, type PeriodOf, type TallyBefore } from './account-periods';
import type { CallRecordToRate, RatingColumnArrays, RecordUnratedReason, UnratedRecord, UsageOutboxArrays } from './call-record-rows';
import { usageIdentifierStem } from './usage-identifier';

/** The card an account is billed on, and the RateCard key its Stripe meters are named by. */
export interface AccountRateCard {
  readonly cardKey: string;
  readonly card: RateCard;
}

/** What the step needs from the job: the clock, the accounts' cards, and for tiered classes the periods. */
export interface RatingContext {
  /** When the batch is rated (the job's clock): every row's `rated_at`. */
  readonly ratedAt: Date;
  /** The card `accountId` is billed on, or undefined when it has none (its records are kept unrated). */
  cardOf(accountId: string): AccountRateCard | undefined;
  /** The billing period of an account that contains an instant; by default the UTC calendar month. */
  readonly periodOf?: PeriodOf;
  /** Billable seconds and answered calls of a tiered class rated in a period before this batch; none by default. */
  readonly tallyBefore?: TallyBefore;
}

/** The step's answer for a batch, column by column (call-record-rows.ts says why; `ratingRowsOf` and `outboxRowsOf` give rows). */
export interface RatedCallRecords {
  /** When the batch was rated: every row's `rated_at`, unrated ones too, so the job does not pick them up again. */
  readonly rated_at: Date;
  /** The rating columns of the input rows, in input order. */
  readonly rating: RatingColumnArrays;
  /** The meter events to queue, in input order. */
  readonly outbox: UsageOutboxArrays;
  /** The records kept unrated, with why. */
  readonly unrated: readonly UnratedRecord[];
  /** Where every tiered class the batch touched stands after it, per account and period (the next batch's `tallyBefore`). */
  readonly tallies: readonly PeriodClassTally[];
}

/** What the step calls the other party of a record that has none, in an unrated record's summary. */
const WITHHELD = 'a withheld number';

/** A card as the step uses it: its rater and its meters' event names, worked out once per card and key. */
interface PreparedCard {
  readonly rater: CompiledRater;
  /** Event name of each rate class's meter, by rate index. */
  readonly minutesEvents: readonly string[];
  /** Event name of the connect fee's meter, when the card has a fee. */
  readonly connectEvent: string | undefined;
}

const prepared = new WeakMap<RateCard, Map<string, PreparedCard>>();

function prepare(account: AccountRateCard): PreparedCard {
  let byKey = prepared.get(account.card);
  if (!byKey) prepared.set(account.card, (byKey = new Map()));
  let card = byKey.get(account.cardKey);
  if (!card) {
    const rater = compileRater(account.card);
    card = {
      rater,
      minutesEvents: rater.classes.map((c) => minutesMeterEventName(account.cardKey, c.rateClass)),
      connectEvent: rater.connectFeePrice === undefined ? undefined : connectMeterEventName(account.cardKey),
    };
    byKey.set(account.cardKey, card);
  }
  return card;
}

/** Rates a batch of call records into their rating columns, their usage events and the records kept unrated. */
export function rateCallRecords(rows: readonly CallRecordToRate[], context: RatingContext): RatedCallRecords {
  const periodOf = context.periodOf ?? calendarMonthOf;
  const rating: RatingColumnArrays = { rate_class: [], billable_seconds: [], amount_decimal: [], unrated_reason: [] };
  const outbox: UsageOutboxArrays = { identifier: [], account_id: [], event_name: [], value: [], occurred_at: [] };
  const unrated: UnratedRecord[] = [];
  const accounts = new Map<string, { readonly card: PreparedCard | undefined; readonly periods: AccountPeriods }>();

  const keep = (index: number, row: CallRecordToRate, reason: RecordUnratedReason, summary: string): void => {
    rating.rate_class.push(null);
    rating.billable_seconds.push(null);
    rating.amount_decimal.push(null);
    rating.unrated_reason.push(reason);
    unrated.push({ index, carrier: row.carrier, carrier_call_id: row.carrier_call_id, reason, summary });
  };
  const queue = (identifier: string, accountId: string, eventName: string, value: number, occurredAt: Date): void => {
    outbox.identifier.push(identifier);
    outbox.account_id.push(accountId);
    outbox.event_name.push(eventName);
    outbox.value.push(value);
    outbox.occurred_at.push(occurredAt);
  };

  for (let index = 0; index < rows.length; index++) {
    const row = rows[index];
    const accountId = row.account_id;
    if (accountId === null) {
      keep(index, row, 'no-account', `${row.carrier} call ${row.carrier_call_id} reached no number an account owns; register the number to the account that bills it`);
      continue;
    }
    let account = accounts.get(accountId);
    if (!account) {
      const rateCard = context.cardOf(accountId);
      account = { card: rateCard ? prepare(rateCard) : undefined, periods: new AccountPeriods(accountId, periodOf, context.tallyBefore) };
      accounts.set(accountId, account);
    }
    const card = account.card;
    if (!card) {
      keep(index, row, 'no-rate-card', `account ${accountId} has no rate card, so ${row.carrier} call ${row.carrier_call_id} cannot be priced; give the account a rate card`);
      continue;
    }
    const { rater } = card;
    const otherParty = row.other_party ?? WITHHELD; // a withheld number is no E.164 number: kept as not-a-number
    const rateIndex = rater.classifyRecord(row.direction, otherParty, row.duration_seconds);
    if (rateIndex < 0) {
      const reason = unratedReasonOf(rateIndex);
      const call = { direction: row.direction, otherParty, durationSeconds: row.duration_seconds };
      keep(index, row, reason, `${row.carrier} call ${row.carrier_call_id}: ${unratedSummary(reason, call)}`);
      continue;
    }
    const rateClass = rater.classes[rateIndex];
    const seconds = rater.billableSeconds(row.duration_seconds);
    const tally = rateClass.tiered ? account.periods.tally(row.started_at, rateIndex, rateClass.rateClass) : undefined;
    rating.rate_class.push(rateClass.rateClass);
    rating.billable_seconds.push(seconds);
    rating.amount_decimal.push(rater.callCostText(rateIndex, seconds, tally));
    rating.unrated_reason.push(null);
    if (seconds === 0) continue; // an unanswered call reports nothing: no seconds, no connect
    const stem = usageIdentifierStem(row.carrier, row.carrier_call_id);
    queue(stem + rateClass.rateClass, accountId, card.minutesEvents[rateIndex], seconds, row.started_at);
    if (card.connectEvent !== undefined) queue(stem + CONNECT_FEE_CLASS_KEY, accountId, card.connectEvent, 1, row.started_at);
  }
  return { rated_at: context.ratedAt, rating, outbox, unrated, tallies: [...accounts.values()].flatMap((a) => a.periods.standing()) };
}

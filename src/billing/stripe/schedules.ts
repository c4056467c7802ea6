/**
 * Subscription schedules as the Stripe parts of the billing port use them: a subscription's planned changes are the
 * phases of its schedule after the current one. Phases are read into drafts (items, span, tax rates, collection) and
 * written back whole, from the current phase on, as Stripe's update wants them: the current phase with its start and
 * end, every later phase with its end (a new last phase lasts one billing interval), and each phase's tax rates and
 * collection repeated, so that entering a phase never drops them. Each item carries the lookup key it bills in its
 * metadata, as the subscription's items do (subscriptions.ts).
 */
import type Stripe from 'stripe';
import type { PlannedLines, SubscriptionLine } from '../subscriptions-port';
import { canonicalJson, idempotencyKey } from '../../core/idempotency';
import type { StripeClient } from './client';
import { unlessMissing } from './requests';

/** Subscription item metadata key holding the lookup key the item bills. */
export const ITEM_LOOKUP_KEY_METADATA_KEY = 'didops_lookup_key';

/** One item of a phase: a price id, a quantity when licensed, and its metadata. */
export interface PhaseItemDraft {
  readonly price: string;
  readonly quantity?: number;
  readonly metadata: Readonly<Record<string, string>>;
}

/** A phase as didops reads and writes it. */
export interface PhaseDraft {
  readonly start: number;
  /** Unix seconds; undefined for a new last phase, which then lasts one billing interval. */
  readonly end?: number;
  readonly items: readonly PhaseItemDraft[];
  readonly prorationBehavior: 'create_prorations' | 'always_invoice' | 'none';
  readonly taxRateIds: readonly string[];
  readonly collectionMethod: 'charge_automatically' | 'send_invoice' | null;
  readonly daysUntilDue: number | null;
}

/** A live schedule's phases: the current one and those after it. */
export interface SchedulePhases {
  readonly schedule: Stripe.SubscriptionSchedule;
  readonly current: PhaseDraft;
  readonly later: readonly PhaseDraft[];
}

const idOf = (value: string | { id: string }): string => (typeof value === 'string' ? value : value.id);

/** An item's metadata, with the lookup key its (expanded) price holds when the metadata does not name one. */
function itemMetadata(item: Stripe.SubscriptionSchedule.Phase.Item): Record<string, string> {
  const metadata = { ...(item.metadata ?? {}) };
  const lookupKey = typeof item.price === 'object' && 'lookup_key' in item.price ? item.price.lookup_key : null;
  if (metadata[ITEM_LOOKUP_KEY_METADATA_KEY] === undefined && lookupKey) metadata[ITEM_LOOKUP_KEY_METADATA_KEY] = lookupKey;
  return metadata;
}

/** The draft of a phase as Stripe serves it (its items' prices expanded). */
function draftOf(phase: Stripe.SubscriptionSchedule.Phase): PhaseDraft {
  return {
    start: phase.start_date,
    end: phase.end_date,
    items: phase.items.map((item) => ({ price: idOf(item.price), ...(item.quantity !== undefined ? { quantity: item.quantity } : {}), metadata: itemMetadata(item) })),
    prorationBehavior: phase.proration_behavior === 'none' ? 'none' : phase.proration_behavior === 'always_invoice' ? 'always_invoice' : 'create_prorations',
    taxRateIds: (phase.default_tax_rates ?? []).map(idOf),
    collectionMethod: phase.collection_method === 'send_invoice' ? 'send_invoice' : phase.collection_method === 'charge_automatically' ? 'charge_automatically' : null,
    daysUntilDue: phase.invoice_settings?.days_until_due ?? null,
  };
}

/**
 * The phases of a live schedule, or undefined when the schedule is over (released, canceled, completed). An item whose
 * metadata names no lookup key takes the one of the subscription item on the same price (`items`), if any.
 */
export function phasesOf(schedule: Stripe.SubscriptionSchedule, items: readonly Stripe.SubscriptionItem[] = []): SchedulePhases | undefined {
  const current = schedule.current_phase;
  if (!current || (schedule.status !== 'active' && schedule.status !== 'not_started')) return undefined;
  const index = schedule.phases.findIndex((phase) => phase.start_date === current.start_date);
  if (index < 0) return undefined;
  const known = new Map(items.flatMap((item) => (item.metadata?.[ITEM_LOOKUP_KEY_METADATA_KEY] ? [[item.price.id, item.metadata[ITEM_LOOKUP_KEY_METADATA_KEY]] as const] : [])));
  const named = (phase: PhaseDraft): PhaseDraft => ({
    ...phase,
    items: phase.items.map((item) => (item.metadata[ITEM_LOOKUP_KEY_METADATA_KEY] === undefined && known.has(item.price) ? { ...item, metadata: { ...item.metadata, [ITEM_LOOKUP_KEY_METADATA_KEY]: known.get(item.price)! } } : item)),
  });
  return { schedule, current: named(draftOf(schedule.phases[index])), later: schedule.phases.slice(index + 1).map((phase) => named(draftOf(phase))) };
}

/** The live schedule managing `subscription` and its phases; undefined when none does. */
export async function scheduleOf(stripe: StripeClient, subscription: Stripe.Subscription): Promise<SchedulePhases | undefined> {
  if (!subscription.schedule) return undefined;
  // Prices expanded: an item whose metadata does not say which lookup key it bills is known by its price's.
  const schedule = await unlessMissing(() => stripe.subscriptionSchedules.retrieve(idOf(subscription.schedule!), { expand: ['phases.items.price'] }));
  return schedule && phasesOf(schedule, subscription.items.data);
}

/** The port's planned lines: each later phase's items, by the lookup key each bills. */
export function plannedLinesOf(phases: SchedulePhases | undefined): PlannedLines[] {
  return (phases?.later ?? []).map((phase) => ({
    startsAt: phase.start,
    lines: phase.items.map((item) => ({
      lookupKey: item.metadata[ITEM_LOOKUP_KEY_METADATA_KEY] ?? '',
      priceId: item.price,
      ...(item.quantity !== undefined ? { quantity: item.quantity } : {}),
    })),
  }));
}

/** A phase's update parameters; `first` carries its start, `interval` is the length of a new last phase. */
function phaseParams(phase: PhaseDraft, first: boolean, interval: Stripe.SubscriptionScheduleUpdateParams.Phase.Duration): Stripe.SubscriptionScheduleUpdateParams.Phase {
  return {
    items: phase.items.map((item) => ({ price: item.price, ...(item.quantity !== undefined ? { quantity: item.quantity } : {}), metadata: { ...item.metadata } })),
    ...(first ? { start_date: phase.start } : {}),
    ...(phase.end !== undefined ? { end_date: phase.end } : { duration: interval }),
    proration_behavior: phase.prorationBehavior,
    default_tax_rates: phase.taxRateIds.length > 0 ? [...phase.taxRateIds] : '',
    ...(phase.collectionMethod !== null ? { collection_method: phase.collectionMethod } : {}),
    ...(phase.collectionMethod === 'send_invoice' && phase.daysUntilDue !== null ? { invoice_settings: { days_until_due: phase.daysUntilDue } } : {}),
  };
}

/** A phase item billing `line` (the lookup key in its metadata). */
export function phaseItemOfLine(line: SubscriptionLine): PhaseItemDraft {
  return { price: line.priceId, ...(line.quantity !== undefined ? { quantity: line.quantity } : {}), metadata: { [ITEM_LOOKUP_KEY_METADATA_KEY]: line.lookupKey } };
}

/** The phase items standing for a subscription's items as they are now. */
export function phaseItemsOfSubscription(items: readonly Stripe.SubscriptionItem[]): PhaseItemDraft[] {
  return items.map((item) => ({
    price: item.price.id,
    ...(item.price.recurring?.usage_type === 'metered' ? {} : { quantity: item.quantity ?? 1 }),
    metadata: { ...(item.price.lookup_key ? { [ITEM_LOOKUP_KEY_METADATA_KEY]: item.price.lookup_key } : {}), ...(item.metadata ?? {}) },
  }));
}

/** What a rewrite of a schedule's phases is. */
export interface PhaseRewrite {
  readonly current: PhaseDraft;
  readonly later: readonly PhaseDraft[];
  /** How a change to the current phase is prorated. */
  readonly prorationBehavior: 'create_prorations' | 'always_invoice' | 'none';
  /** The billing interval a new last phase lasts. */
  readonly interval: Stripe.SubscriptionScheduleUpdateParams.Phase.Duration;
}

/** True when the rewrite changes nothing the schedule has. */
export function rewritesNothing(phases: SchedulePhases, rewrite: Pick<PhaseRewrite, 'current' | 'later'>): boolean {
  return canonicalJson([phases.current, phases.later]) === canonicalJson([rewrite.current, rewrite.later]);
}

/**
 * Writes a schedule's phases from the current one on, with `release` at the end (the subscription goes on as the
 * last phase left it). The idempotency key is derived from the caller's and from what is written, so a repeat of the
 * same rewrite replays and a different one is a new request.
 */
export async function rewritePhases(stripe: StripeClient, schedule: Stripe.SubscriptionSchedule, rewrite: PhaseRewrite, callerKey: string): Promise<Stripe.SubscriptionSchedule> {
  const phases = [rewrite.current, ...rewrite.later].map((phase, i) => phaseParams(phase, i === 0, rewrite.interval));
  const key = idempotencyKey({ resource: callerKey, operation: 'phases', inputs: { schedule: schedule.id, phases, proration: rewrite.prorationBehavior } });
  return stripe.subscriptionSchedules.update(schedule.id, { phases, end_behavior: 'release', proration_behavior: rewrite.prorationBehavior }, { idempotencyKey: key });
}

/** The billing interval of a subscription's prices (its first item's). */
export function intervalOf(subscription: Stripe.Subscription): Stripe.SubscriptionScheduleUpdateParams.Phase.Duration {
  const recurring = subscription.items.data[0]?.price.recurring;
  return { interval: recurring?.interval ?? 'month', interval_count: recurring?.interval_count ?? 1 };
}

/**
 * Subscription schedule documents, as API 2026-10-28 serves them: a schedule of one subscription (made
 * `from_subscription`) with its phases, each a span [start_date, end_date) with the items and settings the subscription
 * has during it. Phase items name their price by id (`price`, and the legacy `plan` beside it); the settings a phase
 * carries over to the subscription when it starts are its items, `default_tax_rates`, `collection_method`,
 * `invoice_settings.days_until_due` and `metadata`. {@link saveSchedule} is the one writer; it also moves the
 * subscription's due time, which includes the end of the schedule's current phase (subscription-documents.ts).
 */
import type { BillingContext } from '../billing-context';
import { newStripeId } from '../ids';
import type { BillingTaxRate, SubscriptionDoc, SubscriptionItemDoc } from '../invoicing/billing-types';
import { SCHEDULE_TYPE, subscriptionDueTime, SUBSCRIPTION_TYPE, scheduleBoundaryOf } from '../subscriptions/subscription-documents';

export { SCHEDULE_TYPE };

/** Stripe's `proration_behavior` of a phase (how entering it mid-period is billed). */
export type PhaseProrationBehavior = 'create_prorations' | 'always_invoice' | 'none';

/** What a schedule does with its subscription after its last phase. */
export type EndBehavior = 'release' | 'cancel';

/** Statuses of a schedule; the sandbox makes schedules from live subscriptions, so never `not_started`. */
export type ScheduleStatus = 'active' | 'canceled' | 'completed' | 'not_started' | 'released';

/** One item of a phase. */
export interface PhaseItemDoc {
  billing_thresholds: null;
  discounts: never[];
  metadata: Record<string, string>;
  plan: string;
  price: string;
  /** Absent for a metered price (its usage comes from its meter). */
  quantity?: number;
  tax_rates: BillingTaxRate[];
}

/** One phase of a schedule. */
export interface PhaseDoc {
  add_invoice_items: never[];
  application_fee_percent: null;
  automatic_tax: { disabled_reason: null; enabled: false; liability: null };
  billing_cycle_anchor: null;
  billing_thresholds: null;
  collection_method: 'charge_automatically' | 'send_invoice' | null;
  currency: string;
  default_payment_method: null;
  default_tax_rates: BillingTaxRate[];
  description: null;
  discounts: never[];
  end_date: number;
  invoice_settings: { account_tax_ids: null; days_until_due: number | null; issuer: null } | null;
  items: PhaseItemDoc[];
  metadata: Record<string, string>;
  on_behalf_of: null;
  proration_behavior: PhaseProrationBehavior;
  start_date: number;
  transfer_data: null;
  trial_end: null;
}

/** A subscription schedule as stored and served. */
export interface ScheduleDoc {
  id: string;
  object: 'subscription_schedule';
  application: null;
  billing_mode: { flexible: null; type: 'classic' };
  canceled_at: number | null;
  completed_at: number | null;
  created: number;
  current_phase: { start_date: number; end_date: number } | null;
  customer: string;
  customer_account: null;
  default_settings: {
    application_fee_percent: null;
    automatic_tax: { disabled_reason: null; enabled: false; liability: null };
    billing_cycle_anchor: 'automatic';
    billing_thresholds: null;
    collection_method: 'charge_automatically' | 'send_invoice';
    default_payment_method: string | null;
    description: null;
    invoice_settings: { account_tax_ids: null; days_until_due: number | null; issuer: { type: 'self' } };
    on_behalf_of: null;
    transfer_data: null;
  };
  end_behavior: EndBehavior;
  livemode: false;
  metadata: Record<string, string>;
  pause_schedules: never[];
  phases: PhaseDoc[];
  released_at: number | null;
  released_subscription: string | null;
  status: ScheduleStatus;
  subscription: string | null;
  test_clock: string | null;
  [field: string]: unknown;
}

/** What a phase is made of, before it is a document. */
export interface PhaseSpec {
  start: number;
  end: number;
  items: PhaseItemDoc[];
  prorationBehavior: PhaseProrationBehavior;
  defaultTaxRates: BillingTaxRate[];
  collectionMethod: 'charge_automatically' | 'send_invoice' | null;
  daysUntilDue: number | null;
  metadata: Record<string, string>;
}

/** A phase document. */
export function phaseDoc(spec: PhaseSpec, currency: string): PhaseDoc {
  return {
    add_invoice_items: [],
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: null,
    billing_thresholds: null,
    collection_method: spec.collectionMethod,
    currency,
    default_payment_method: null,
    default_tax_rates: spec.defaultTaxRates,
    description: null,
    discounts: [],
    end_date: spec.end,
    invoice_settings: spec.daysUntilDue === null ? null : { account_tax_ids: null, days_until_due: spec.daysUntilDue, issuer: null },
    items: spec.items,
    metadata: spec.metadata,
    on_behalf_of: null,
    proration_behavior: spec.prorationBehavior,
    start_date: spec.start,
    transfer_data: null,
    trial_end: null,
  };
}

/** A phase item on `price` (an id), with a quantity when licensed. */
export function phaseItem(price: string, quantity: number | undefined, metadata: Record<string, string>, taxRates: BillingTaxRate[]): PhaseItemDoc {
  return { billing_thresholds: null, discounts: [], metadata, plan: price, price, ...(quantity !== undefined ? { quantity } : {}), tax_rates: taxRates };
}

/** The phase item that stands for a subscription item as it is now. */
export function phaseItemOf(item: SubscriptionItemDoc): PhaseItemDoc {
  return phaseItem(item.price.id, item.quantity, { ...item.metadata }, item.tax_rates ?? []);
}

/** The phase a subscription is in now, made from it: its items and settings, for its current period. */
export function currentPhaseOf(subscription: SubscriptionDoc, period: { start: number; end: number }): PhaseDoc {
  return phaseDoc(
    {
      start: period.start,
      end: period.end,
      items: subscription.items.data.map(phaseItemOf),
      prorationBehavior: 'create_prorations',
      defaultTaxRates: subscription.default_tax_rates ?? [],
      collectionMethod: subscription.collection_method,
      daysUntilDue: subscription.days_until_due,
      metadata: {},
    },
    subscription.currency,
  );
}

/** A new active schedule of `subscription`, with `phases`. */
export function newSchedule(subscription: SubscriptionDoc, phases: PhaseDoc[], now: number): ScheduleDoc {
  return {
    id: newStripeId('sub_sched'),
    object: 'subscription_schedule',
    application: null,
    billing_mode: { flexible: null, type: 'classic' },
    canceled_at: null,
    completed_at: null,
    created: now,
    current_phase: { start_date: phases[0]!.start_date, end_date: phases[0]!.end_date },
    customer: subscription.customer,
    customer_account: null,
    default_settings: {
      application_fee_percent: null,
      automatic_tax: { disabled_reason: null, enabled: false, liability: null },
      billing_cycle_anchor: 'automatic',
      billing_thresholds: null,
      collection_method: subscription.collection_method,
      default_payment_method: subscription.default_payment_method,
      description: null,
      invoice_settings: { account_tax_ids: null, days_until_due: subscription.days_until_due, issuer: { type: 'self' } },
      on_behalf_of: null,
      transfer_data: null,
    },
    end_behavior: 'release',
    livemode: false,
    metadata: {},
    pause_schedules: [],
    phases,
    released_at: null,
    released_subscription: null,
    status: 'active',
    subscription: subscription.id,
    test_clock: subscription.test_clock,
  };
}

/** The phase after the current one, or undefined when the current one is the last. */
export function nextPhaseOf(schedule: ScheduleDoc): PhaseDoc | undefined {
  const current = schedule.current_phase;
  return current === null ? undefined : schedule.phases.find((phase) => phase.start_date === current.end_date);
}

/** True while a schedule manages its subscription. */
export function isLive(schedule: ScheduleDoc): boolean {
  return schedule.status === 'active' || schedule.status === 'not_started';
}

/** Stores a new schedule. */
export function insertSchedule(bc: BillingContext, schedule: ScheduleDoc): ScheduleDoc {
  bc.store.insert(schedule, { customer: schedule.customer, parent: schedule.subscription });
  return schedule;
}

/** Replaces a schedule and moves its subscription's due time to the end of the schedule's current phase (if sooner). */
export function saveSchedule(bc: BillingContext, schedule: ScheduleDoc): ScheduleDoc {
  bc.store.transaction(() => {
    bc.store.update(schedule);
    const subscriptionId = schedule.subscription ?? schedule.released_subscription;
    const subscription = subscriptionId ? bc.store.get<SubscriptionDoc>(SUBSCRIPTION_TYPE, subscriptionId) : undefined;
    if (subscription) bc.due.schedule(subscription.id, subscriptionDueTime(subscription, scheduleBoundaryOf(bc, subscription)), subscription.test_clock);
  });
  return schedule;
}

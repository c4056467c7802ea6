/**
 * Reading a subscription schedule's `phases[]` as Stripe checks them: each phase's items (recurring prices, one item
 * per price, a quantity only on licensed ones), its span (`start_date`, then `end_date` or `duration`, not both; a
 * timestamp or `now`), `proration_behavior`, `default_tax_rates`, `collection_method`,
 * `invoice_settings[days_until_due]` and `metadata`. What the sandbox does not serve is refused with the reason
 * (`iterations` names its replacement, as API 2025-09-30 removed it). A price archived since it was put on the
 * subscription (or on one of the schedule's phases) is still accepted there, as Stripe keeps archived prices working
 * for those already using them.
 */
import type { SandboxContext } from '../../context';
import type { RecurringInterval, Recurrence } from '../billing/billing-periods';
import type { StripeParams } from '../http/params';
import { applyMetadata } from '../http/params';
import { invalidParam } from '../http/stripe-error';
import { readTaxRates } from '../invoicing/billing-params';
import type { BillingPrice, BillingTaxRate } from '../invoicing/billing-types';
import { findObject } from '../services/lookup';
import { checkPricesFit } from '../subscriptions/subscription-params';
import type { PhaseProrationBehavior } from './schedule-documents';

/** A time a phase names: a timestamp, or `now`. */
export type PhaseTime = number | 'now';

/** One item of a phase as sent. */
export interface PhaseItemRequest {
  price: BillingPrice;
  quantity?: number;
  taxRates: BillingTaxRate[];
  metadata: Record<string, string>;
}

/** One phase as sent; undefined fields were not sent. */
export interface PhaseRequest {
  param: string;
  startDate?: PhaseTime;
  endDate?: PhaseTime;
  duration?: Recurrence;
  items: PhaseItemRequest[];
  prorationBehavior?: PhaseProrationBehavior;
  /** `[]` when sent empty (no tax rates). */
  defaultTaxRates?: BillingTaxRate[];
  collectionMethod?: 'charge_automatically' | 'send_invoice';
  daysUntilDue?: number;
  metadata?: Record<string, string>;
  /** The phase's currency as sent (it must be the subscription's). */
  currency?: string;
}

const PHASE_PARAMS = [
  'add_invoice_items', 'application_fee_percent', 'automatic_tax', 'billing_cycle_anchor', 'billing_thresholds', 'collection_method', 'currency',
  'default_payment_method', 'default_tax_rates', 'description', 'discounts', 'duration', 'end_date', 'invoice_settings', 'items', 'iterations',
  'metadata', 'on_behalf_of', 'proration_behavior', 'start_date', 'transfer_data', 'trial', 'trial_end',
];
const SERVED = new Set(['collection_method', 'currency', 'default_tax_rates', 'duration', 'end_date', 'invoice_settings', 'items', 'metadata', 'proration_behavior', 'start_date']);
const INTERVALS: readonly RecurringInterval[] = ['day', 'week', 'month', 'year'];

/** A phase time: a unix timestamp or `now`. */
function readTime(params: StripeParams, key: string): PhaseTime | undefined {
  return params.raw(key) === 'now' ? 'now' : params.timestamp(key);
}

/** A phase item's price: active, or already used by what the schedule manages (`known`), and recurring. */
function readPhasePrice(ctx: SandboxContext, item: StripeParams, known: ReadonlySet<string>): BillingPrice {
  const id = item.requiredString('price', { maxLength: 255 });
  const price = findObject<BillingPrice>(ctx, 'price', id, item.name('price'));
  if (!price.active && !known.has(id)) throw invalidParam(item.name('price'), `The price specified (${id}) is inactive. This field only accepts active prices.`);
  if (price.type !== 'recurring') throw invalidParam(item.name('price'), `The price specified (${id}) is a one-time price; a phase item needs a recurring price.`);
  return price;
}

function readPhaseItems(ctx: SandboxContext, phase: StripeParams, known: ReadonlySet<string>): PhaseItemRequest[] {
  const items = phase.objects('items', { required: true, maxItems: 20, allowed: ['price', 'price_data', 'plan', 'quantity', 'tax_rates', 'metadata', 'discounts', 'billing_thresholds'] })!;
  if (items.length === 0) throw invalidParam(phase.name('items'), `Invalid ${phase.name('items')}: a phase needs at least one item.`);
  const read = items.map((item) => {
    for (const unserved of ['price_data', 'plan', 'discounts', 'billing_thresholds']) {
      if (item.has(unserved)) throw invalidParam(item.name(unserved), `${item.name(unserved)} is not supported by the sandbox on phase items; pass ${item.name('price')} (an existing price).`);
    }
    const price = readPhasePrice(ctx, item, known);
    const quantity = item.integer('quantity', { min: 0, max: 99_999_999 });
    if (quantity !== undefined && price.recurring?.usage_type === 'metered') {
      throw invalidParam(item.name('quantity'), `A metered price (${price.id}) takes no quantity: its usage comes from its billing meter.`);
    }
    const licensedQuantity = price.recurring?.usage_type === 'metered' ? undefined : (quantity ?? 1);
    return { price, quantity: licensedQuantity, taxRates: readTaxRates(ctx, item, 'tax_rates') ?? [], metadata: applyMetadata({}, item.metadata()) };
  });
  checkPricesFit(read.map((item, i) => ({ price: item.price, param: `${phase.name('items')}[${i}][price]` })));
  return read;
}

function readDuration(phase: StripeParams): Recurrence | undefined {
  const duration = phase.object('duration', { allowed: ['interval', 'interval_count'] });
  if (!duration) return undefined;
  return { interval: duration.oneOf('interval', INTERVALS, { required: true })!, interval_count: duration.integer('interval_count', { min: 1, max: 1095 }) ?? 1 };
}

/** `phases[]` (1 to 10), each checked on its own; `known` are the prices already in use, archived ones accepted. */
export function readPhases(ctx: SandboxContext, params: StripeParams, known: ReadonlySet<string>): PhaseRequest[] | undefined {
  const phases = params.objects('phases', { maxItems: 10, allowed: PHASE_PARAMS });
  if (phases === undefined) return undefined;
  if (phases.length === 0) throw invalidParam('phases', 'Invalid phases: a schedule needs at least one phase.');
  return phases.map((phase) => {
    for (const key of phase.keys()) {
      if (key === 'iterations') throw invalidParam(phase.name(key), `${phase.name(key)} was removed in API version 2025-09-30.clover; give the phase's length as ${phase.name('duration')} (interval and interval_count) or ${phase.name('end_date')}.`);
      if (!SERVED.has(key)) throw invalidParam(phase.name(key), `${phase.name(key)} is not supported by the sandbox on schedule phases.`);
    }
    const endDate = readTime(phase, 'end_date');
    const duration = readDuration(phase);
    if (endDate !== undefined && duration !== undefined) throw invalidParam(phase.name('duration'), `You may only specify one of ${phase.name('end_date')} and ${phase.name('duration')}.`);
    const invoiceSettings = phase.object('invoice_settings', { allowed: ['days_until_due'] });
    return {
      param: phase.prefix,
      startDate: readTime(phase, 'start_date'),
      endDate,
      duration,
      items: readPhaseItems(ctx, phase, known),
      prorationBehavior: phase.oneOf('proration_behavior', ['create_prorations', 'always_invoice', 'none'] as const),
      defaultTaxRates: readTaxRates(ctx, phase, 'default_tax_rates'),
      collectionMethod: phase.oneOf('collection_method', ['charge_automatically', 'send_invoice'] as const),
      daysUntilDue: invoiceSettings?.integer('days_until_due', { min: 0, max: 730 }),
      metadata: phase.has('metadata') ? applyMetadata({}, phase.metadata()) : undefined,
      currency: phase.currency('currency'),
    };
  });
}

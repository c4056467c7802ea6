/**
 * What a subscription bills for a period, line by line: licensed items in advance (the price applied to the
 * quantity, prorated when the period is a stub shorter than a full one) and metered items in arrears (the price
 * applied to the meter's aggregated value for the customer over the period that ended). Descriptions follow
 * Stripe's wording: `2 × Numbers (at $5.00 / month)`, `Remaining time on 2 × Numbers after 21 Apr 2026`.
 */
import Decimal from 'decimal.js';
import { formatMoney, money } from '../../../core/money';
import { aggregateMeterReadings } from '../billing/meter-aggregation';
import { priceAmount, roundMinorUnits } from '../billing/price-amount';
import type { BillingPeriod } from '../billing/billing-periods';
import type { BillingContext } from '../billing-context';
import type { BillingPrice, BillingProduct, SubscriptionDoc, SubscriptionItemDoc } from '../invoicing/billing-types';
import type { SubscriptionLineSpec } from '../invoicing/invoice-documents';
import { METER_TYPE, type Meter } from '../metering/meters';
import { isMetered } from './subscription-documents';

/** The product name a price bills under (its id when the product is gone). */
export function productNameOf(bc: BillingContext, price: BillingPrice): string {
  return bc.store.get<BillingProduct>('product', price.product)?.name ?? price.product;
}

/** `2 × Numbers (at $5.00 / month)`: Stripe's description of a licensed line. */
export function describeQuantity(bc: BillingContext, price: BillingPrice, quantity: string): string {
  const name = productNameOf(bc, price);
  const unit = price.billing_scheme === 'per_unit' && price.unit_amount_decimal && /^\d+$/.test(price.unit_amount_decimal) && price.recurring
    ? ` (at ${formatMoney(money(Number(price.unit_amount_decimal), price.currency), { locale: 'en-US' })} / ${price.recurring.interval})`
    : '';
  return `${quantity} × ${name}${unit}`;
}

/** `21 Apr 2026`: how Stripe dates prorations in descriptions (UTC). */
export function describeDate(at: number): string {
  return new Date(at * 1000).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/**
 * The licensed items' lines for `period`, billed in advance. `fullPeriod` is the whole period a stub belongs to
 * (a first period that ends at a later billing cycle anchor): the amount is then prorated by stub / full seconds.
 */
export function licensedLines(bc: BillingContext, subscription: SubscriptionDoc, period: BillingPeriod, fullPeriod?: BillingPeriod): SubscriptionLineSpec[] {
  const stub = fullPeriod !== undefined && fullPeriod.end - fullPeriod.start !== period.end - period.start;
  return subscription.items.data.filter((item) => !isMetered(item)).map((item) => {
    const quantity = String(item.quantity ?? 1);
    const priced = priceAmount(item.price, quantity);
    if (!stub) {
      return { item, amount: priced.amount, quantity, unitAmountDecimal: priced.unitAmountDecimal, period, description: describeQuantity(bc, item.price, quantity) };
    }
    const factor = new Decimal(period.end - period.start).dividedBy(fullPeriod!.end - fullPeriod!.start);
    return {
      item,
      amount: roundMinorUnits(factor.times(priced.amount)),
      quantity,
      unitAmountDecimal: priced.unitAmountDecimal,
      period,
      description: `Remaining time on ${quantity} × ${productNameOf(bc, item.price)} after ${describeDate(period.start)}`,
    };
  });
}

/** The metered items' lines for the period that ended: each meter's aggregated usage at the item's price. */
export function meteredLines(bc: BillingContext, subscription: SubscriptionDoc, period: BillingPeriod): SubscriptionLineSpec[] {
  return subscription.items.data.filter(isMetered).map((item) => meteredLine(bc, subscription.customer, item, period));
}

/** One metered item's usage line for `period`. */
export function meteredLine(bc: BillingContext, customer: string, item: SubscriptionItemDoc, period: BillingPeriod): SubscriptionLineSpec {
  const usage = meteredUsage(bc, customer, item, period);
  const priced = priceAmount(item.price, usage);
  return { item, amount: priced.amount, quantity: usage, unitAmountDecimal: priced.unitAmountDecimal, period, description: `${usage} × ${productNameOf(bc, item.price)}` };
}

/** A metered item's aggregated usage for the customer over `period`, as decimal text ("0" without a meter or events). */
export function meteredUsage(bc: BillingContext, customer: string, item: SubscriptionItemDoc, period: BillingPeriod): string {
  const meterId = item.price.recurring?.meter;
  const meter = meterId ? bc.store.get<Meter>(METER_TYPE, meterId) : undefined;
  if (!meter) return '0';
  const readings = bc.meterEvents.readings(meter.id, customer, period.start, period.end);
  return aggregateMeterReadings(readings, meter.default_aggregation.formula).toString();
}

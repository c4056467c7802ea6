/**
 * Stripe ids: a prefix naming the object's kind (`cus_`, `price_`, …) and an unguessable tail of 24 base62
 * characters (about 143 bits), as long as the tails Stripe gives (`cus_QXg1o8vcGmoR32` is shorter, `pi_1Pgafy…` longer).
 */
import { randomBytes } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** The prefixes of the objects the sandbox keeps, by object type (`customer` → `cus`). */
export const STRIPE_ID_PREFIXES = {
  customer: 'cus',
  product: 'prod',
  price: 'price',
  tax_rate: 'txr',
  tax_id: 'txi',
  customer_balance_transaction: 'cbtxn',
  payment_method: 'pm',
  payment_intent: 'pi',
  setup_intent: 'seti',
  charge: 'ch',
  refund: 're',
  balance_transaction: 'txn',
  webhook_endpoint: 'we',
  event: 'evt',
  'test_helpers.test_clock': 'clock',
  'billing.meter': 'mtr',
  'billing.meter_event_summary': 'mtrusg',
  subscription: 'sub',
  subscription_item: 'si',
  subscription_schedule: 'sub_sched',
  invoiceitem: 'ii',
  invoice: 'in',
  line_item: 'il',
} as const;

/** Random bytes drawn in bulk: one `randomBytes` call per id made a 10,000-line invoice spend 100 ms on ids alone. */
const POOL_SIZE = 8192;
let pool = Buffer.alloc(0);
let poolAt = 0;

function randomTail(length: number): string {
  if (poolAt + length > pool.length) {
    pool = randomBytes(POOL_SIZE);
    poolAt = 0;
  }
  let tail = '';
  // 256 is not a multiple of 62; the slight bias of `% 62` costs a fraction of a bit per character.
  for (let i = poolAt; i < poolAt + length; i++) tail += BASE62[pool[i]! % 62];
  poolAt += length;
  return tail;
}

/** A fresh id with Stripe's prefix for `prefix` (`newStripeId('cus')` → `cus_…`); request ids are shorter (`req_` + 14). */
export function newStripeId(prefix: string, length = 24): string {
  return `${prefix}_${randomTail(length)}`;
}

/** The prefix of an id (`cus` for `cus_abc`, `pm` for `pm_card_visa`), or undefined when it has none. */
export function prefixOf(id: string): string | undefined {
  const cut = id.indexOf('_');
  return cut > 0 ? id.slice(0, cut) : undefined;
}

/** A secret only its holder knows (`whsec_…`, client secrets): the prefix and 32 random base62 characters. */
export function newSecret(prefix: string): string {
  return `${prefix}_${randomTail(32)}`;
}

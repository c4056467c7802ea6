/**
 * A billing change that must happen entirely or not at all, events included: `error_if_incomplete` creates a
 * subscription (or applies an update) only if its invoice gets paid, and otherwise answers 402 with nothing left
 * behind. The work runs in one store transaction with its events held back; they are published, in order, only
 * once the work commits, and dropped when it throws.
 */
import type { BillingContext, EventSink } from './billing-context';
import type { PublishOptions } from './events/event-publisher';
import type { StripeObject } from './store/stripe-objects-repository';

/** Runs `work` atomically, publishing its events only if it returns. */
export function atomically<R>(bc: BillingContext, work: (bc: BillingContext) => R): R {
  const held: { type: string; object: StripeObject; options?: PublishOptions }[] = [];
  const buffer: EventSink = { publish: (type, object, options) => held.push({ type, object: structuredClone(object), options }) };
  const result = bc.store.transaction(() => work({ ...bc, events: buffer }));
  for (const event of held) bc.events.publish(event.type, event.object, event.options);
  return result;
}

/**
 * The one way the catalogue finds a billing meter (meters themselves are the billing part's objects, stored under the
 * type `billing.meter` with `mtr_` ids): a metered price names one in `recurring[meter]`.
 */
import type { SandboxContext } from '../../context';
import type { StripeObject } from '../store/stripe-objects-repository';

/** The billing meter with this id, if the store holds one. */
export function findMeter(ctx: SandboxContext, id: string): StripeObject | undefined {
  return ctx.stripe.store.get<StripeObject>('billing.meter', id);
}

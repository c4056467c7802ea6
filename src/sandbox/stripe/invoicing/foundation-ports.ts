/**
 * Billing's two ports onto the foundation's services: invoice charges go through its payment methods (and their
 * test outcomes), balance changes through its customer balance ledger (`adjustCustomerBalance`).
 */
import type { SandboxContext } from '../../context';
import type { CustomerBalanceLedger, InvoiceCharger } from '../billing-context';
import { invalidRequest } from '../http/stripe-error';
import { adjustCustomerBalance } from '../services/customer-balance';
import type { StripeCustomer } from '../services/customers';
import { declineError, paymentOutcomeOf, resolvePaymentMethod } from '../services/payment-methods';

/** The ledger: `applied_to_invoice` transactions through the foundation's balance service. */
export function foundationBalanceLedger(ctx: SandboxContext): CustomerBalanceLedger {
  return {
    applyToInvoice(customer, amount, currency, invoice) {
      adjustCustomerBalance(ctx, { customer, amount, currency, type: 'applied_to_invoice', invoice, description: null });
    },
  };
}

/**
 * The charger: the payment method asked for, else the invoice's, else the customer's default, charged with the
 * foundation's test outcomes (a decline is Stripe's 402 card_error; no payment method at all is a 400).
 */
export function foundationInvoiceCharger(ctx: SandboxContext): InvoiceCharger {
  return {
    charge(invoice, paymentMethod) {
      const customer = ctx.stripe.store.get<StripeCustomer>('customer', invoice.customer);
      const pmId = paymentMethod ?? invoice.default_payment_method ?? customer?.invoice_settings.default_payment_method ?? null;
      if (pmId === null) {
        const error = invalidRequest(`This customer has no attached payment source or default payment method. Please consider adding a default payment method (invoice ${invoice.id}).`, undefined, 'invoice_payment_intent_requires_action');
        return { paid: false, paymentIntent: null, error };
      }
      const pm = resolvePaymentMethod(ctx, pmId, 'payment_method');
      const outcome = paymentOutcomeOf(pm);
      if (outcome === 'succeed') return { paid: true, paymentIntent: '' };
      return { paid: false, paymentIntent: null, error: declineError(pm, outcome) };
    },
  };
}

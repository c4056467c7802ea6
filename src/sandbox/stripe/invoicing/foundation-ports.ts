/**
 * Billing's two ports onto the foundation's services: invoice charges go through its payment intents
 * (`chargeCustomer`), balance changes through its customer balance ledger (`adjustCustomerBalance`).
 */
import type { SandboxContext } from '../../context';
import type { CustomerBalanceLedger, InvoiceCharger } from '../billing-context';
import { chargeCustomer } from '../services/charge-customer';
import { adjustCustomerBalance } from '../services/customer-balance';

/** The ledger: `applied_to_invoice` transactions through the foundation's balance service. */
export function foundationBalanceLedger(ctx: SandboxContext): CustomerBalanceLedger {
  return {
    applyToInvoice(customer, amount, currency, invoice) {
      adjustCustomerBalance(ctx, { customer, amount, currency, type: 'applied_to_invoice', invoice, description: null });
    },
  };
}

/**
 * The charger: a payment intent through the foundation's chargeCustomer, for what remains due, with the payment
 * method asked for, else the invoice's, else the customer's default (a decline comes back as Stripe's 402
 * card_error embedding the intent; no payment method at all as a 400).
 */
export function foundationInvoiceCharger(ctx: SandboxContext): InvoiceCharger {
  return {
    charge(invoice, paymentMethod) {
      const result = chargeCustomer(ctx, {
        customer: invoice.customer,
        amount: invoice.amount_remaining,
        currency: invoice.currency,
        paymentMethod: paymentMethod ?? invoice.default_payment_method ?? undefined,
        description: `Payment for Invoice ${invoice.number ?? invoice.id}`,
        metadata: { invoice: invoice.id },
      });
      if (result.ok) return { paid: true, paymentIntent: result.paymentIntent.id };
      return { paid: false, paymentIntent: result.paymentIntent.id, error: result.error! };
    },
  };
}

/** The BillingAccount resource: a customer on the billing provider with its tax, credit and payment method. */
export * from './model';
export * from './handler';

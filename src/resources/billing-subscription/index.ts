/** The BillingSubscription resource: model, items plan and lifecycle handler. */
export * from './model';
export * from './handler';
export { BILLING_SUBSCRIPTION_FIELD_RULES } from './field-rules';

/** The didops core library: lifecycle types, diagnostics, errors, retry, idempotency keys, phone numbers and money. */
export * from './lifecycle';
export * from './unknowns';
export * from './diagnostics';
export * from './errors';
export * from './retry';
export * from './lost-answer';
export * from './batched-reads';
export * from './idempotency';
export * from './e164';
export * from './money';
export * from './webhook-signature';

/** Twilio carrier: the SDK client, its HTTP plumbing, its errors, and the carrier port over them. */
export * from './client';
export * from './http-client';
export * from './errors';
export * from './carrier';
export * from './webhooks';

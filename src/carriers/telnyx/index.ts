/** Telnyx carrier: the SDK client, its HTTP plumbing, its errors, and the carrier port over them. */
export * from './client';
export * from './http-fetch';
export * from './errors';
export * from './number-orders';
export * from './carrier';
export * from './webhooks';

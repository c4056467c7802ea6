/** Twilio carrier: the SDK client and its HTTP plumbing. */
export * from './client';
export * from './http-client';
export * from './contains-pattern';

/** didops' public API: the core lifecycle and values, the Twilio and Telnyx carriers, and the sandbox for offline work. */
export * from './core';
export * from './carriers/twilio';
export * from './carriers/telnyx';
export * from './search';
export * from './resources';
export * from './routing';
export { startSandbox, DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN, type SandboxOptions, type RunningSandbox } from './sandbox/server';
export type { FaultRule } from './sandbox/faults';

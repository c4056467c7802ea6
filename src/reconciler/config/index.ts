/** The reconciler's configuration: model, loading with precedence, redaction. */
export * from './schema';
export * from './settings';
export * from './load';
export * from './redact';

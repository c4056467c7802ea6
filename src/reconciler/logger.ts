/** The reconciler's logger: pino, JSON lines, secrets redacted by path (config/redact.ts). */
import pino, { type DestinationStream, type Logger } from 'pino';
import { LOG_REDACT_PATHS, REDACTED } from './config/redact';
import type { ReconcilerConfig } from './config/schema';

export type { Logger } from 'pino';

/** A JSON logger at the configured level; `destination` lets tests read what was logged (default stdout). */
export function createReconcilerLogger(level: ReconcilerConfig['logLevel'], destination?: DestinationStream): Logger {
  const options = { level, base: { service: 'didops-reconciler' }, redact: { paths: [...LOG_REDACT_PATHS], censor: REDACTED } };
  return destination ? pino(options, destination) : pino(options);
}

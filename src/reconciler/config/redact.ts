/** Secrets out of everything that may be printed: the configuration itself, connection strings, pino's output. */
import { SECRET_PATHS, type ReconcilerConfig } from './schema';

/** What a redacted secret reads as. */
export const REDACTED = '[redacted]';

/** The connection string with its password replaced, for logs and `/readyz`. */
export function redactDatabaseUrl(databaseUrl: string): string {
  try {
    const parsed = new URL(databaseUrl);
    if (parsed.password) parsed.password = REDACTED;
    return parsed.toString();
  } catch {
    // An unparseable string may still hold a password; show only its scheme.
    return `${databaseUrl.split(':')[0]}://${REDACTED}`;
  }
}

/** A copy of the configuration that is safe to log or print: secrets and the database password replaced. */
export function redactConfig(config: ReconcilerConfig): ReconcilerConfig {
  const copy = structuredClone(config) as unknown as Record<string, unknown>;
  for (const path of SECRET_PATHS) {
    const keys = path.split('.');
    let node: Record<string, unknown> | undefined = copy;
    for (const key of keys.slice(0, -1)) node = node?.[key] as Record<string, unknown> | undefined;
    const last = keys[keys.length - 1]!;
    if (node && typeof node[last] === 'string') node[last] = REDACTED;
  }
  if (typeof copy.databaseUrl === 'string') copy.databaseUrl = redactDatabaseUrl(copy.databaseUrl);
  return copy as unknown as ReconcilerConfig;
}

/**
 * pino `redact` paths: the configuration's secrets wherever a config is logged, credentials in request headers, and
 * the usual secret names one level down in any logged object.
 */
export const LOG_REDACT_PATHS: readonly string[] = [
  ...SECRET_PATHS.map((p) => `config.${p}`),
  'config.databaseUrl',
  'databaseUrl',
  'req.headers.authorization',
  'req.headers["x-twilio-signature"]',
  'req.headers["telnyx-signature-ed25519"]',
  '*.authToken',
  '*.apiKey',
  '*.secretKey',
  '*.password',
  '*.apiKeySecret',
  '*.webhook_secret',
];

/**
 * The reconciler service: builds everything from configuration (logger, metrics, database, migrations, partitions,
 * job queue, HTTP server) and takes it down in the reverse order. `startReconciler` is what the CLI runs and what
 * tests call in-process.
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { runMigrations } from 'graphile-worker';
import type { DestinationStream } from 'pino';
import { createReconcilerApp, type ReadinessProbe } from './api/app';
import { buildAuthServices, type AuthServices } from './api/auth/build';
import type { ApiApp } from './api/env';
import { redactConfig } from './config/redact';
import { effectiveSchedules, reconcilerConfigSchema, type ReconcilerConfig, type ReconcilerConfigInput } from './config/schema';
import type { Clock, ReconcilerContext } from './context';
import { openReconcilerDatabase } from './db/connect';
import { migrateToLatest, pendingMigrations } from './db/migrate';
import { ensureCurrentPartitions } from './db/partitions';
import { JOBS } from './jobs';
import type { AnyJobDefinition } from './jobs/job';
import { startQueue, type Queue } from './jobs/queue';
import { createReconcilerLogger, type Logger } from './logger';
import { createReconcilerMetrics } from './metrics';

/** Options of {@link startReconciler} beyond the configuration. */
export interface StartOptions {
  /** The clock (default: the system's). */
  readonly now?: Clock;
  /** Where JSON log lines go (default stdout). */
  readonly logDestination?: DestinationStream;
  /** Job kinds to run (default: all of JOBS); `false` runs no queue (an API-only replica, or a test). */
  readonly jobs?: readonly AnyJobDefinition[] | false;
}

/** A running reconciler. */
export interface RunningReconciler {
  /** Base URL of the HTTP API, e.g. http://127.0.0.1:4020. */
  readonly url: string;
  readonly context: ReconcilerContext;
  /** The job queue, unless started with `jobs: false`. */
  readonly queue?: Queue;
  readonly app: ApiApp;
  /** API keys, OAuth clients, tokens, audit and rate limits (tests issue credentials through it). */
  readonly auth: AuthServices;
  /** Graceful stop: stop accepting requests, let running jobs finish, close the database. Safe to call twice. */
  stop(): Promise<void>;
}

/** Starts a reconciler; the configuration is checked (and defaulted) first. */
export async function startReconciler(input: ReconcilerConfig | ReconcilerConfigInput, options: StartOptions = {}): Promise<RunningReconciler> {
  const config = reconcilerConfigSchema.parse(input);
  const logger = createReconcilerLogger(config.logLevel, options.logDestination);
  const metrics = createReconcilerMetrics();
  const database = await openReconcilerDatabase(config, { onIdleError: (err) => logger.warn({ err }, 'a database connection failed; the pool will reconnect') });
  const undo: (() => Promise<void>)[] = [() => database.close()];
  try {
    const now = options.now ?? (() => new Date());
    const context: ReconcilerContext = { config, database, db: database.db, logger, metrics, now };
    const applied = await migrateToLatest(database.db);
    await ensureCurrentPartitions(database.db, now());
    // An API-only replica runs no queue but still adds jobs (a carrier webhook queues ingest): it needs the queue's schema.
    if (options.jobs === false) await runMigrations({ pgPool: database.pool });
    const queue = options.jobs === false ? undefined : await startQueue({
      context,
      jobs: options.jobs ?? JOBS,
      schedules: effectiveSchedules(config),
      concurrency: config.jobs.concurrency,
      pollIntervalMs: config.jobs.pollIntervalMs,
    });
    if (queue) undo.unshift(() => queue.stop());
    const auth = await buildAuthServices(database.db, config.auth, now);
    if (!config.auth.pepper) logger.warn('auth.pepper is not set: API keys are hashed without a server-side secret; set DIDOPS_AUTH_PEPPER');
    const app = createReconcilerApp(context, readinessProbe(context, queue), auth);
    const server = await listen(app, config.host, config.port);
    undo.unshift(() => closeServer(server));
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${(server.address() as AddressInfo).port}`;
    logger.info({ url, database: database.description, applied, config: redactConfig(config) }, 'reconciler started');
    let stopping: Promise<void> | undefined;
    return {
      url,
      context,
      app,
      auth,
      ...(queue ? { queue } : {}),
      stop() {
        stopping ??= unwind(undo, logger).then(() => logger.info('reconciler stopped'));
        return stopping;
      },
    };
  } catch (err) {
    await unwind(undo, logger);
    throw err;
  }
}

/** Stops the reconciler on SIGTERM and SIGINT (once; a second signal exits at once). Returns the remover. */
export function stopOnSignals(reconciler: RunningReconciler, exit: (code: number) => void = (code) => process.exit(code)): () => void {
  let received = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (received) return exit(130);
    received = true;
    reconciler.context.logger.info({ signal }, 'shutting down: finishing running jobs');
    reconciler.stop().then(
      () => exit(0),
      (err: unknown) => {
        reconciler.context.logger.error({ err }, 'shutdown failed');
        exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return () => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  };
}

/**
 * Keeps the process serving when a promise rejects with nobody to catch it. graphile-worker records a job's end
 * (complete or fail) without awaiting it, so a database that goes away at that moment (a restart, a failover, a
 * terminated backend) rejects inside the library, and Node's default would end the process. The job stays locked by
 * this process instead, and its work is done again by the next tick (every job is safe to repeat); the pool opens
 * new connections on the next query. Logged at error level. Returns the remover.
 */
export function surviveUnhandledRejections(reconciler: RunningReconciler): () => void {
  const onRejection = (reason: unknown) => {
    reconciler.context.logger.error({ err: reason }, 'an operation failed with nobody to handle it (a lost database connection?); carrying on, the next tick redoes its work');
  };
  process.on('unhandledRejection', onRejection);
  return () => {
    process.off('unhandledRejection', onRejection);
  };
}

function readinessProbe(context: ReconcilerContext, queue: Queue | undefined): ReadinessProbe {
  return async () => {
    const reachable = await context.database.ping();
    const pending = reachable ? await pendingMigrations(context.db).catch(() => undefined) : undefined;
    return {
      database: { ok: reachable, detail: context.database.description },
      migrations: pending === undefined ? { ok: false, detail: 'unknown: the database did not answer' } : { ok: pending.length === 0, detail: pending.length ? `pending: ${pending.join(', ')}` : 'current' },
      queue: queue ? { ok: queue.running(), detail: queue.running() ? 'running' : 'stopped' } : { ok: true, detail: 'not run by this process' },
    };
  };
}

function listen(app: ApiApp, hostname: string, port: number): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname }, () => resolve(server));
    server.once('error', reject);
  });
}

/** Stops accepting connections, lets requests in flight finish, then drops idle keep-alive sockets. */
function closeServer(server: ServerType): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    const http = server as unknown as { closeIdleConnections?: () => void; closeAllConnections?: () => void };
    http.closeIdleConnections?.();
    // Requests still running after 10 s are cut off rather than holding the shutdown forever.
    setTimeout(() => http.closeAllConnections?.(), 10_000).unref();
  });
}

/** Runs the undo steps in order, logging (not throwing) failures so every resource gets its chance to close. */
async function unwind(steps: (() => Promise<void>)[], logger: Logger): Promise<void> {
  for (const step of steps.splice(0)) {
    try {
      await step();
    } catch (err) {
      logger.error({ err }, 'a shutdown step failed');
    }
  }
}

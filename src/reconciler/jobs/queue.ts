/**
 * The job queue: graphile-worker on the reconciler's own pool (PostgreSQL or the embedded database; see
 * docs/reconciler.md for why it is correct on both). graphile-worker locks each job to one worker in the database,
 * so any number of processes on one database share the work and never run one job twice while it is locked; cron
 * ticks are claimed in the database too, so a schedule fires once per tick however many processes run it.
 *
 * A crashed process's locked jobs are retried by others only after graphile-worker's 4-hour lock timeout; jobs are
 * therefore written to be safe to repeat (cursors, ON CONFLICT, deterministic identifiers), and a scheduled job's
 * next tick adds a fresh job under the same key rather than waiting for the locked one.
 */
import { Logger as WorkerLogger, parseCronItems, run, type LogFunctionFactory, type Runner, type Task, type TaskList } from 'graphile-worker';
import { sql, type Kysely } from 'kysely';
import { ValidationError } from '../../core/errors';
import type { ReconcilerContext } from '../context';
import type { Database } from '../db/database';
import type { Logger } from '../logger';
import type { AddJob, AddJobOptions, AnyJobDefinition, JobContext, JobDefinition } from './job';
import type { JobName, JobPayloads } from './payloads';

/** Options of {@link startQueue}. */
export interface QueueOptions {
  readonly context: ReconcilerContext;
  /** The job kinds this process runs (usually JOBS from ./index). */
  readonly jobs: readonly AnyJobDefinition[];
  /** Cron schedules by job name; names with no registered job are ignored. */
  readonly schedules?: Readonly<Record<string, string>>;
  /** Jobs run at once by this process. */
  readonly concurrency?: number;
  /** Milliseconds between looks for jobs when no NOTIFY arrived. */
  readonly pollIntervalMs?: number;
}

/** A running queue. */
export interface Queue {
  /** Adds a job (checked against its kind's schema); deduplicated by `options.jobKey`. */
  readonly addJob: AddJob;
  /** True from start until stop or a fatal error of the runner. */
  running(): boolean;
  /** Stops taking jobs and waits for the running ones to finish. Safe to call twice. */
  stop(): Promise<void>;
}

/** Starts the queue's runner on the context's database (installing graphile-worker's schema on first use). */
export async function startQueue(options: QueueOptions): Promise<Queue> {
  const { context } = options;
  const logger = context.logger.child({ component: 'queue' });
  const byName = new Map<string, AnyJobDefinition>(options.jobs.map((job) => [job.name, job]));
  let runner: Runner | undefined;
  const addJob: AddJob = async (name, payload, jobOptions) => {
    const checked = checkPayload(byName, name, payload);
    if (!runner) throw new Error('the queue is not running');
    await runner.addJob(name, checked as never, workerSpec(jobOptions));
  };
  const taskList: TaskList = {};
  for (const job of options.jobs) taskList[job.name] = taskFor(job as JobDefinition, context, addJob);
  const cron = Object.entries(options.schedules ?? {})
    .filter(([name]) => byName.has(name))
    // The key makes a tick replace a previous tick's job still waiting, instead of piling up behind a slow run.
    .map(([name, match]) => ({ task: name, identifier: name, match, options: { backfillPeriod: 0, jobKey: `cron:${name}`, jobKeyMode: 'replace' as const } }));
  runner = await run({
    pgPool: context.database.pool,
    taskList,
    parsedCronItems: parseCronItems(cron),
    concurrency: options.concurrency ?? 4,
    pollInterval: options.pollIntervalMs ?? 2000,
    // The service handles SIGTERM itself and stops the queue as one step of its shutdown.
    noHandleSignals: true,
    logger: new WorkerLogger(workerLogFactory(logger)),
  });
  let active = true;
  runner.promise.then(
    () => (active = false),
    (err: unknown) => {
      active = false;
      logger.error({ err }, 'the job runner stopped on an error');
    },
  );
  let stopping: Promise<void> | undefined;
  const started = runner;
  return {
    addJob,
    running: () => active,
    stop() {
      stopping ??= started.stop().then(() => {
        active = false;
      });
      return stopping;
    },
  };
}

/**
 * Adds a job inside a transaction (kysely's `trx`), so the job exists exactly when the transaction's writes do:
 * e.g. the rating transaction queues the push of what it rated. The payload is checked against its kind's schema.
 */
export async function addJobWithin<N extends JobName>(
  trx: Kysely<Database>,
  job: JobDefinition<N>,
  payload: JobPayloads[N],
  options: AddJobOptions = {},
): Promise<void> {
  const checked = job.payload.parse(payload);
  await sql`SELECT graphile_worker.add_job(
    identifier => ${job.name}, payload => ${JSON.stringify(checked)}::json, queue_name => ${options.queueName ?? null}::text,
    run_at => ${options.runAt?.toISOString() ?? null}::timestamptz, max_attempts => ${options.maxAttempts ?? null}::int,
    job_key => ${options.jobKey ?? null}::text)`.execute(trx);
}

function checkPayload(byName: Map<string, AnyJobDefinition>, name: string, payload: unknown): unknown {
  const job = byName.get(name);
  if (!job) throw new ValidationError({ field: 'name', summary: `"${name}" is not a registered job`, detail: `register it in src/reconciler/jobs/index.ts (known: ${[...byName.keys()].join(', ')})` });
  const parsed = (job.payload as JobDefinition['payload']).safeParse(payload);
  if (!parsed.success) throw new ValidationError({ field: 'payload', summary: `the payload of job "${name}" is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`).join('; ')}`, detail: `see JobPayloads["${name}"] in src/reconciler/jobs/payloads.ts` });
  return parsed.data;
}

function workerSpec(options: AddJobOptions = {}): Parameters<Runner['addJob']>[2] {
  return {
    ...(options.jobKey !== undefined ? { jobKey: options.jobKey } : {}),
    ...(options.runAt !== undefined ? { runAt: options.runAt } : {}),
    ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
    ...(options.queueName !== undefined ? { queueName: options.queueName } : {}),
  };
}

/** Wraps a job kind as a graphile-worker task: payload check, child logger, metrics. */
function taskFor(job: JobDefinition, context: ReconcilerContext, addJob: AddJob): Task {
  return async (raw, helpers) => {
    const { _cron: tick, ...rest } = (raw ?? {}) as { _cron?: { ts: string } } & Record<string, unknown>;
    const payload = job.payload.parse(rest);
    const { metrics } = context;
    const logger = context.logger.child({ job: job.name, jobId: helpers.job.id, attempt: helpers.job.attempts });
    const jobContext: JobContext = {
      ...context,
      logger,
      signal: helpers.abortSignal ?? new AbortController().signal,
      addJob,
      ...(tick ? { scheduledAt: new Date(tick.ts) } : {}),
    };
    metrics.jobsStarted.inc({ job: job.name });
    const timer = metrics.jobSeconds.startTimer({ job: job.name });
    try {
      await job.run(payload, jobContext);
      metrics.jobsFinished.inc({ job: job.name, outcome: 'success' });
    } catch (err) {
      metrics.jobsFinished.inc({ job: job.name, outcome: 'failure' });
      logger.warn({ err }, 'job failed; the queue retries it with backoff');
      throw err;
    } finally {
      timer();
    }
  };
}

/** graphile-worker's log lines into pino, at their levels. */
function workerLogFactory(logger: Logger): LogFunctionFactory {
  return (scope) => {
    const scoped = logger.child({ worker: scope.workerId, task: scope.taskIdentifier, jobId: scope.jobId });
    return (level, message, meta) => {
      const method = level === 'error' ? 'error' : level === 'warning' ? 'warn' : 'debug';
      scoped[method](meta ?? {}, message);
    };
  };
}

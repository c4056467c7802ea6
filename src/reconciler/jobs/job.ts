/** What a job kind is (name, payload schema, run) and what it is given when it runs. */
import type { z } from 'zod';
import type { ReconcilerContext } from '../context';
import type { Logger } from '../logger';
import type { JobName, JobPayloads } from './payloads';

/** Options of adding a job. */
export interface AddJobOptions {
  /**
   * Deduplicates: while a job with this key waits, adding again replaces its payload instead of queueing a second
   * one (graphile-worker's job_key). Use one per unit of work, e.g. `ingest:twilio:AC…`.
   */
  readonly jobKey?: string;
  /** Run no earlier than this. */
  readonly runAt?: Date;
  /** Attempts before the job is left failed (default 25, with exponential backoff). */
  readonly maxAttempts?: number;
  /** Jobs with one queue name run one at a time, in order. */
  readonly queueName?: string;
}

/** Queues a job of a known kind with a payload of its type. */
export type AddJob = <N extends JobName>(name: N, payload: JobPayloads[N], options?: AddJobOptions) => Promise<void>;

/** What a running job is given. */
export interface JobContext extends ReconcilerContext {
  /** A child logger naming the job, its id and attempt. */
  readonly logger: Logger;
  /** Aborted when the process is shutting down and the grace period ran out: stop between batches. */
  readonly signal: AbortSignal;
  /** The cron tick that scheduled this run, when a schedule did. */
  readonly scheduledAt?: Date;
  /** Queues follow-up work. */
  readonly addJob: AddJob;
}

/** A job kind. */
export interface JobDefinition<N extends JobName = JobName> {
  readonly name: N;
  /** Checks payloads when added and when run (a payload written by an older version still parses or fails loudly). */
  readonly payload: z.ZodType<JobPayloads[N]>;
  /** Does the work; throw to have the queue retry with backoff. Must be safe to run again after a crash. */
  run(payload: JobPayloads[N], context: JobContext): Promise<void>;
}

/** Declares a job kind (an identity function that fixes the types). */
export function defineJob<N extends JobName>(definition: JobDefinition<N>): JobDefinition<N> {
  return definition;
}

/** Any one job kind (a union over the names, so each keeps its own payload type). */
export type AnyJobDefinition = { [N in JobName]: JobDefinition<N> }[JobName];

/**
 * The payload type of every job, by job name: what makes `addJob(name, payload)` typed. A new job kind adds its line
 * here and its file (with the zod schema of the same payload) to index.ts.
 */

/** Payloads by job name. */
export interface JobPayloads {
  /** Create call_records partitions ahead of time (`ahead` months, default 2). */
  partitions: { ahead?: number };
  /** Pull call records: one carrier, or (without `carrier`) queue one run per configured carrier. */
  ingest: { carrier?: 'twilio' | 'telnyx'; from?: string };
  /** Recompute the analytics rollups of the hours whose call records changed (`daysPerTransaction`, default 7). */
  rollup: { daysPerTransaction?: number };
}

/** The name of a job kind. */
export type JobName = keyof JobPayloads;

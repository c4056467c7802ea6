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
  /** Evaluate every active alert (scheduled). */
  alerts: Record<string, never>;
  /** One delivery attempt of an alert firing's webhook (queued by `alerts`, retried by the queue). */
  'alert-delivery': { firing_id: string };
  /** Drop call_records partitions older than the retention (scheduled). */
  retention: Record<string, never>;
  /** Snapshot the embedded database into <dataDir>/backups (scheduled; nothing on PostgreSQL). */
  backup: Record<string, never>;
}

/** The name of a job kind. */
export type JobName = keyof JobPayloads;

/**
 * Responses the sandbox gave to POSTs carrying an `Idempotency-Key`, so a retry gets the first answer again instead
 * of doing the work twice. Kept in the database (a restarted sandbox still replays them) for 24 hours, measured on the
 * sandbox's clock so tests can move past the window.
 */
import type { SqliteDatabase } from '../../store/database';

/** How long Stripe keeps an idempotency key. */
export const IDEMPOTENCY_WINDOW_MS = 24 * 3600_000;

/** One stored answer. */
export interface StoredIdempotentResponse {
  key: string;
  /** What the first request was (method, path, parameters), to tell a retry from a reuse with other parameters. */
  request_hash: string;
  request_id: string;
  status: number;
  body: string;
  created_at: number;
}

/** The stored answers. */
export class StripeIdempotencyRepository {
  private readonly byKey;
  private readonly insertStmt;
  private readonly purgeStmt;

  constructor(db: SqliteDatabase) {
    this.byKey = db.prepare('SELECT * FROM stripe_idempotency WHERE key = ?');
    this.insertStmt = db.prepare(
      'INSERT INTO stripe_idempotency (key, request_hash, request_id, status, body, created_at) VALUES (@key, @request_hash, @request_id, @status, @body, @created_at) ' +
        'ON CONFLICT(key) DO UPDATE SET request_hash = excluded.request_hash, request_id = excluded.request_id, status = excluded.status, body = excluded.body, created_at = excluded.created_at',
    );
    this.purgeStmt = db.prepare('DELETE FROM stripe_idempotency WHERE created_at <= ?');
  }

  /** The answer stored under a key, unless it is older than the window at `nowMs`. */
  find(key: string, nowMs: number): StoredIdempotentResponse | undefined {
    const row = this.byKey.get(key) as StoredIdempotentResponse | undefined;
    return row && row.created_at > nowMs - IDEMPOTENCY_WINDOW_MS ? row : undefined;
  }

  /** Stores an answer (replacing an expired one under the same key) and forgets answers past the window. */
  save(response: StoredIdempotentResponse): void {
    this.insertStmt.run(response);
    this.purgeStmt.run(response.created_at - IDEMPOTENCY_WINDOW_MS);
  }
}

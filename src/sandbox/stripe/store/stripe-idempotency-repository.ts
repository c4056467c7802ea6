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
  private readonly saveAndPurge;
  /** When answers past the window were last forgotten (sandbox milliseconds); they are forgotten once a minute. */
  private lastPurgeAt = Number.NEGATIVE_INFINITY;

  constructor(db: SqliteDatabase) {
    this.byKey = db.prepare('SELECT * FROM stripe_idempotency WHERE key = ?');
    this.insertStmt = db.prepare(
      'INSERT INTO stripe_idempotency (key, request_hash, request_id, status, body, created_at) VALUES (@key, @request_hash, @request_id, @status, @body, @created_at) ' +
        'ON CONFLICT(key) DO UPDATE SET request_hash = excluded.request_hash, request_id = excluded.request_id, status = excluded.status, body = excluded.body, created_at = excluded.created_at',
    );
    this.purgeStmt = db.prepare('DELETE FROM stripe_idempotency WHERE created_at <= ?');
    // One write transaction (one WAL commit) for the answer and the purge, not one each.
    this.saveAndPurge = db.transaction((response: StoredIdempotentResponse, purge: boolean) => {
      this.insertStmt.run(response);
      if (purge) this.purgeStmt.run(response.created_at - IDEMPOTENCY_WINDOW_MS);
    });
  }

  /** The answer stored under a key, unless it is older than the window at `nowMs`. */
  find(key: string, nowMs: number): StoredIdempotentResponse | undefined {
    const row = this.byKey.get(key) as StoredIdempotentResponse | undefined;
    return row && row.created_at > nowMs - IDEMPOTENCY_WINDOW_MS ? row : undefined;
  }

  /**
   * Stores an answer (replacing an expired one under the same key) and, at most once a minute, forgets answers past
   * the window ({@link find} never returns those in between, so only the table's size waits for the purge).
   */
  save(response: StoredIdempotentResponse): void {
    const purge = response.created_at - this.lastPurgeAt >= 60_000 || response.created_at < this.lastPurgeAt;
    if (purge) this.lastPurgeAt = response.created_at;
    this.saveAndPurge(response, purge);
  }
}

/**
 * The Stripe sub-app's tables, created with `IF NOT EXISTS` when a sandbox opens its database (as the Telnyx tables
 * are: a data dir or inventory template built before them gains them in place). Every Stripe object is one JSON
 * document in `stripe_objects`, its API representation as served; the columns beside it are what lists filter and
 * page on without reading the JSON: type and creation order, the customer it belongs to, a parent object (a price's
 * product, a tax id's customer, an item's subscription) and a lookup key.
 */
import type { SqliteDatabase } from '../../store/database';

/** DDL of the Stripe tables; safe to run on every open. */
export const STRIPE_SCHEMA_SQL = `
-- seq (AUTOINCREMENT, never reused) is the creation order lists page by (newest first).
CREATE TABLE IF NOT EXISTS stripe_objects (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,                -- the object's "object" field: customer, price, test_helpers.test_clock, ...
  created INTEGER NOT NULL,          -- unix seconds, the customer's test clock time where it has one
  customer TEXT,
  parent TEXT,
  lookup_key TEXT,
  data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS stripe_objects_type ON stripe_objects(type, seq);
CREATE INDEX IF NOT EXISTS stripe_objects_customer ON stripe_objects(customer, type, seq) WHERE customer IS NOT NULL;
CREATE INDEX IF NOT EXISTS stripe_objects_parent ON stripe_objects(parent, type, seq) WHERE parent IS NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS stripe_objects_lookup_key ON stripe_objects(type, lookup_key) WHERE lookup_key IS NOT NULL;

-- A parent set on many documents at once (10,000 invoice items joining an invoice) without rewriting their rows:
-- while a document has a row here, this parent is its parent and its own parent column is not.
CREATE TABLE IF NOT EXISTS stripe_parent_links (
  id TEXT PRIMARY KEY,
  parent TEXT
) WITHOUT ROWID;

-- Responses to POSTs sent with an Idempotency-Key, kept 24 hours (by the sandbox's clock) and across restarts.
CREATE TABLE IF NOT EXISTS stripe_idempotency (
  key TEXT PRIMARY KEY,
  request_hash TEXT NOT NULL,        -- method, path and parameters of the first request
  request_id TEXT NOT NULL,          -- the first response's Request-Id
  status INTEGER NOT NULL,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL        -- milliseconds
);
CREATE INDEX IF NOT EXISTS stripe_idempotency_age ON stripe_idempotency(created_at);
`;

/** Creates the Stripe tables when missing. */
export function ensureStripeTables(db: SqliteDatabase): void {
  db.exec(STRIPE_SCHEMA_SQL);
}

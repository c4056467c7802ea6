/**
 * The Telnyx sub-app's tables. They are created with `IF NOT EXISTS` when a sandbox opens its database rather than
 * added to SCHEMA_SQL: a data dir or cached inventory template built before the Telnyx app existed gains them in place,
 * without a schema-version bump that would rebuild every template (a million generated numbers) for tables that start
 * empty. They share the `numbers` inventory and `number_ownership` with the Twilio app, so a number bought on one
 * carrier is gone from the other's search and both carriers' numbers get traffic.
 */
import type { SqliteDatabase } from './database';

/** DDL of the Telnyx tables; safe to run on every open. */
export const TELNYX_SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS telnyx_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

-- Numbers a Telnyx search has returned: Telnyx orders only numbers that a search offered first.
CREATE TABLE IF NOT EXISTS telnyx_search_hits (number_id INTEGER PRIMARY KEY REFERENCES numbers(id), seen_at INTEGER NOT NULL);

-- seq (AUTOINCREMENT, never reused) is the creation order lists page by.
CREATE TABLE IF NOT EXISTS telnyx_number_orders (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL,              -- pending, success, failure
  customer_reference TEXT,
  connection_id TEXT,
  messaging_profile_id TEXT,
  billing_group_id TEXT,
  webhook_url TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  complete_at INTEGER NOT NULL       -- when a pending order is fulfilled
);
CREATE INDEX IF NOT EXISTS telnyx_orders_due ON telnyx_number_orders(status, complete_at);

CREATE TABLE IF NOT EXISTS telnyx_order_numbers (
  id TEXT PRIMARY KEY,
  order_id TEXT NOT NULL REFERENCES telnyx_number_orders(id),
  position INTEGER NOT NULL,
  number_id INTEGER NOT NULL REFERENCES numbers(id),
  phone_number TEXT NOT NULL,
  status TEXT NOT NULL,              -- pending, success, failure
  phone_number_id TEXT,              -- the owned number it became
  UNIQUE (order_id, position)
);

-- Owned numbers. The filterable settings have columns; the rest (voice settings, emergency state, ...) is JSON.
CREATE TABLE IF NOT EXISTS telnyx_phone_numbers (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  number_id INTEGER NOT NULL REFERENCES numbers(id),
  phone_number TEXT NOT NULL UNIQUE,
  order_id TEXT,
  customer_reference TEXT,
  connection_id TEXT,
  emergency_address_id TEXT,
  tags TEXT NOT NULL,                -- JSON array
  data TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS telnyx_addresses (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  data TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS telnyx_call_control_applications (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  data TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- SIP connections, one table a kind; a number's connection_id names one of them or a call control application.
CREATE TABLE IF NOT EXISTS telnyx_credential_connections (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  data TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS telnyx_fqdn_connections (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  data TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS telnyx_ip_connections (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  data TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
`;

/** Creates the Telnyx tables when missing. */
export function ensureTelnyxTables(db: SqliteDatabase): void {
  db.exec(TELNYX_SCHEMA_SQL);
}

/** A value of the Telnyx sandbox's own settings that must survive restarts (the webhook signing key). */
export function readTelnyxMeta(db: SqliteDatabase, key: string): string | undefined {
  return (db.prepare('SELECT value FROM telnyx_meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
}

/** Stores one {@link readTelnyxMeta} value. */
export function writeTelnyxMeta(db: SqliteDatabase, key: string, value: string): void {
  db.prepare('INSERT INTO telnyx_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
}

/** The sandbox's SQLite schema. Bump SCHEMA_VERSION whenever a table changes: data dirs and cached templates are keyed by it. */

/** Version of the tables below; part of every template and data-dir check. */
export const SCHEMA_VERSION = 3;

/** DDL for a fresh database. */
export const SCHEMA_SQL = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

-- Every generated number, whether available, owned or cooling down after release.
-- state: 0 available, 1 owned by the account, 2 released and cooling down until available_at.
CREATE TABLE numbers (
  id INTEGER PRIMARY KEY,
  phone_number TEXT NOT NULL UNIQUE,
  iso_country TEXT NOT NULL,
  type TEXT NOT NULL,
  area_code TEXT,
  region TEXT,
  locality TEXT,
  postal_code TEXT,
  rate_center TEXT,
  lata TEXT,
  latitude REAL,
  longitude REAL,
  voice INTEGER NOT NULL,
  sms INTEGER NOT NULL,
  mms INTEGER NOT NULL,
  fax INTEGER NOT NULL,
  address_requirements TEXT NOT NULL,
  beta INTEGER NOT NULL,
  state INTEGER NOT NULL DEFAULT 0,
  available_at INTEGER
);

-- Substring search for Contains patterns: a trigram index over the E.164 string answers
-- GLOB '*4357*' from the index instead of scanning a million rows. It keeps its own copy of the numbers (rowid =
-- numbers.id): building it from that narrow copy is about eight times faster than from the wide numbers table.
CREATE VIRTUAL TABLE numbers_digits USING fts5(phone_number, tokenize='trigram', detail='none');

CREATE TABLE incoming_numbers (
  sid TEXT PRIMARY KEY,
  account_sid TEXT NOT NULL,
  number_id INTEGER NOT NULL REFERENCES numbers(id),
  phone_number TEXT NOT NULL UNIQUE,
  friendly_name TEXT NOT NULL,
  data TEXT NOT NULL,            -- JSON of the updatable fields (voice_url, trunk_sid, ...)
  date_created INTEGER NOT NULL,
  date_updated INTEGER NOT NULL,
  seq INTEGER NOT NULL UNIQUE    -- creation order, the paging key
);
CREATE INDEX incoming_by_account ON incoming_numbers(account_sid, seq);

-- Every period a number was owned, kept after release: usage records and generated traffic look back in time.
CREATE TABLE number_ownership (
  incoming_sid TEXT PRIMARY KEY,
  account_sid TEXT NOT NULL,
  number_id INTEGER NOT NULL REFERENCES numbers(id),
  phone_number TEXT NOT NULL,
  iso_country TEXT NOT NULL,
  type TEXT NOT NULL,
  owned_from INTEGER NOT NULL,
  owned_until INTEGER
);
CREATE INDEX ownership_by_account ON number_ownership(account_sid, owned_from);

-- Creation counters: a seq is never reused, even after the newest row is deleted, so page tokens stay exact.
CREATE TABLE sequences (name TEXT PRIMARY KEY, value INTEGER NOT NULL);

CREATE TABLE addresses (
  sid TEXT PRIMARY KEY,
  account_sid TEXT NOT NULL,
  data TEXT NOT NULL,
  date_created INTEGER NOT NULL,
  date_updated INTEGER NOT NULL,
  seq INTEGER NOT NULL UNIQUE
);
CREATE INDEX addresses_by_account ON addresses(account_sid, seq);

CREATE TABLE flows (
  sid TEXT PRIMARY KEY,
  account_sid TEXT NOT NULL,
  friendly_name TEXT NOT NULL,
  status TEXT NOT NULL,
  revision INTEGER NOT NULL,
  date_created INTEGER NOT NULL,
  date_updated INTEGER NOT NULL,
  seq INTEGER NOT NULL UNIQUE
);
CREATE INDEX flows_by_account ON flows(account_sid, seq);

CREATE TABLE flow_revisions (
  flow_sid TEXT NOT NULL REFERENCES flows(sid) ON DELETE CASCADE,
  revision INTEGER NOT NULL,
  friendly_name TEXT NOT NULL,
  status TEXT NOT NULL,
  definition TEXT NOT NULL,
  commit_message TEXT,
  valid INTEGER NOT NULL,
  errors TEXT NOT NULL,
  warnings TEXT NOT NULL,
  date_created INTEGER NOT NULL,
  PRIMARY KEY (flow_sid, revision)
);

-- Studio executions of simulated calls; seq (never reused, thanks to AUTOINCREMENT) orders the lists.
-- context: the final execution context as JSON. Deleting a flow deletes its executions and their steps.
CREATE TABLE flow_executions (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  sid TEXT NOT NULL UNIQUE,
  account_sid TEXT NOT NULL,
  flow_sid TEXT NOT NULL REFERENCES flows(sid) ON DELETE CASCADE,
  flow_version INTEGER NOT NULL,
  contact_channel_address TEXT NOT NULL,
  contact_sid TEXT NOT NULL,
  initiated_by TEXT NOT NULL,
  status TEXT NOT NULL,
  context TEXT NOT NULL,
  date_created INTEGER NOT NULL,
  date_updated INTEGER NOT NULL
);
CREATE INDEX flow_executions_by_flow ON flow_executions(flow_sid, seq);

-- One row per transition an execution made, in call order (position 1 is the trigger's); context is a snapshot.
CREATE TABLE flow_execution_steps (
  sid TEXT PRIMARY KEY,
  execution_sid TEXT NOT NULL REFERENCES flow_executions(sid) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  transitioned_from TEXT NOT NULL,
  transitioned_to TEXT NOT NULL,
  type TEXT NOT NULL,
  context TEXT NOT NULL,
  date_created INTEGER NOT NULL,
  UNIQUE (execution_sid, position)
);

CREATE TABLE calls (
  sid TEXT PRIMARY KEY,
  account_sid TEXT NOT NULL,
  start_time INTEGER NOT NULL,
  end_time INTEGER NOT NULL,
  direction TEXT NOT NULL,
  from_number TEXT NOT NULL,
  to_number TEXT NOT NULL,
  status TEXT NOT NULL,
  duration INTEGER NOT NULL,
  price_micros INTEGER NOT NULL,  -- negative: a charge, in millionths of price_unit
  price_unit TEXT NOT NULL,
  phone_number_sid TEXT,
  caller_country TEXT,
  date_created INTEGER NOT NULL,
  seq INTEGER NOT NULL UNIQUE
);
CREATE INDEX calls_by_account ON calls(account_sid, start_time, seq);

CREATE TABLE usage_triggers (
  sid TEXT PRIMARY KEY,
  account_sid TEXT NOT NULL,
  data TEXT NOT NULL,
  date_created INTEGER NOT NULL,
  date_updated INTEGER NOT NULL,
  seq INTEGER NOT NULL UNIQUE
);
CREATE INDEX triggers_by_account ON usage_triggers(account_sid, seq);
`;

/** Indexes built after the bulk load: building them once at the end is several times faster than maintaining them per insert. */
export const INVENTORY_INDEX_SQL = `
CREATE INDEX numbers_by_type ON numbers(iso_country, type, state, id);
CREATE INDEX numbers_by_area_code ON numbers(iso_country, type, area_code, state, id);
CREATE INDEX numbers_by_region ON numbers(iso_country, type, region COLLATE NOCASE, state, id);
CREATE INDEX numbers_by_locality ON numbers(iso_country, type, locality COLLATE NOCASE, state, id);
CREATE INDEX numbers_by_postal_code ON numbers(iso_country, type, postal_code, state, id);
CREATE INDEX numbers_by_lata ON numbers(iso_country, type, lata, state, id);
CREATE INDEX numbers_by_latitude ON numbers(iso_country, type, latitude);
CREATE INDEX numbers_cooling ON numbers(state, available_at);
INSERT INTO numbers_digits(rowid, phone_number) SELECT id, phone_number FROM numbers ORDER BY id;
`;

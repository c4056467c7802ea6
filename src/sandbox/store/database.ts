/** Opens the sandbox's SQLite database in a data dir, building the generated inventory the first time. */
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateInventory } from '../inventory';
import { INVENTORY_INDEX_SQL, SCHEMA_SQL, SCHEMA_VERSION } from './schema';

/** A better-sqlite3 connection. */
export type SqliteDatabase = Database.Database;

/** What a data dir was built from; a mismatch means the dir belongs to another configuration. */
export interface InventoryIdentity {
  seed: number;
  inventorySize: number;
}

/** Options for {@link openSandboxDatabase}. */
export interface OpenDatabaseOptions extends InventoryIdentity {
  /** Folder holding `sandbox.db`; created when missing. */
  dataDir: string;
  /**
   * Folder for pristine inventory databases shared by every data dir with the same seed and size, so a second
   * sandbox (a test, a fresh demo) copies a file instead of generating a million numbers again.
   * `false` disables the cache.
   */
  templateCacheDir?: string | false;
  /** Progress of a first-time build, for the CLI. */
  onProgress?: (message: string) => void;
}

/** Where cached inventory templates live unless told otherwise. */
export function defaultTemplateCacheDir(): string {
  return join(tmpdir(), 'didops-sandbox-templates');
}

/** Opens (or creates) the database of a data dir, refusing one that was built with another seed or size. */
export function openSandboxDatabase(options: OpenDatabaseOptions): SqliteDatabase {
  mkdirSync(options.dataDir, { recursive: true });
  const file = join(options.dataDir, 'sandbox.db');
  if (!existsSync(file)) {
    const cacheDir = options.templateCacheDir === undefined ? defaultTemplateCacheDir() : options.templateCacheDir;
    if (cacheDir) {
      const template = ensureTemplate(cacheDir, options);
      copyFileSync(template, `${file}.partial`);
      renameSync(`${file}.partial`, file);
    } else {
      buildInventoryDatabase(`${file}.partial`, options, options.onProgress);
      renameSync(`${file}.partial`, file);
    }
  }
  const db = new Database(file);
  tune(db);
  checkIdentity(db, file, options);
  return db;
}

function tune(db: SqliteDatabase): void {
  // WAL keeps readers (searches) from waiting on the writer (purchases, traffic).
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('cache_size = -65536');
}

function checkIdentity(db: SqliteDatabase, file: string, expected: InventoryIdentity): void {
  const rows = db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[];
  const meta = Object.fromEntries(rows.map((r) => [r.key, r.value]));
  const problems: string[] = [];
  if (Number(meta.schema_version) !== SCHEMA_VERSION) problems.push(`schema version ${meta.schema_version}, expected ${SCHEMA_VERSION}`);
  if (Number(meta.seed) !== expected.seed) problems.push(`seed ${meta.seed}, expected ${expected.seed}`);
  if (Number(meta.inventory_size) !== expected.inventorySize)
    problems.push(`inventory size ${meta.inventory_size}, expected ${expected.inventorySize}`);
  if (problems.length > 0) {
    db.close();
    throw new Error(
      `${file} was built with ${problems.join(', ')}. Start the sandbox with the same --seed/--inventory-size, ` +
        `or point --data-dir at a new folder (or delete this one to start over).`,
    );
  }
}

function ensureTemplate(cacheDir: string, identity: InventoryIdentity & Pick<OpenDatabaseOptions, 'onProgress'>): string {
  mkdirSync(cacheDir, { recursive: true });
  const template = join(cacheDir, `inventory-v${SCHEMA_VERSION}-seed${identity.seed}-n${identity.inventorySize}.db`);
  if (!existsSync(template)) {
    // Build under a unique name and rename: two sandboxes starting at once (parallel tests) must never
    // copy a half-written template.
    const partial = `${template}.${process.pid}.${Date.now()}.partial`;
    buildInventoryDatabase(partial, identity, identity.onProgress);
    renameSync(partial, template);
  }
  return template;
}

/** Writes a fresh database with the schema and the generated inventory for a seed and size. */
export function buildInventoryDatabase(
  file: string,
  identity: InventoryIdentity,
  onProgress: (message: string) => void = () => {},
): void {
  rmSync(file, { force: true });
  const db = new Database(file);
  try {
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.exec(SCHEMA_SQL);
    const insert = db.prepare(
      `INSERT INTO numbers (phone_number, iso_country, type, area_code, region, locality, postal_code, rate_center, lata,
        latitude, longitude, voice, sms, mms, fax, address_requirements, beta)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const step = Math.max(1, Math.floor(identity.inventorySize / 10));
    let count = 0;
    onProgress(`generating ${identity.inventorySize.toLocaleString('en-US')} numbers (seed ${identity.seed})`);
    db.transaction(() => {
      for (const n of generateInventory({ seed: identity.seed, size: identity.inventorySize })) {
        insert.run(
          n.phoneNumber, n.isoCountry, n.type, n.areaCode, n.region, n.locality, n.postalCode, n.rateCenter, n.lata,
          n.latitude, n.longitude, n.capabilities.voice ? 1 : 0, n.capabilities.sms ? 1 : 0, n.capabilities.mms ? 1 : 0,
          n.capabilities.fax ? 1 : 0, n.addressRequirements, n.beta ? 1 : 0,
        );
        if (++count % step === 0) onProgress(`  ${Math.round((count / identity.inventorySize) * 100)}% generated`);
      }
    })();
    onProgress('building search indexes');
    db.exec(INVENTORY_INDEX_SQL);
    const meta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
    meta.run('schema_version', String(SCHEMA_VERSION));
    meta.run('seed', String(identity.seed));
    meta.run('inventory_size', String(identity.inventorySize));
    meta.run('created_at', new Date().toISOString());
    db.exec('ANALYZE');
  } finally {
    db.close();
  }
}

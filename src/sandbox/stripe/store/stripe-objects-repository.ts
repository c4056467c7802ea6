/**
 * Every Stripe object of the sandbox, as the JSON document the API serves, in one table (stripe-schema.ts): inserted,
 * read by id, replaced, deleted, and listed newest first with the filters lists need (type, customer, parent, created
 * range, a predicate over the document) and cursor paging on the creation order.
 */
import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from '../../store/database';

/** What every stored Stripe object has. */
export interface StripeObject {
  id: string;
  /** Its type string, e.g. `customer`, `test_helpers.test_clock`. */
  object: string;
  /** Unix seconds. */
  created: number;
  [field: string]: unknown;
}

/** The indexed columns of a document besides its type and creation time; `undefined` leaves a column as it is. */
export interface IndexedKeys {
  /** The customer the object belongs to (a customer's own row names itself). */
  customer?: string | null;
  /** The object it hangs off: a price's product, a tax id's customer, a subscription item's subscription. */
  parent?: string | null;
  /** A key unique per type (a price's `lookup_key`). */
  lookupKey?: string | null;
}

/** A created-time range, as `created[gt|gte|lt|lte]` gives it. */
export interface CreatedRange {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
}

/** Which documents a list or scan considers. */
export interface ObjectFilter<T extends StripeObject = StripeObject> {
  type: string;
  customer?: string;
  parent?: string;
  created?: CreatedRange;
  /** Any further test on the document (status, currency, metadata…). */
  where?: (object: T) => boolean;
}

/** One page's cursor: rows strictly older than `afterSeq`, or strictly newer than `beforeSeq`. */
export interface SeqPage {
  limit: number;
  afterSeq?: number;
  beforeSeq?: number;
}

/** A page of documents, newest first, and whether more lie beyond it in the paging direction. */
export interface ObjectPage<T> {
  data: T[];
  hasMore: boolean;
}

const BATCH = 200;

/**
 * Types whose document field is served from the parent column rather than from the stored JSON: an invoice item's
 * `invoice` is its parent, so attaching 10,000 pending items to an invoice updates one column instead of rewriting
 * 10,000 documents. The stored JSON keeps the key (in its place) with whatever value it was last written with.
 */
const PARENT_FIELDS: ReadonlyMap<string, string> = new Map([['invoiceitem', 'invoice']]);

interface Row {
  seq: number;
  type: string;
  parent: string | null;
  data: string;
}

/** The document a row serves: its JSON, with the field its parent column stands for (if its type has one). */
function decode<T extends StripeObject>(row: Pick<Row, 'type' | 'parent' | 'data'>): T {
  const object = JSON.parse(row.data) as T;
  const field = PARENT_FIELDS.get(row.type);
  if (field !== undefined) (object as Record<string, unknown>)[field] = row.parent;
  return object;
}

/** The Stripe document store of one sandbox. */
export class StripeObjectsRepository {
  private readonly statements = new Map<string, Statement<unknown[]>>();

  constructor(private readonly db: SqliteDatabase) {}

  private stmt(sql: string): Statement<unknown[]> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare<unknown[]>(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private rolledBack = 0;

  /** Runs `work` in one transaction (nested calls join the outer one). */
  transaction<R>(work: () => R): R {
    try {
      return this.db.transaction(work)();
    } catch (error) {
      this.rolledBack++;
      throw error;
    }
  }

  /**
   * How many transactions (or nested savepoints) have rolled back so far: what a caller keeping a copy of a document
   * it wrote checks before trusting that copy, since a rollback may have undone the write.
   */
  get rollbacks(): number {
    return this.rolledBack;
  }

  /** Stores a new document. A lookup key already taken by another document of the type throws (SQLite UNIQUE). */
  insert<T extends StripeObject>(object: T, keys: IndexedKeys = {}): T {
    this.stmt('INSERT INTO stripe_objects (id, type, created, customer, parent, lookup_key, data) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(object.id, object.object, object.created, keys.customer ?? null, keys.parent ?? null, keys.lookupKey ?? null, JSON.stringify(object));
    return object;
  }

  /** Replaces a document (same id); the indexed keys given replace theirs, the others stay. */
  update<T extends StripeObject>(object: T, keys: IndexedKeys = {}): T {
    const sets = ['data = ?'];
    const args: unknown[] = [JSON.stringify(object)];
    if (keys.customer !== undefined) (sets.push('customer = ?'), args.push(keys.customer));
    if (keys.parent !== undefined) (sets.push('parent = ?'), args.push(keys.parent));
    if (keys.lookupKey !== undefined) (sets.push('lookup_key = ?'), args.push(keys.lookupKey));
    this.stmt(`UPDATE stripe_objects SET ${sets.join(', ')} WHERE id = ?`).run(...args, object.id);
    return object;
  }

  /**
   * Sets the parent column of many documents of a type whose parent a document field mirrors (PARENT_FIELDS), in one
   * statement that leaves the documents as they are: attaching 10,000 pending invoice items to an invoice one UPDATE
   * each cost 200 ms, rewriting each item's JSON in one statement still 146 ms.
   */
  setParents(type: string, ids: readonly string[], parent: string | null): void {
    if (ids.length === 0) return;
    if (!PARENT_FIELDS.has(type)) throw new Error(`no document field of ${type} mirrors its parent column`);
    this.stmt('UPDATE stripe_objects SET parent = ? WHERE type = ? AND id IN (SELECT value FROM json_each(?))').run(parent, type, JSON.stringify(ids));
  }

  /** One document of a type by id. */
  get<T extends StripeObject>(type: string, id: string): T | undefined {
    const row = this.stmt('SELECT type, parent, data FROM stripe_objects WHERE id = ? AND type = ?').get(id, type) as Row | undefined;
    return row ? decode<T>(row) : undefined;
  }

  /** One document by id, whatever its type. */
  getAny(id: string): StripeObject | undefined {
    const row = this.stmt('SELECT type, parent, data FROM stripe_objects WHERE id = ?').get(id) as Row | undefined;
    return row ? decode(row) : undefined;
  }

  /** The creation order of a document, for cursors; undefined when there is none with that id. */
  seqOf(id: string): number | undefined {
    return (this.stmt('SELECT seq FROM stripe_objects WHERE id = ?').get(id) as { seq: number } | undefined)?.seq;
  }

  /** The document of a type holding a lookup key. */
  findByLookupKey<T extends StripeObject>(type: string, lookupKey: string): T | undefined {
    const row = this.stmt('SELECT type, parent, data FROM stripe_objects WHERE type = ? AND lookup_key = ?').get(type, lookupKey) as Row | undefined;
    return row ? decode<T>(row) : undefined;
  }

  /** Removes a document; true when there was one. */
  delete(id: string): boolean {
    return this.stmt('DELETE FROM stripe_objects WHERE id = ?').run(id).changes > 0;
  }

  /**
   * Removes every document that belongs to a customer, the customer's own included (it names itself), but not the
   * events about them: Stripe keeps those.
   */
  deleteByCustomer(customer: string): number {
    return this.stmt("DELETE FROM stripe_objects WHERE customer = ? AND type != 'event'").run(customer).changes;
  }

  /** How many documents of a type hang off a parent (a product's prices), without reading them. */
  countByParent(type: string, parent: string): number {
    return (this.stmt('SELECT COUNT(*) AS n FROM stripe_objects WHERE parent = ? AND type = ?').get(parent, type) as { n: number }).n;
  }

  private query(filter: ObjectFilter, cursor: { afterSeq?: number; beforeSeq?: number }, ascending: boolean): { sql: string; args: unknown[] } {
    const where = ['type = ?'];
    const args: unknown[] = [filter.type];
    if (filter.customer !== undefined) (where.push('customer = ?'), args.push(filter.customer));
    if (filter.parent !== undefined) (where.push('parent = ?'), args.push(filter.parent));
    const c = filter.created ?? {};
    if (c.gt !== undefined) (where.push('created > ?'), args.push(c.gt));
    if (c.gte !== undefined) (where.push('created >= ?'), args.push(c.gte));
    if (c.lt !== undefined) (where.push('created < ?'), args.push(c.lt));
    if (c.lte !== undefined) (where.push('created <= ?'), args.push(c.lte));
    if (cursor.afterSeq !== undefined) (where.push('seq < ?'), args.push(cursor.afterSeq));
    if (cursor.beforeSeq !== undefined) (where.push('seq > ?'), args.push(cursor.beforeSeq));
    return { sql: `SELECT seq, type, parent, data FROM stripe_objects WHERE ${where.join(' AND ')} ORDER BY seq ${ascending ? 'ASC' : 'DESC'}`, args };
  }

  /**
   * Rows in paging order, read in batches (no statement stays open between batches, so a caller may read or write
   * the store while it walks the rows).
   */
  private *rows(filter: ObjectFilter, cursor: { afterSeq?: number; beforeSeq?: number }, ascending: boolean): Generator<Row> {
    let position = { ...cursor };
    for (;;) {
      const { sql, args } = this.query(filter, position, ascending);
      const batch = this.stmt(`${sql} LIMIT ${BATCH}`).all(...args) as Row[];
      yield* batch;
      if (batch.length < BATCH) return;
      const last = batch[batch.length - 1].seq;
      position = ascending ? { ...position, beforeSeq: last } : { ...position, afterSeq: last };
    }
  }

  /** Every matching document, newest first (searches and whole-list reads stop when they have enough). */
  *scan<T extends StripeObject>(filter: ObjectFilter<T>, cursor: { afterSeq?: number } = {}): Generator<T> {
    for (const row of this.rows(filter as ObjectFilter, cursor, false)) {
      const object = decode<T>(row);
      if (!filter.where || filter.where(object)) yield object;
    }
  }

  /** One page of matching documents, newest first, before or after a cursor. */
  page<T extends StripeObject>(filter: ObjectFilter<T>, page: SeqPage): ObjectPage<T> {
    const backwards = page.beforeSeq !== undefined;
    const found: T[] = [];
    for (const row of this.rows(filter as ObjectFilter, page, backwards)) {
      const object = decode<T>(row);
      if (filter.where && !filter.where(object)) continue;
      found.push(object);
      if (found.length > page.limit) break;
    }
    const hasMore = found.length > page.limit;
    const data = found.slice(0, page.limit);
    return { data: backwards ? data.reverse() : data, hasMore };
  }
}

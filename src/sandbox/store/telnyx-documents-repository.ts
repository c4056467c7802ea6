/**
 * Telnyx resources the sandbox keeps as JSON documents (emergency addresses, call control applications, SIP
 * connections): created,
 * read, replaced, deleted and listed in creation order. Their fields are validated by their routes; the store only
 * keeps them.
 */
import type { SqliteDatabase } from './database';

/** Tables holding Telnyx JSON documents. */
export type TelnyxDocumentTable = 'telnyx_addresses' | 'telnyx_call_control_applications' | SipConnectionTable;

/** The SIP connection tables, one a kind (credential, FQDN, IP). */
export const SIP_CONNECTION_TABLES = ['telnyx_credential_connections', 'telnyx_fqdn_connections', 'telnyx_ip_connections'] as const;
/** One of {@link SIP_CONNECTION_TABLES}. */
export type SipConnectionTable = (typeof SIP_CONNECTION_TABLES)[number];

/** A stored document with its timestamps. */
export interface TelnyxDocumentRow {
  seq: number;
  id: string;
  data: string;
  created_at: number;
  updated_at: number;
}

/** CRUD over one document table. */
export class TelnyxDocumentsRepository {
  private readonly insertStmt;
  private readonly byId;
  private readonly updateStmt;
  private readonly deleteStmt;
  private readonly countStmt;
  private readonly pageStmt;

  constructor(db: SqliteDatabase, table: TelnyxDocumentTable) {
    this.insertStmt = db.prepare(`INSERT INTO ${table} (id, data, created_at, updated_at) VALUES (@id, @data, @created_at, @updated_at)`);
    this.byId = db.prepare(`SELECT * FROM ${table} WHERE id = ?`);
    this.updateStmt = db.prepare(`UPDATE ${table} SET data = ?, updated_at = ? WHERE id = ?`);
    this.deleteStmt = db.prepare(`DELETE FROM ${table} WHERE id = ?`);
    this.countStmt = db.prepare(`SELECT COUNT(*) AS n FROM ${table}`);
    this.pageStmt = db.prepare(`SELECT * FROM ${table} ORDER BY seq LIMIT ? OFFSET ?`);
  }

  /** Stores a new document. */
  insert(row: Omit<TelnyxDocumentRow, 'seq'>): void {
    this.insertStmt.run(row);
  }

  /** One document by id. */
  findById(id: string): TelnyxDocumentRow | undefined {
    return this.byId.get(id) as TelnyxDocumentRow | undefined;
  }

  /** Replaces a document's data. */
  update(id: string, data: string, now: number): void {
    this.updateStmt.run(data, now, id);
  }

  /** Removes a document. */
  delete(id: string): void {
    this.deleteStmt.run(id);
  }

  /** All documents in creation order (the lists filter them in memory: accounts hold few). */
  page(offset: number, limit: number): { rows: TelnyxDocumentRow[]; total: number } {
    return { rows: this.pageStmt.all(limit, offset) as TelnyxDocumentRow[], total: (this.countStmt.get() as { n: number }).n };
  }
}

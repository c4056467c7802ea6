/** Kysely types of invoicing's tables (migrations/0005-invoicing.ts). */
import type { ColumnType } from 'kysely';

/** One rendering of a closed period's invoice document. */
export interface InvoiceDocumentsTable {
  account_id: string;
  /** With `account_id`, the billing period (billing_periods' key). */
  period_start: ColumnType<Date, Date | string, Date | string>;
  format: 'pdf' | 'csv' | 'xlsx';
  /** The provider's invoice the document stands beside (`in_…`). */
  stripe_invoice_id: string;
  /** `application/pdf`, `text/csv; charset=utf-8`, or the XLSX media type. */
  content_type: string;
  content: Buffer;
  /** Hex SHA-256 of `content`, for downloads' ETag and integrity checks. */
  sha256: string;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** Invoicing's tables. */
export interface InvoicingTables {
  invoice_documents: InvoiceDocumentsTable;
}

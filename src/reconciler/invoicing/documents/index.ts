/**
 * didops' invoice documents: one model (`InvoiceDocument`) built from the billing provider's invoice and the usage
 * the reconciler tallied, rendered as PDF, CSV and XLSX. Renderers write to a Writable and end it; the calls exports
 * stream a row at a time from an (async) iterable, so a million calls keep memory flat.
 */
export type * from './invoice-document';
export { invoiceDocumentFrom, type InvoiceDocumentOptions } from './invoice-document-from';
export { UsageTally, tallyUsage, parseRateClass } from './usage-breakdown';
export type * from './usage-breakdown';
export { renderInvoicePdf } from './pdf';
export { renderInvoiceCsv, renderUsageCsv, renderCallsCsv, INVOICE_CSV_HEADER, USAGE_CSV_HEADER, CALLS_CSV_HEADER } from './csv';
export { renderInvoiceXlsx, renderCallsXlsx, type XlsxOptions } from './xlsx';
export { writeCsv, csvRecord, csvField, type CsvValue, type WriteCsvOptions } from './csv-writer';
export { totalRows, usageRows, type TotalRow, type UsageRow } from './document-rows';
export { presentLine, type PresentedLine } from './line-presentation';
export type { RenderOptions } from './document-format';
export { CALL_COLUMNS, type CallColumn } from './call-columns';

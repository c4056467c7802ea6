/**
 * RFC 4180 CSV, written a record at a time to any Writable: fields with a comma, a quote or a line break are quoted
 * (quotes doubled), records end with CRLF. Records come from an array, a generator or an async stream (a database
 * cursor) and are written in chunks that wait for the stream to drain, so a million records never sit in memory.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** A field's value; null and undefined are empty fields. */
export type CsvValue = string | number | null | undefined;

/** Chunk size before a write: large enough for few syscalls, small enough to stay flat. */
const CHUNK_CHARS = 64 * 1024;

/** One field, quoted when it has to be. */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? String(value) : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record with its CRLF. */
export function csvRecord(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** Options of {@link writeCsv}. */
export interface WriteCsvOptions {
  /** End the stream after the last record and wait until it has finished (default true). */
  readonly end?: boolean;
}

/**
 * Writes the header and every record to `out`, honouring backpressure; resolves with the number of records (header
 * excluded) once they are written (and, unless `end: false`, the stream has finished). A stream error rejects.
 */
export async function writeCsv(
  out: Writable,
  header: readonly string[],
  records: Iterable<readonly CsvValue[]> | AsyncIterable<readonly CsvValue[]>,
  options: WriteCsvOptions = {},
): Promise<number> {
  let buffer = csvRecord(header);
  let written = 0;
  const flush = async () => {
    if (buffer === '') return;
    const chunk = buffer;
    buffer = '';
    if (!out.write(chunk)) await once(out, 'drain');
  };
  for await (const record of records) {
    buffer += csvRecord(record);
    written += 1;
    if (buffer.length >= CHUNK_CHARS) await flush();
  }
  await flush();
  if (options.end ?? true) {
    const finished = once(out, 'finish');
    out.end();
    await finished;
  }
  return written;
}

/**
 * The calls exports stream: 200,000 calls through the CSV writer and through the XLSX Calls sheet, read from a
 * generator as a database cursor would give them, leave memory (the heap and the buffers outside it) where it was
 * after the first 50,000. Were the rows held by the exporter, or piled up by a writer outrunning the zip or the
 * output, the 150,000 rows between the two readings would weigh tens of megabytes (holding the calls: ~65 MB; the
 * XLSX sheet's XML waiting for the zip before it was paced: ~45 MB). The 1,000,000-row peak RSS and throughput are measured by `npm run bench -- exports`.
 */
import { Writable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { renderCallsCsv, renderInvoiceXlsx, invoiceDocumentFrom, tallyUsage, type UsageCall } from '../../src/reconciler/invoicing/documents';
import { documentCard, invoiceFor, monthOfCalls } from '../support/invoice-documents';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** A sink that counts bytes and drops them, slowly enough now and then to make the writer wait for 'drain'. */
class CountingSink extends Writable {
  bytes = 0;
  private writes = 0;
  constructor() {
    super({ highWaterMark: 64 * 1024 });
  }
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.bytes += chunk.length;
    if (++this.writes % 64 === 0) setImmediate(done);
    else done();
  }
}

const card = documentCard();

/**
 * `count` distinct calls (each its own object, start and id, as rows of a cursor are), with the heap (after a full
 * collection) read once 50,000 have been handed out and once all have.
 */
function* measured(count: number, readings: number[]): Generator<UsageCall> {
  const patterns = [...monthOfCalls(card, 70)];
  const start = Date.parse('2026-05-01T00:00:00Z');
  for (let i = 0; i < count; i++) {
    if (i === 50_000 || i === count - 1) {
      gc();
      // The heap and the buffers outside it (a zip's input piling up would show there, not in the heap).
      const { heapUsed, external } = process.memoryUsage();
      readings.push(heapUsed + external);
    }
    yield { ...patterns[i % patterns.length], startedAt: new Date(start + i * 13_000), callId: `CA${String(i).padStart(32, '0')}`, amountMinor: '1.416666666667' };
  }
}

const MB = 1024 * 1024;

describe('exports of the period’s calls keep memory flat', () => {
  it('streams 200,000 calls as CSV without holding them', async () => {
    const readings: number[] = [];
    const sink = new CountingSink();
    expect(await renderCallsCsv(measured(200_000, readings), sink, 'USD')).toBe(200_000);
    expect(sink.bytes).toBeGreaterThan(200_000 * 80);
    expect((readings[1] - readings[0]) / MB).toBeLessThan(8);
  }, 180_000);

  it('streams 200,000 calls into the XLSX Calls sheet without holding them', async () => {
    const doc = invoiceDocumentFrom(invoiceFor(card, monthOfCalls(card, 100)), await tallyUsage(monthOfCalls(card, 100), { card }));
    const readings: number[] = [];
    const sink = new CountingSink();
    expect(await renderInvoiceXlsx(doc, sink, { calls: measured(200_000, readings) })).toEqual({ calls: 200_000 });
    expect(sink.bytes).toBeGreaterThan(1_000_000);
    expect((readings[1] - readings[0]) / MB).toBeLessThan(8);
  }, 180_000);
});

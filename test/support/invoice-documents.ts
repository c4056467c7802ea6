/**
 * What invoice document stories start from: a rate card, a month of rated calls on an account's numbers (a few the
 * card cannot rate), and an invoice in the billing port's terms that bills them as Stripe would (numbers, minutes per
 * rate class, the connect fee, setup fees, a proration, a discount, tax and a credit), its sums consistent. Also the
 * readers the stories use to read a rendering back: CSV records, and the text of a PDF's pages through PDF.js.
 */
import { Worker } from 'node:worker_threads';
import { Writable } from 'node:stream';
import { parseString } from '@fast-csv/parse';
import type { BillingInvoice, BillingInvoiceLine } from '../../src/billing/invoices-port';
import { connectLookupKey, minutesLookupKey, numberMonthlyLookupKey, numberSetupLookupKey } from '../../src/billing/rate-card-keys';
import { checkRateCard, rateCall, ratePeriod, type CallToRate, type RateCard } from '../../src/billing/rating';
import type { UsageCall } from '../../src/reconciler/invoicing/documents';

/** A card with outbound UK and US minutes, inbound toll-free minutes and a connect fee. */
export function documentCard(currency = 'USD'): RateCard {
  const checked = checkRateCard({
    currency,
    numbers: [
      { country: 'US', type: 'local', setupFee: 100, monthlyPrice: 120 },
      { country: 'US', type: 'tollFree', setupFee: 200, monthlyPrice: 300 },
    ],
    minutes: {
      increment: '6/6',
      connectFee: '0.5',
      rates: [
        { direction: 'outbound', prefix: '44', perMinute: '0.85', description: 'Calls to the UK' },
        { direction: 'outbound', prefix: '1', perMinute: '1.3', description: 'Calls to the US and Canada' },
        { direction: 'inbound', prefix: '1', perMinute: '2' },
      ],
    },
  });
  if (!checked.card) throw new Error(`card check failed: ${JSON.stringify(checked.failures)}`);
  return checked.card;
}

/** Our numbers on the account. */
export const ACCOUNT_NUMBERS = ['+14155550100', '+14155550101', '+14155550102', '+18885550123'];

/** `count` calls spread over May 2026, rated on `card`: deterministic, every tenth to France (no rate), some unanswered. */
export function* monthOfCalls(card: RateCard, count: number): Generator<UsageCall & CallToRate> {
  const start = Date.parse('2026-05-01T00:00:00Z');
  const month = 31 * 86_400_000;
  for (let i = 0; i < count; i++) {
    const direction = i % 3 === 0 ? 'inbound' : 'outbound';
    const otherParty = i % 10 === 9 ? `+3314${String(1000000 + i).slice(-7)}` : i % 2 === 0 ? `+4420${String(7946000 + i).slice(-7)}` : `+1212555${String(i % 10000).padStart(4, '0')}`;
    const durationSeconds = i % 7 === 0 ? 0 : 5 + ((i * 37) % 900);
    const call = { direction, otherParty, durationSeconds } as const;
    yield {
      ...call,
      startedAt: new Date(start + Math.floor((i * month) / Math.max(count, 1))),
      number: ACCOUNT_NUMBERS[i % ACCOUNT_NUMBERS.length],
      rating: rateCall(card, call),
      carrier: 'twilio',
      callId: `CA${String(i).padStart(32, '0')}`,
    };
  }
}

const MAY = { start: Date.parse('2026-05-01T00:00:00Z') / 1000, end: Date.parse('2026-06-01T00:00:00Z') / 1000 };
const JUNE = { start: MAY.end, end: Date.parse('2026-07-01T00:00:00Z') / 1000 };

function line(id: string, amount: number, fields: Partial<BillingInvoiceLine>): BillingInvoiceLine {
  return {
    id,
    description: null,
    amount,
    currency: 'USD',
    quantity: null,
    unitAmountDecimal: null,
    priceId: `price_${id}`,
    lookupKey: null,
    periodStart: MAY.start,
    periodEnd: MAY.end,
    proration: false,
    source: 'subscription-item',
    subscriptionItemId: `si_${id}`,
    subscriptionId: 'sub_doc',
    discountAmounts: [],
    taxes: [],
    metadata: {},
    ...fields,
  };
}

/** Options of {@link invoiceFor}. */
export interface InvoiceFixtureOptions {
  /** Extra local-number setup fees (to make a long table). */
  readonly extraSetupFees?: number;
  readonly customerName?: string;
}

/**
 * An invoice for May as Stripe bills the card and the calls: numbers for June ahead, May's minutes behind, two setup
 * fees, a proration credit; 10% off the numbers, 8.875% exclusive tax, and a 5.00 credit on the balance.
 */
export function invoiceFor(card: RateCard, calls: Iterable<UsageCall & CallToRate>, options: InvoiceFixtureOptions = {}): BillingInvoice {
  const rating = ratePeriod(card, calls);
  const currency = card.currency;
  const lines: BillingInvoiceLine[] = [
    line('local', 3 * 120, { description: '3 × Local numbers (US) (at $1.20 / month)', quantity: '3', unitAmountDecimal: '120', lookupKey: numberMonthlyLookupKey('doc', 'US', 'local'), periodStart: JUNE.start, periodEnd: JUNE.end }),
    line('tollfree', 300, { description: '1 × Toll-free numbers (US) (at $3.00 / month)', quantity: '1', unitAmountDecimal: '300', lookupKey: numberMonthlyLookupKey('doc', 'US', 'tollFree'), periodStart: JUNE.start, periodEnd: JUNE.end }),
    ...rating.lines.map((l) =>
      line(l.rateClass, l.amount.amountMinor, {
        description: `${l.billableSeconds} × ${l.rate.description ?? l.rateClass}`,
        quantity: String(l.billableSeconds),
        unitAmountDecimal: l.price.billingScheme === 'per_unit' ? l.price.unitAmountDecimal : null,
        lookupKey: minutesLookupKey('doc', l.rateClass),
      }),
    ),
    line('connect', rating.connectFee!.amount.amountMinor, { description: `${rating.connectFee!.answeredCalls} × Connect fee`, quantity: String(rating.connectFee!.answeredCalls), unitAmountDecimal: '0.5', lookupKey: connectLookupKey('doc') }),
    line('setup1', 100, { description: 'Local numbers (US) setup', quantity: '1', source: 'invoice-item', subscriptionItemId: null, metadata: { didops_setup_fee_for: '+14155550102' }, lookupKey: null }),
    line('setup2', 200, { description: 'Toll-free numbers (US) setup', quantity: '1', source: 'invoice-item', subscriptionItemId: null, lookupKey: numberSetupLookupKey('doc', 'US', 'tollFree'), metadata: { didops_setup_fee_for: '+18885550123' } }),
    ...Array.from({ length: options.extraSetupFees ?? 0 }, (_, i) =>
      line(`setupx${i}`, 100, { description: 'Local numbers (US) setup', quantity: '1', source: 'invoice-item', subscriptionItemId: null, metadata: { didops_setup_fee_for: `+1415556${String(i).padStart(4, '0')}` } }),
    ),
    line('prorate', -160, { description: 'Unused time on 2 × Local numbers (US) after 11 May 2026', quantity: '2', proration: true, source: 'invoice-item', subscriptionItemId: null, periodStart: Date.parse('2026-05-11T00:00:00Z') / 1000 }),
  ].map((l) => ({ ...l, currency }));
  // 10% off the number lines, 8.875% on what is left of every line, per line, rounded half up.
  const discountOf = (l: BillingInvoiceLine) => (l.lookupKey?.endsWith('.monthly') ? Math.round(l.amount * 0.1) : 0);
  const taxed = lines.map((l) => {
    const discount = discountOf(l);
    const base = l.amount - discount;
    return { ...l, discountAmounts: discount ? [{ discountId: 'di_launch', amount: discount }] : [], taxes: [{ taxRateId: 'txr_ny', inclusive: false, amount: Math.round(base * 0.08875), taxableAmount: base }] };
  });
  const subtotal = taxed.reduce((s, l) => s + l.amount, 0);
  const discount = taxed.reduce((s, l) => s + l.discountAmounts.reduce((a, d) => a + d.amount, 0), 0);
  const tax = taxed.reduce((s, l) => s + l.taxes[0].amount, 0);
  const total = subtotal - discount + tax;
  const startingBalance = -500;
  const amountDue = Math.max(0, total + startingBalance);
  return {
    id: 'in_doc0001',
    number: 'ACME-0007',
    status: 'open',
    currency,
    customerId: 'cus_doc',
    customerName: options.customerName ?? 'Acme Telephony GmbH',
    customerEmail: 'billing@acme.example',
    customerAddress: { line1: 'Friedrichstraße 68', city: 'Berlin', postalCode: '10117', country: 'DE' },
    customerTaxIds: [{ type: 'eu_vat', value: 'DE123456789' }],
    issuerName: 'didops Telecom',
    issuerCountry: 'US',
    subscriptionId: 'sub_doc',
    created: MAY.end,
    finalizedAt: MAY.end + 3600,
    dueDate: MAY.end + 30 * 86_400,
    periodStart: MAY.start,
    periodEnd: MAY.end,
    subtotal,
    discounts: [{ discount: { id: 'di_launch', name: 'Launch offer', percentOff: '10', amountOff: null }, amount: discount }],
    pretaxCredits: 0,
    taxes: [{ rate: { id: 'txr_ny', displayName: 'Sales tax', percentage: '8.875', inclusive: false, jurisdiction: 'NY' }, amount: tax, taxableAmount: subtotal - discount }],
    total,
    prePaymentCreditNotes: 0,
    startingBalance,
    amountDue,
    amountPaid: 0,
    amountRemaining: amountDue,
    hostedUrl: null,
    metadata: {},
    lines: taxed,
  };
}

/** A Writable that keeps what it is given, for small renderings read back in a test. */
export class BufferSink extends Writable {
  private readonly chunks: Buffer[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.chunks.push(chunk);
    done();
  }
  /** Everything written. */
  buffer(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/** What a renderer wrote into a {@link BufferSink}. */
export async function rendered(render: (out: BufferSink) => Promise<unknown>): Promise<Buffer> {
  const sink = new BufferSink();
  await render(sink);
  return sink.buffer();
}

/** Records of a CSV text, the header first, parsed by fast-csv (RFC 4180 quoting). */
export async function csvRecords(text: string): Promise<string[][]> {
  const rows: string[][] = [];
  await new Promise<void>((resolve, reject) => {
    parseString(text, { headers: false })
      .on('error', reject)
      .on('data', (row: string[]) => rows.push(row))
      .on('end', () => resolve());
  });
  return rows;
}

/**
 * The text of each page of a PDF, one string per visual line (PDF.js's items grouped by their baseline, left to
 * right, joined by " | "). PDF.js ships as ES modules only, which jest's CommonJS runtime cannot load, so it runs in
 * a worker thread, where Node loads them natively; one worker per call, a few per test file.
 */
export async function pdfPages(pdf: Buffer): Promise<string[][]> {
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    (async () => {
      const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
      const doc = await pdfjs.getDocument({ data: new Uint8Array(workerData), verbosity: 0 }).promise;
      const pages = [];
      for (let n = 1; n <= doc.numPages; n++) {
        const content = await (await doc.getPage(n)).getTextContent();
        const rows = new Map();
        for (const item of content.items) {
          if (!item.str || !item.str.trim()) continue;
          const y = Math.round(item.transform[5]);
          const key = [...rows.keys()].find((k) => Math.abs(k - y) <= 2) ?? y;
          rows.set(key, [...(rows.get(key) ?? []), { x: item.transform[4], text: item.str }]);
        }
        pages.push([...rows.entries()].sort((a, b) => b[0] - a[0]).map(([, items]) => items.sort((a, b) => a.x - b.x).map((i) => i.text).join(' | ')));
      }
      await doc.destroy();
      parentPort.postMessage(pages);
    })().catch((error) => parentPort.postMessage({ error: String(error && error.stack || error) }));
  `;
  const worker = new Worker(source, { eval: true, workerData: pdf });
  try {
    const [answer] = (await new Promise<unknown[]>((resolve, reject) => {
      worker.once('message', (m) => resolve([m]));
      worker.once('error', reject);
    })) as [string[][] | { error: string }];
    if (!Array.isArray(answer)) throw new Error(`PDF.js could not read the PDF: ${answer.error}`);
    return answer;
  } finally {
    await worker.terminate();
  }
}

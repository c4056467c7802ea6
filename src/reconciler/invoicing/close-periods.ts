/**
 * The Close job's work for one account: its billing periods follow its subscription on the billing provider, and a
 * period that has ended is closed once
 * 1. every call of it is in: each configured carrier's ingest cursor is at or past the period's end;
 * 2. every call of the account in it is rated (no record with `rated_at` null);
 * 3. every meter event of the account in it is pushed (no outbox row with `pushed_at` null);
 * 4. the provider has produced the invoice of the period and finalized it (Stripe does an hour after the period
 *    ends: usage reported in that hour still counts; the sandbox's test clock does it when a test advances it).
 * Then the invoice is read back with every line, didops' invoice document is built from it and the period's usage,
 * rendered as PDF, CSV and XLSX and stored with the period marked closed, in one transaction.
 *
 * Until then the period stays `closing`, and the next run looks again: nothing here waits or sleeps. Safe to repeat:
 * a closed period is skipped, and the close of a period writes the same documents however often it runs.
 */
import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { Kysely } from 'kysely';
import type { Billing } from '../../billing/billing';
import type { Carrier } from '../../carriers/carrier';
import type { BillingInvoice } from '../../billing/invoices-port';
import { parseLookupKey } from '../../billing/rate-card-keys';
import type { RateCard } from '../../billing/rating';
import type { BillingSubscription } from '../../billing/subscriptions-port';
import { NotFoundError } from '../../core/errors';
import { findCard } from '../../resources/rate-card/import-card';
import type { Database } from '../db/database';
import { readCursor } from '../ingest/ingest-calls';
import type { Logger } from '../logger';
import type { BillingPeriod } from '../rating/account-periods';
import { endedOpenPeriods, recordPeriods, type AccountPeriod } from './billing-periods';
import { invoiceDocumentFrom, renderInvoiceCsv, renderInvoicePdf, renderInvoiceXlsx, tallyUsage, type InvoiceDocument } from './documents';
import { periodCalls } from './period-calls';

/** Options of {@link closeAccountPeriods}. */
export interface CloseOptions {
  readonly db: Kysely<Database>;
  readonly billing: Billing;
  readonly accountId: string;
  /** Every configured carrier account: a period waits until each has ingested past its end. */
  readonly carriers: readonly Pick<Carrier, 'name' | 'account'>[];
  /** The clock's now: periods that ended before it are due. */
  readonly now: Date;
  readonly logger: Logger;
}

/** Where a due period stands. */
export type PeriodOutcome =
  | { readonly period: BillingPeriod; readonly status: 'closed'; readonly document: InvoiceDocument }
  | { readonly period: BillingPeriod; readonly status: 'waiting'; readonly for: string };

/** Formats stored per period, with their media types. */
const FORMATS = {
  pdf: 'application/pdf',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** Records the account's current periods and closes those that ended and are complete; returns what each due one did. */
export async function closeAccountPeriods(options: CloseOptions): Promise<PeriodOutcome[]> {
  const { db, billing, accountId } = options;
  const subscriptions = (await billing.subscriptions.findSubscriptions(accountId, {})).filter(billsUsage);
  await recordPeriods(db, accountId, subscriptions.flatMap(currentPeriods));
  const due = await endedOpenPeriods(db, accountId, options.now);
  const outcomes: PeriodOutcome[] = [];
  let card: RateCard | undefined | null = null;
  for (const period of due) {
    const waiting = await pipelineBehind(options, period);
    const invoice = waiting === undefined ? await periodInvoice(billing, accountId, subscriptions, period) : undefined;
    if (!invoice) {
      const why = waiting ?? 'the provider has not finalized the invoice of the period yet';
      if (period.status === 'open') await markClosing(db, period);
      options.logger.info({ accountId, period: { start: period.start, end: period.end } }, `period not closed yet: waiting for ${why}`);
      outcomes.push({ period, status: 'waiting', for: why });
      continue;
    }
    if (card === null) card = await accountCard(db, billing, accountId);
    const usage = await tallyUsage(periodCalls(db, accountId, period), { period: { start: period.start, end: period.end }, ...(card ? { card } : {}) });
    const document = invoiceDocumentFrom(invoice, usage);
    await storeClosed(db, period, invoice, document, options.now);
    outcomes.push({ period, status: 'closed', document });
  }
  return outcomes;
}

/** A subscription that bills calls: it has a minutes or connect-fee item (the meters' usage lands on it). */
function billsUsage(subscription: BillingSubscription): boolean {
  return subscription.items.some((item) => {
    const kind = parseLookupKey(item.lookupKey)?.kind;
    return kind === 'minutes' || kind === 'connect';
  });
}

/** The current period of a subscription's items (one period per subscription; Stripe's items share it). */
function currentPeriods(subscription: BillingSubscription): BillingPeriod[] {
  const item = subscription.items.find((i) => i.currentPeriodStart !== null && i.currentPeriodEnd !== null);
  return item ? [{ start: new Date(item.currentPeriodStart! * 1000), end: new Date(item.currentPeriodEnd! * 1000) }] : [];
}

/** What the period still waits for on the reconciler's side, or undefined when all of its calls are in, rated and pushed. */
async function pipelineBehind(options: CloseOptions, period: AccountPeriod): Promise<string | undefined> {
  const { db, accountId } = options;
  for (const carrier of options.carriers) {
    const cursor = await readCursor(db, carrier);
    if (!cursor || cursor < period.end) return `${carrier.name} ingest (at ${cursor?.toISOString() ?? 'nothing yet'}, the period ends ${period.end.toISOString()})`;
  }
  const unrated = await db
    .selectFrom('call_records')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('account_id', '=', accountId)
    .where('started_at', '>=', period.start)
    .where('started_at', '<', period.end)
    .where('rated_at', 'is', null)
    .executeTakeFirstOrThrow();
  if (Number(unrated.n) > 0) return `rating (${unrated.n} calls of the period not rated yet)`;
  const unpushed = await db
    .selectFrom('usage_outbox')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('account_id', '=', accountId)
    .where('occurred_at', '>=', period.start)
    .where('occurred_at', '<', period.end)
    .where('pushed_at', 'is', null)
    .executeTakeFirstOrThrow();
  if (Number(unpushed.n) > 0) return `the push (${unpushed.n} meter events of the period not reported yet)`;
  return undefined;
}

/**
 * The provider's finalized invoice of the period: the one whose usage period it is (Stripe bills a period's metered
 * usage on the invoice that opens the next period). The subscription's latest invoice is that one right after the
 * period ends; otherwise the customer's invoices of the subscription are searched.
 */
async function periodInvoice(billing: Billing, accountId: string, subscriptions: readonly BillingSubscription[], period: BillingPeriod): Promise<BillingInvoice | undefined> {
  const start = period.start.getTime() / 1000;
  const end = period.end.getTime() / 1000;
  const closes = (invoice: BillingInvoice | undefined) => invoice !== undefined && invoice.periodStart === start && invoice.periodEnd === end && invoice.subscriptionId !== null;
  const finalized = (invoice: BillingInvoice) => invoice.status !== 'draft' && invoice.status !== 'void';
  for (const subscription of subscriptions) {
    if (subscription.latestInvoiceId) {
      const latest = await billing.invoices.getInvoice(subscription.latestInvoiceId);
      if (closes(latest)) return finalized(latest!) ? latest : undefined;
    }
    const found = (await billing.invoices.listInvoices(accountId, { subscriptionId: subscription.id })).filter(closes);
    const done = found.find(finalized);
    if (done || found.length > 0) return done;
  }
  return undefined;
}

/** The account's card (names and prices the usage breakdown's classes), or undefined when it has none. */
async function accountCard(db: Kysely<Database>, billing: Billing, accountId: string): Promise<RateCard | undefined> {
  const account = await db.selectFrom('accounts').select('rate_card_key').where('id', '=', accountId).executeTakeFirst();
  if (!account) return undefined;
  try {
    return (await findCard(billing.catalogue, account.rate_card_key)).card;
  } catch (err) {
    if (err instanceof NotFoundError) return undefined;
    throw err;
  }
}

async function markClosing(db: Kysely<Database>, period: AccountPeriod): Promise<void> {
  await db.updateTable('billing_periods').set({ status: 'closing' }).where('account_id', '=', period.accountId).where('period_start', '=', period.start).where('status', '=', 'open').execute();
}

/** Renders the document three ways and stores it with the period closed, in one transaction (a repeat rewrites the same). */
async function storeClosed(db: Kysely<Database>, period: AccountPeriod, invoice: BillingInvoice, document: InvoiceDocument, now: Date): Promise<void> {
  const contents = {
    pdf: await rendered((out) => renderInvoicePdf(document, out)),
    csv: await rendered((out) => renderInvoiceCsv(document, out)),
    xlsx: await rendered((out) => renderInvoiceXlsx(document, out)),
  };
  await db.transaction().execute(async (trx) => {
    const closing = await trx
      .updateTable('billing_periods')
      .set({ status: 'closed', stripe_invoice_id: invoice.id, currency: invoice.currency, total_minor: invoice.total, closed_at: now })
      .where('account_id', '=', period.accountId)
      .where('period_start', '=', period.start)
      .where('status', '!=', 'closed')
      .executeTakeFirst();
    // Closed meanwhile by another run: its documents stand.
    if (Number(closing.numUpdatedRows) === 0) return;
    await trx
      .insertInto('invoice_documents')
      .values(
        (Object.keys(FORMATS) as (keyof typeof FORMATS)[]).map((format) => ({
          account_id: period.accountId,
          period_start: period.start,
          format,
          stripe_invoice_id: invoice.id,
          content_type: FORMATS[format],
          content: contents[format],
          sha256: createHash('sha256').update(contents[format]).digest('hex'),
        })),
      )
      .onConflict((oc) =>
        oc.columns(['account_id', 'period_start', 'format']).doUpdateSet((eb) => ({
          stripe_invoice_id: eb.ref('excluded.stripe_invoice_id'),
          content_type: eb.ref('excluded.content_type'),
          content: eb.ref('excluded.content'),
          sha256: eb.ref('excluded.sha256'),
        })),
      )
      .execute();
  });
}

/** What a renderer writes, as one buffer (renderers end the stream they are given). */
async function rendered(render: (out: Writable) => Promise<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(Buffer.from(chunk));
      callback();
    },
  });
  await render(sink);
  await finished(sink);
  return Buffer.concat(chunks);
}

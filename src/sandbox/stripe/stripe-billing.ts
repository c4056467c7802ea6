/**
 * The billing half of the Stripe sandbox (meters and meter events; subscriptions, invoice items and invoices; what
 * happens when time passes), built on the foundation's store, events, customers, payments and test clocks. Routes
 * reach its services through {@link billingOf}.
 */
import type { SandboxContext } from '../context';
import type { SqliteDatabase } from '../store/database';
import type { BillingContext, BillingSettings } from './billing-context';
import { billingClockAdvancer } from './billing-time/billing-clock-advancer';
import { foundationBalanceLedger, foundationInvoiceCharger } from './invoicing/foundation-ports';
import { BillingDueRepository } from './store/billing-due-repository';
import { MeterEventsRepository } from './store/meter-events-repository';

/** Stripe's grace period between a subscription invoice's creation and its finalization: one hour. */
export const DEFAULT_FINALIZATION_GRACE_SECONDS = 3600;

/** The billing state of one Stripe sandbox. */
export class StripeBilling {
  /** Meter events, in their own table (fast inserts, deduped identifiers). */
  readonly meterEvents: MeterEventsRepository;
  /** When subscriptions and invoices next need the engine. */
  readonly due: BillingDueRepository;
  private connected?: BillingContext;

  constructor(db: SqliteDatabase, private readonly settings: BillingSettings) {
    this.meterEvents = new MeterEventsRepository(db);
    this.due = new BillingDueRepository(db);
  }

  /** The billing context of the sandbox `ctx` is; the first call also makes advancing test clocks run billing. */
  contextFor(ctx: SandboxContext): BillingContext {
    if (this.connected) return this.connected;
    this.connected = {
      store: ctx.stripe.store,
      events: ctx.stripe.events,
      timeOf: (customer) => ctx.stripe.timeOf(customer),
      meterEvents: this.meterEvents,
      due: this.due,
      charger: foundationInvoiceCharger(ctx),
      ledger: foundationBalanceLedger(ctx),
      settings: this.settings,
    };
    ctx.stripe.clocks.registerAdvancer(billingClockAdvancer(this.connected));
    return this.connected;
  }
}

/** The billing services' context of a sandbox. */
export function billingOf(ctx: SandboxContext): BillingContext {
  return ctx.stripe.billing.contextFor(ctx);
}

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
import { MeterEventSessions } from './metering/meter-event-sessions';
import { MeterEventIntake } from './metering/meter-events';
import { BillingDueRepository } from './store/billing-due-repository';
import { MeterEventsRepository } from './store/meter-events-repository';
import type { StripeObjectsRepository } from './store/stripe-objects-repository';

/** Stripe's grace period between a subscription invoice's creation and its finalization: one hour. */
export const DEFAULT_FINALIZATION_GRACE_SECONDS = 3600;

/** What billing takes from the foundation when it is built. */
export interface BillingFoundation {
  store: StripeObjectsRepository;
  /** The Stripe time of a customer, or undefined when there is no such customer (test-clocks.ts). */
  timeOfExisting: (customerId: string) => number | undefined;
  /** The sandbox's clock, in milliseconds. */
  nowMs: () => number;
}

/** The billing state of one Stripe sandbox. */
export class StripeBilling {
  /** Meter events, in their own table (fast inserts, deduped identifiers). */
  readonly meterEvents: MeterEventsRepository;
  /** Meter events as every endpoint takes them: validated, recorded, cancelled, reported when dropped. */
  readonly metering: MeterEventIntake;
  /** The tokens that authenticate the v2 meter event stream. */
  readonly meterEventSessions: MeterEventSessions;
  /** When subscriptions and invoices next need the engine. */
  readonly due: BillingDueRepository;
  private connected?: BillingContext;

  constructor(db: SqliteDatabase, private readonly settings: BillingSettings, foundation: BillingFoundation) {
    this.meterEvents = new MeterEventsRepository(db);
    this.metering = new MeterEventIntake({ store: foundation.store, meterEvents: this.meterEvents, timeOf: foundation.timeOfExisting, nowMs: foundation.nowMs });
    this.meterEventSessions = new MeterEventSessions(foundation.nowMs);
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

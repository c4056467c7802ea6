/**
 * Test clocks (`test_helpers.test_clock`): a frozen time that customers attached to the clock live in, and the one
 * rule of Stripe time in the sandbox ({@link TestClocks.timeOf}): an object of a customer on a clock is dated by the
 * clock's `frozen_time`, every other object by the sandbox's clock.
 *
 * Advancing a clock answers at once with `status: "advancing"` and does the work afterwards, as Stripe does; the work
 * is what the registered {@link ClockAdvancer}s do (billing renews subscriptions, closes periods, invoices and
 * charges), in registration order, moving the clock forward through the times they stop at. When they are done the
 * clock is `ready` at the target time (`internal_failure` if one threw), with `test_helpers.test_clock.advancing` and
 * `.ready` events before and after.
 */
import type { StripeEventPublisher } from '../events/event-publisher';
import { newStripeId } from '../ids';
import { invalidParam, invalidRequest } from '../http/stripe-error';
import { outsideStripeRequest } from '../http/request-scope';
import { DocumentCache } from '../store/document-cache';
import type { StripeObject, StripeObjectsRepository } from '../store/stripe-objects-repository';

/** A test clock as served. */
export interface TestClock extends StripeObject {
  object: 'test_helpers.test_clock';
  deletes_after: number;
  frozen_time: number;
  livemode: false;
  name: string | null;
  status: 'ready' | 'advancing' | 'internal_failure';
  status_details: { advancing?: { target_frozen_time: number } };
}

/** One advance in progress, as an advancer sees it. */
export interface ClockAdvance {
  /** The clock as it was when the advance began. */
  readonly clock: TestClock;
  /** Its frozen time before the advance. */
  readonly from: number;
  /** The target time. */
  readonly to: number;
  /**
   * Moves the clock's frozen time to `time` (between its current time and `to`), so objects and events the advancer
   * creates for a step (a renewal at a period's end) are dated at that step.
   */
  moveTo(time: number): void;
}

/** Work that happens when a clock advances; the billing part of the sandbox registers one. */
export interface ClockAdvancer {
  /** Refuses an advance before it starts (Stripe limits how far a clock with subscriptions may jump); throw a StripeApiError. */
  check?(clock: TestClock, to: number): void;
  /** Does the work between `from` and `to`; may be async. */
  advance(step: ClockAdvance): void | Promise<void>;
}

/** How long a test clock lives after it is created (Stripe deletes it after 30 days). */
const LIFETIME_SECONDS = 30 * 86400;

/** The store type of test clocks. */
const CLOCK_TYPE = 'test_helpers.test_clock';

/** The test clocks of one sandbox. */
export class TestClocks {
  private readonly advancers: ClockAdvancer[] = [];
  private readonly running = new Set<Promise<void>>();
  /**
   * Per customer id: undefined for no such customer, null for a customer on no clock (the sandbox's time), else its
   * clock's frozen time. Every meter event asks it, so it is cached until a customer or clock changes.
   */
  private readonly customerTimes: DocumentCache<number | null | undefined>;

  constructor(
    private readonly store: StripeObjectsRepository,
    private readonly events: StripeEventPublisher,
    private readonly nowMs: () => number,
  ) {
    this.customerTimes = new DocumentCache(store, ['customer', CLOCK_TYPE]);
  }

  /** The sandbox's own time, in unix seconds. */
  wallTime(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  /** The Stripe time of a customer: its clock's frozen time if it has one, else the sandbox's time. */
  timeOf(customerId?: string | null): number {
    if (!customerId) return this.wallTime();
    return this.timeOfExisting(customerId) ?? this.wallTime();
  }

  /** {@link timeOf} a customer, or undefined when there is no such customer (one read answers both). */
  timeOfExisting(customerId: string): number | undefined {
    const frozen = this.customerTimes.get(customerId, () => {
      const customer = this.store.get<StripeObject & { test_clock?: unknown }>('customer', customerId);
      if (!customer) return undefined;
      const clockId = customer.test_clock;
      return typeof clockId === 'string' ? (this.get(clockId)?.frozen_time ?? null) : null;
    });
    if (frozen === undefined) return undefined;
    return frozen ?? this.wallTime();
  }

  /** Adds work to do when a clock advances (run after the ones registered before). */
  registerAdvancer(advancer: ClockAdvancer): void {
    this.advancers.push(advancer);
  }

  /** A clock by id. */
  get(id: string): TestClock | undefined {
    return this.store.get<TestClock>(CLOCK_TYPE, id);
  }

  /** Creates a clock frozen at `frozenTime`. */
  create(frozenTime: number, name: string | null): TestClock {
    const created = this.wallTime();
    const clock: TestClock = {
      id: newStripeId('clock'), object: 'test_helpers.test_clock', created, deletes_after: created + LIFETIME_SECONDS,
      frozen_time: frozenTime, livemode: false, name, status: 'ready', status_details: {},
    };
    this.store.insert(clock);
    this.events.publish('test_helpers.test_clock.created', clock, { at: created });
    return clock;
  }

  /** Deletes a clock and, as Stripe does, the customers attached to it with everything that belongs to them. */
  delete(clock: TestClock): void {
    this.store.transaction(() => {
      const customers = [...this.store.scan<StripeObject>({ type: 'customer', parent: clock.id })];
      for (const customer of customers) this.store.deleteByCustomer(customer.id);
      this.store.delete(clock.id);
    });
    this.events.publish('test_helpers.test_clock.deleted', clock, { at: this.wallTime() });
  }

  /**
   * Starts moving a clock to `to`: checks it (a later time, not already advancing, and every advancer's check),
   * marks it advancing and returns it; the work runs after the answer (see {@link settled}).
   */
  advance(clock: TestClock, to: number): TestClock {
    if (clock.status === 'advancing') throw invalidRequest(`The test clock ${clock.id} is already advancing; wait until its status is ready.`, undefined, 'test_clock_advancing');
    if (to <= clock.frozen_time) throw invalidParam('frozen_time', `The frozen_time must be after the test clock's current frozen_time (${clock.frozen_time}).`);
    for (const advancer of this.advancers) advancer.check?.(clock, to);
    const advancing: TestClock = { ...clock, status: 'advancing', status_details: { advancing: { target_frozen_time: to } } };
    this.store.update(advancing);
    this.events.publish('test_helpers.test_clock.advancing', advancing, { at: this.wallTime() });
    const run = outsideStripeRequest(() => new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.run(advancing, clock.frozen_time, to)));
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
    return advancing;
  }

  private async run(clock: TestClock, from: number, to: number): Promise<void> {
    const moveTo = (time: number) => {
      const current = this.get(clock.id);
      if (!current || time < current.frozen_time || time > to) return;
      this.store.update({ ...current, frozen_time: time });
    };
    try {
      for (const advancer of this.advancers) await advancer.advance({ clock, from, to, moveTo });
      const current = this.get(clock.id);
      if (!current) return;
      const ready: TestClock = { ...current, frozen_time: to, status: 'ready', status_details: {} };
      this.store.update(ready);
      this.events.publish('test_helpers.test_clock.ready', ready, { at: this.wallTime() });
    } catch (err) {
      console.error(`[sandbox] stripe test clock ${clock.id}: advancing failed: ${(err as Error).stack ?? err}`);
      const current = this.get(clock.id);
      if (!current) return;
      const failed: TestClock = { ...current, status: 'internal_failure', status_details: {} };
      this.store.update(failed);
      this.events.publish('test_helpers.test_clock.internal_failure', failed, { at: this.wallTime() });
    }
  }

  /** Resolves when no clock is advancing (tests and benchmarks wait on it instead of polling). */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}

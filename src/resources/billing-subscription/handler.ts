/**
 * The BillingSubscription lifecycle: bill one account for a set of numbers at a rate card's prices (an item per
 * country and number type, quantity the count of such numbers, plus the card's metered items), with each number's
 * setup fee once; change quantities with prorations (in the planned lines too, when the card planned a price change
 * from the next period: the items keep their prices until then); cancel on delete.
 *
 * Exactly one subscription per resource: it carries the resource's identity in its metadata, and create adopts a
 * live one that carries it before it makes one, so a run that died before the engine recorded the subscription is
 * finished, not repeated. Setup fees are found again by metadata (src/billing/setup-fees.ts) before any is made; at
 * create they are made first, so the subscription's first invoice bills them.
 */
import type { Billing } from '../../billing/billing';
import { OWNER_METADATA_KEY, parseLookupKey, RATE_CARD_METADATA_KEY } from '../../billing/rate-card-keys';
import type { BillingSubscription, SubscriptionChange } from '../../billing/subscriptions-port';
import { kindOf } from '../../billing/card-prices';
import { NotFoundError, ValidationError } from '../../core/errors';
import { idempotencyKey } from '../../core/idempotency';
import {
  diffFields,
  identityKey,
  type CheckRequest,
  type CheckResponse,
  type CreateRequest,
  type CreateResponse,
  type DeleteRequest,
  type DiffRequest,
  type DiffResponse,
  type ImportRequest,
  type ImportResponse,
  type ReadRequest,
  type ReadResponse,
  type ResourceHandler,
  type UpdateRequest,
  type UpdateResponse,
} from '../../core/lifecycle';
import { planSubscription, type SubscriptionPlan } from './billing-plan';
import { checkBillingSubscriptionInputs } from './check-inputs';
import { BILLING_SUBSCRIPTION_FIELD_RULES } from './field-rules';
import { addedNumbers, itemChanges, linesUntilPlanned, planDiffers } from './items-plan';
import { BILLING_SUBSCRIPTION_OUTPUT_FIELDS, type BilledNumber, type BillingSubscriptionInputs, type BillingSubscriptionOutputs } from './model';
import { refuseSharedMeteredUsage } from './metered-overlap';
import { invoiceSetupFees } from './setup-fee-invoicing';

/** The outputs the handler keeps beyond the documented ones. */
export interface BillingSubscriptionState extends BillingSubscriptionOutputs {
  /** What the last create or update left, by lookup key (quantity; null for metered): live items that differ are drift. */
  appliedItems: Record<string, number | null>;
  /**
   * Numbers the subscription billed before didops listed them (an imported subscription), by kind (`US.local`): that
   * many numbers of the kind, listed later, are taken as already billed and get no setup fee.
   */
  unlistedQuantities: Record<string, number>;
}

/** Every output the handler keeps in its state. */
export const BILLING_SUBSCRIPTION_STATE_OUTPUT_FIELDS = [...BILLING_SUBSCRIPTION_OUTPUT_FIELDS, 'appliedItems', 'unlistedQuantities'] as const satisfies readonly (keyof BillingSubscriptionState)[];

/** What the handler is built from. */
export interface BillingSubscriptionHandlerDependencies {
  /** The configured billing provider, built once from provider configuration. */
  readonly billing: Billing;
}

/** Statuses of a subscription that is over: it bills nothing more and cannot change, so the resource is gone. */
const OVER: ReadonlySet<string> = new Set(['canceled', 'incomplete_expired']);

/** Outputs a create or update cannot know before it runs. */
const APPLIED_OUTPUTS = ['status', 'items', 'currentPeriodEnd', 'latestInvoice', 'setupFees'];

/** The inputs part of a recorded state. */
function inputsOf(state: BillingSubscriptionInputs): BillingSubscriptionInputs {
  const { account, rateCard, numbers, meteredMinutes, collectionMethod, daysUntilDue, prorationBehavior, cancelAtPeriodEnd, rateCardModel, accountCurrency } = state;
  const optional = { daysUntilDue, rateCardModel, accountCurrency };
  const given = Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined));
  return { account, rateCard, numbers, meteredMinutes, collectionMethod, prorationBehavior, cancelAtPeriodEnd, ...given };
}

/** The outputs part of a recorded state. */
function stateOutputs(state: BillingSubscriptionState): BillingSubscriptionState {
  return Object.fromEntries(BILLING_SUBSCRIPTION_STATE_OUTPUT_FIELDS.map((field) => [field, state[field] ?? null])) as unknown as BillingSubscriptionState;
}

/** Builds the BillingSubscription handler around the configured billing provider. */
export function createBillingSubscriptionHandler(deps: BillingSubscriptionHandlerDependencies) {
  const { billing } = deps;

  /**
   * Takes the live subscription to the plan in one change (items, tax rates, collection); unchanged, it is left alone.
   * A subscription with a planned price change keeps its current prices until then, and its plan takes the same
   * numbers: a number added now is billed at the old price for the rest of the period and at the new one after.
   */
  async function converge(current: BillingSubscription, plan: SubscriptionPlan, inputs: BillingSubscriptionInputs): Promise<BillingSubscription> {
    const planned = current.planned.length > 0;
    const items = itemChanges(current.items, planned ? linesUntilPlanned(current.items, current.planned, plan.lines) : plan.lines);
    const replans = planned && planDiffers(current.planned, plan.lines);
    const taxRateIds = plan.account.taxRateIds;
    const taxesChange = [...current.taxRateIds].sort().join() !== [...taxRateIds].sort().join();
    const collectionChanges = current.collectionMethod !== inputs.collectionMethod || (inputs.collectionMethod === 'send_invoice' && current.daysUntilDue !== (inputs.daysUntilDue ?? null));
    if (items.length === 0 && !replans && !taxesChange && !collectionChanges) return current;
    const change: SubscriptionChange = {
      items,
      ...(planned ? { plannedLines: plan.lines } : {}),
      prorationBehavior: inputs.prorationBehavior,
      ...(taxesChange ? { taxRateIds } : {}),
      ...(collectionChanges ? { collectionMethod: inputs.collectionMethod, daysUntilDue: inputs.daysUntilDue ?? null } : {}),
    };
    // Derived from what the change starts from as well: the same change made again later is a new change.
    const key = idempotencyKey({ resource: current.id, operation: 'change', inputs: { from: current.items, change } });
    return billing.subscriptions.changeSubscription(current.id, change, { idempotencyKey: key });
  }

  const handler = {
    fieldRules: BILLING_SUBSCRIPTION_FIELD_RULES,

    async check(request: CheckRequest): Promise<CheckResponse<BillingSubscriptionInputs>> {
      return checkBillingSubscriptionInputs(request.news);
    },

    async diff(request: DiffRequest<BillingSubscriptionInputs, BillingSubscriptionState>): Promise<DiffResponse> {
      const { olds, news } = request;
      const fields = diffFields(olds, news, BILLING_SUBSCRIPTION_FIELD_RULES, { unlisted: 'ignore' });
      if (fields.replaces.length > 0 || fields.updates.includes('numbers')) return fields;
      // Quantities changed in the dashboard show in the refreshed items: the update sets them back to the numbers listed.
      const drift = itemsDrift(olds);
      if (drift.length === 0) return fields;
      return { ...fields, changes: true, updates: [...fields.updates, 'numbers'], explanation: [...fields.explanation, `numbers: the items drifted outside didops (${drift.join('; ')}); the update sets them back`] };
    },

    async create(request: CreateRequest<BillingSubscriptionInputs>): Promise<CreateResponse<BillingSubscriptionState>> {
      const { inputs, identity } = request;
      if (request.preview) return { id: '', outputs: previewOutputs(), unknowns: ['subscriptionId', 'currency', ...APPLIED_OUTPUTS] };
      const owner = identityKey(identity);
      const plan = await planSubscription(billing, inputs);
      const customerId = plan.account.customerId;
      // A subscription a run made before it died (and the engine recorded nothing) is finished, not made twice; one
      // that is over, or set to end with its period, was this resource's before a delete, and is left alone.
      const owned = await billing.subscriptions.findSubscriptions(customerId, { [OWNER_METADATA_KEY]: owner });
      const earlier = owned.find((s) => !OVER.has(s.status) && !s.cancelAtPeriodEnd);
      await refuseSharedMeteredUsage(billing, { customerId, cardKey: plan.card.key, lines: plan.lines, owner, ...(earlier ? { subscriptionId: earlier.id } : {}) });
      // Fees before a new subscription: they wait as the customer's pending invoice items, and the subscription's first
      // invoice takes them, as Stripe's does. A run that dies between the two finds them again by metadata.
      const fees = await invoiceSetupFees(billing, { customerId, card: plan.card, owner, ...(earlier ? { subscriptionId: earlier.id } : {}) }, inputs.numbers);
      let subscription: BillingSubscription;
      if (earlier) {
        subscription = await converge(earlier, plan, inputs);
      } else {
        const spec = {
          customerId,
          lines: plan.lines,
          taxRateIds: plan.account.taxRateIds,
          collectionMethod: inputs.collectionMethod,
          ...(inputs.daysUntilDue !== undefined ? { daysUntilDue: inputs.daysUntilDue } : {}),
          metadata: { [OWNER_METADATA_KEY]: owner, [RATE_CARD_METADATA_KEY]: plan.card.key },
        };
        // The key also names the subscriptions this resource had before, so a create after a delete is a new create.
        const before = owned.map((s) => s.id).sort();
        subscription = await billing.subscriptions.createSubscription(spec, { idempotencyKey: idempotencyKey({ resource: owner, operation: 'create', inputs: { spec, before } }) });
      }
      return { id: subscription.id, outputs: outputsOf(subscription, Object.fromEntries(fees), {}) };
    },

    async read(request: ReadRequest<BillingSubscriptionInputs, BillingSubscriptionState>): Promise<ReadResponse<BillingSubscriptionInputs, BillingSubscriptionState>> {
      const { state } = request;
      const subscription = await billing.subscriptions.getSubscription(request.id);
      if (!subscription || OVER.has(subscription.status)) return null;
      const recorded = inputsOf(state);
      const daysUntilDue = subscription.collectionMethod === 'send_invoice' ? subscription.daysUntilDue ?? undefined : undefined;
      const inputs: BillingSubscriptionInputs = {
        ...recorded,
        account: subscription.customerId,
        collectionMethod: subscription.collectionMethod,
        ...(daysUntilDue !== undefined ? { daysUntilDue } : {}),
      };
      if (daysUntilDue === undefined) delete inputs.daysUntilDue;
      return { id: subscription.id, outputs: outputsOf(subscription, state.setupFees ?? {}, state.unlistedQuantities ?? {}, state.appliedItems), inputs };
    },

    async update(request: UpdateRequest<BillingSubscriptionInputs, BillingSubscriptionState>): Promise<UpdateResponse<BillingSubscriptionState>> {
      const { olds, news } = request;
      if (request.preview) return { outputs: stateOutputs(olds), unknowns: APPLIED_OUTPUTS };
      const plan = await planSubscription(billing, news);
      const current = await billing.subscriptions.getSubscription(request.id);
      if (!current || OVER.has(current.status)) {
        throw new NotFoundError({
          summary: `subscription ${request.id} is over (${current?.status ?? 'deleted'})`,
          detail: 'it was cancelled outside didops; run a refresh, and the next apply creates a new subscription',
        });
      }
      const customerId = plan.account.customerId;
      // Fees first: with `always_invoice` the change's invoice then takes them at once.
      const owner = current.metadata[OWNER_METADATA_KEY] ?? request.id;
      await refuseSharedMeteredUsage(billing, { customerId, cardKey: plan.card.key, lines: plan.lines, owner, subscriptionId: current.id });
      const fees = await invoiceSetupFees(billing, { customerId, card: plan.card, subscriptionId: current.id, owner }, newlyBilled(olds, news.numbers));
      const subscription = await converge(current, plan, news);
      const listed = new Set<string>(news.numbers.map((n) => n.e164));
      const kept = Object.entries(olds.setupFees ?? {}).filter(([e164]) => listed.has(e164));
      return { outputs: outputsOf(subscription, { ...Object.fromEntries(kept), ...Object.fromEntries(fees) }, {}) };
    },

    async delete(request: DeleteRequest<BillingSubscriptionInputs, BillingSubscriptionState>): Promise<void> {
      const { state } = request;
      await billing.subscriptions.cancelSubscription(request.id, { atPeriodEnd: state.cancelAtPeriodEnd === true, prorate: state.prorationBehavior !== 'none' });
    },

    async import(request: ImportRequest): Promise<ImportResponse<BillingSubscriptionInputs, BillingSubscriptionState>> {
      const subscription = await billing.subscriptions.getSubscription(request.id);
      if (!subscription || OVER.has(subscription.status)) {
        throw new ValidationError({ field: 'id', summary: `${request.id} is not a live subscription of this Stripe account`, detail: 'import by the subscription id (sub_…) the Stripe dashboard shows' });
      }
      const cards = [...new Set(subscription.items.map((item) => parseLookupKey(item.lookupKey)?.cardKey ?? '(not a rate card price)'))];
      if (cards.length !== 1 || cards[0].startsWith('(')) {
        throw new ValidationError({
          field: 'id',
          summary: `${request.id} is not billed from one rate card (its items bill ${cards.join(', ') || 'nothing'})`,
          detail: 'didops manages subscriptions whose items are the prices of one RateCard; move its items to one card’s prices first',
        });
      }
      const unlisted: Record<string, number> = {};
      for (const item of subscription.items) {
        const parsed = parseLookupKey(item.lookupKey);
        if (parsed?.kind === 'numberMonthly' && item.quantity !== undefined) unlisted[kindOf(parsed)] = (unlisted[kindOf(parsed)] ?? 0) + item.quantity;
      }
      const inputs: BillingSubscriptionInputs = {
        account: subscription.customerId,
        rateCard: cards[0],
        numbers: [],
        meteredMinutes: subscription.items.some((item) => item.quantity === undefined),
        collectionMethod: subscription.collectionMethod,
        ...(subscription.collectionMethod === 'send_invoice' && subscription.daysUntilDue !== null ? { daysUntilDue: subscription.daysUntilDue } : {}),
        prorationBehavior: 'create_prorations',
        cancelAtPeriodEnd: false,
      };
      return { id: subscription.id, outputs: outputsOf(subscription, {}, unlisted), inputs };
    },
  } satisfies ResourceHandler<BillingSubscriptionInputs, BillingSubscriptionState>;
  return handler;
}

/** The handler's type, for adapters. */
export type BillingSubscriptionHandler = ReturnType<typeof createBillingSubscriptionHandler>;

/**
 * Numbers the update starts billing: those not listed before, less, per kind, the numbers an imported subscription
 * already billed before didops listed them.
 */
function newlyBilled(olds: BillingSubscriptionState & BillingSubscriptionInputs, numbers: readonly BilledNumber[]): BilledNumber[] {
  const unlisted = { ...(olds.unlistedQuantities ?? {}) };
  return addedNumbers(olds.numbers ?? [], numbers).filter((n) => {
    const kind = kindOf(n);
    if ((unlisted[kind] ?? 0) <= 0) return true;
    unlisted[kind]--;
    return false;
  });
}

/** How the live items (refreshed) differ from what the last apply left, in words. */
function itemsDrift(state: BillingSubscriptionState): string[] {
  const applied = state.appliedItems ?? {};
  const live = state.items ?? {};
  const drift: string[] = [];
  for (const [key, quantity] of Object.entries(applied)) {
    if (!live[key]) drift.push(`${key} was removed`);
    else if (live[key].quantity !== quantity) drift.push(`${key} has quantity ${live[key].quantity}, not ${quantity}`);
  }
  for (const key of Object.keys(live)) if (!(key in applied)) drift.push(`${key} was added`);
  return drift;
}

function outputsOf(subscription: BillingSubscription, setupFees: Record<string, string>, unlistedQuantities: Record<string, number>, appliedItems?: Record<string, number | null>): BillingSubscriptionState {
  const items = Object.fromEntries(subscription.items.map((item) => [item.lookupKey, { id: item.id, quantity: item.quantity ?? null, price: item.priceId }]));
  const periodEnds = subscription.items.map((item) => item.currentPeriodEnd).filter((end): end is number => end !== null);
  return {
    subscriptionId: subscription.id,
    status: subscription.status,
    items,
    currentPeriodEnd: periodEnds.length > 0 ? new Date(Math.min(...periodEnds) * 1000).toISOString() : null,
    latestInvoice: subscription.latestInvoiceId,
    currency: subscription.currency,
    setupFees,
    appliedItems: appliedItems ?? Object.fromEntries(subscription.items.map((item) => [item.lookupKey, item.quantity ?? null])),
    unlistedQuantities,
  };
}

function previewOutputs(): BillingSubscriptionState {
  return { subscriptionId: '', status: '', items: {}, currentPeriodEnd: null, latestInvoice: null, currency: '', setupFees: {}, appliedItems: {}, unlistedQuantities: {} };
}

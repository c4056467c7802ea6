/**
 * The PhoneNumber lifecycle: buy a number (exact or the first match of search criteria), configure it, read it back
 * with drift, change it in place, and release it, without ever buying twice.
 *
 * Exactly-one purchase rests on the ownership marker (see ownership-marker.ts): every purchase carries the
 * resource's tag, and create adopts a tagged number before it buys. A purchase whose answer is lost (timeout,
 * 5xx, dropped connection) is looked for by tag before it is tried again.
 */
import type { CarrierName, OwnedNumber, PurchaseOptions } from '../../carriers/carrier';
import type { CarrierSet } from '../../carriers/carrier-set';
import type { StudioFlowsApi } from '../../carriers/studio';
import { purchaseTag } from '../../carriers/ownership-marker';
import { flowSidOfWebhook } from '../../carriers/studio-webhook';
import { carrierOfId, carrierOfRecord, carrierTraits } from '../../carriers/traits';
import { ConflictError, DidopsError, UnavailableError, ValidationError, withField } from '../../core/errors';
import {
  deepEqual,
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
import { NumberPriceBook } from '../../search/pricing';
import { declaredSettings, factsFromCarrier, fieldOf, factsFromState, inputsFromCarrier, nanpPlace, settingsFor, type NumberLabel } from './carrier-number';
import { checkPhoneNumberInputs } from './check-inputs';
import { IncomingNumbers } from './incoming-numbers';
import { PHONE_NUMBER_OUTPUT_FIELDS, type PhoneNumberInputs, type PhoneNumberOutputs } from './model';
import { unmetRequirements } from './number-fit';
import { adoptable, buyFirstAvailable, findOwned, purchaseCandidates, type PurchaseContext } from './purchase';
import { SearchLanes } from './search-lanes';
import { PHONE_NUMBER_FIELD_RULES } from './field-rules';
import { purchaseWithSetupFee, setupFeeOfBoughtNumber } from './setup-fee';
import type { Billing } from '../../billing/billing';

/** The outputs the handler keeps beyond the documented ones: facts needed to judge later criteria changes. */
export interface PhoneNumberState extends PhoneNumberOutputs {
  /** Postal code the carrier gave when the number was found (null when unknown). */
  postalCode: string | null;
  /** The number's regulatory address requirement (`none`, `any`, `local`, `foreign`). */
  addressRequirements: string | null;
  /**
   * The ownership tag this resource gave the number, kept here as well as in the FriendlyName: a console rename that
   * drops the marker must not lose it (the next update puts it back). Null for numbers bought before it was kept.
   */
  ownershipTag?: string | null;
  /** The name the number gets while `friendlyName` is unset: the resource name, or the live name of an adopted number. */
  defaultName?: string | null;
}

/** What the handler is built from. */
export interface PhoneNumberHandlerDependencies {
  /** The configured carriers, built once from provider configuration, and the default one. */
  readonly carriers: CarrierSet;
  /** Price list for the `monthlyPrice` output of a carrier's numbers; by default the carrier's, in USD. */
  readonly prices?: (carrier: CarrierName) => NumberPriceBook | undefined;
  /** Search matches tried in turn when the first is bought by someone else meanwhile (default 5). */
  readonly candidates?: number;
  /** Attempts at one purchase whose answer was lost, each after looking for it by tag (default 3). */
  readonly purchaseAttempts?: number;
  /** Waits between those attempts; tests pass a no-op. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Matches of identical searches, handed out one per purchase (default: the handler's own). */
  readonly searchLanes?: SearchLanes;
  /** Told while a carrier's number order is pending (Telnyx), for progress in the CLI. */
  readonly onPurchaseProgress?: PurchaseOptions['onProgress'];
  /** The billing provider that charges setup fees of numbers naming `billing` (instant purchase, setup-fee.ts). */
  readonly billing?: Billing;
}

// The rules table has a file of its own; importers have always found it here.
export { PHONE_NUMBER_FIELD_RULES, PHONE_NUMBER_REPLACEMENT_RULE } from './field-rules';

/** Every output the handler keeps in its state: the documented outputs plus the facts later changes are judged by. */
export const PHONE_NUMBER_STATE_OUTPUT_FIELDS = [...PHONE_NUMBER_OUTPUT_FIELDS, 'postalCode', 'addressRequirements', 'ownershipTag', 'defaultName'] as const satisfies readonly (keyof PhoneNumberState)[];

/** The outputs part of a recorded state. */
function stateOutputs(state: PhoneNumberState): PhoneNumberState {
  return Object.fromEntries(PHONE_NUMBER_STATE_OUTPUT_FIELDS.map((field) => [field, state[field] ?? null])) as unknown as PhoneNumberState;
}

/** What the handler keeps per carrier: its owned numbers (with their listing), prices and search lanes. */
interface CarrierContext extends PurchaseContext {
  readonly prices: NumberPriceBook;
}

/** Builds the PhoneNumber handler around the configured carriers. */
export function createPhoneNumberHandler(deps: PhoneNumberHandlerDependencies) {
  const contexts = new Map<CarrierName, CarrierContext>();
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const sharedLanes = deps.searchLanes;

  /** The carrier a resource names (or the default), with what the handler keeps for it. */
  function at(name: CarrierName | undefined): CarrierContext {
    const carrier = deps.carriers.get(name);
    let ctx = contexts.get(carrier.name);
    if (!ctx) {
      ctx = {
        carrier,
        numbers: new IncomingNumbers(carrier.numbers, carrier.traits.orderedPurchases),
        prices: deps.prices?.(carrier.name) ?? new NumberPriceBook(carrier, { currency: 'USD' }),
        lanes: sharedLanes ?? new SearchLanes(),
        candidates: deps.candidates ?? 5,
        attempts: deps.purchaseAttempts ?? 3,
        sleep,
        progress: deps.onPurchaseProgress,
      };
      contexts.set(carrier.name, ctx);
    }
    return ctx;
  }
  /** The carrier whose number ids look like `id`. */
  const carrierOfNumberId = (id: string) => carrierOfId('number', id);
  /** The carrier holding the number with this id (each carrier's ids have their own form). */
  const holding = (id: string): CarrierContext => at(carrierOfNumberId(id));

  /** The carrier's Studio, where routing plans run; a carrier without one refuses them on `routingPlan`. */
  function studioOf(ctx: CarrierContext): StudioFlowsApi {
    const { studio, traits } = ctx.carrier;
    if (!studio) throw new ValidationError({ field: 'routingPlan', summary: `routing plans cannot run on ${traits.label}`, detail: traits.unsupported.routingPlan });
    return studio;
  }

  /** The webhook that sends a number's calls to a routing plan's flow. */
  function flowWebhook(ctx: CarrierContext): (flowSid: string) => string {
    return (flowSid) => studioOf(ctx).webhookOf(flowSid);
  }

  /** The label `name` makes with the ownership `tag` at the carrier. */
  // A carrier that keeps no names (Telnyx) is sent none: only the ownership tag, which it keeps as metadata.
  const labelAt = (ctx: CarrierContext, name: string, tag: string | undefined): NumberLabel => ({ name: ctx.carrier.traits.keepsLabels ? name : '', tag, text: ctx.carrier.traits.labelOf(name, tag) });

  /** Monthly price of the number's country and type; a price-list failure must never fail a purchase. */
  async function monthlyPrice(ctx: CarrierContext, country: string, type: PhoneNumberOutputs['type']): Promise<{ monthlyPrice: number | null; currency: string | null }> {
    try {
      const price = await ctx.prices.priceOf(country, type);
      return { monthlyPrice: price.monthly.amountMinor, currency: price.monthly.currency };
    } catch {
      return { monthlyPrice: null, currency: null };
    }
  }

  async function outputsFor(ctx: CarrierContext, n: OwnedNumber, known: Partial<PhoneNumberState>): Promise<PhoneNumberState> {
    const facts = factsFromCarrier(n);
    const price =
      known.monthlyPrice !== undefined && known.currency !== undefined
        ? { monthlyPrice: known.monthlyPrice, currency: known.currency }
        : await monthlyPrice(ctx, facts.country, facts.type);
    return {
      sid: n.id,
      e164: n.e164,
      country: facts.country,
      region: known.region ?? facts.region,
      locality: known.locality ?? facts.locality,
      postalCode: known.postalCode ?? facts.postalCode,
      type: facts.type,
      // A carrier that does not say what an owned number can do keeps what its search said when it was bought.
      capabilities: facts.capabilities ?? known.capabilities ?? { voice: false, sms: false, mms: false, fax: false },
      addressRequirements: facts.addressRequirements,
      ...price,
      status: n.status,
      carrierFriendlyName: n.label,
      emergencyStatus: n.emergencyStatus,
      ownershipTag: known.ownershipTag ?? n.tag ?? null,
      defaultName: known.defaultName ?? null,
      setupFeePayment: known.setupFeePayment ?? null,
    };
  }

  const handler = {
    fieldRules: PHONE_NUMBER_FIELD_RULES,

    async check(request: CheckRequest): Promise<CheckResponse<PhoneNumberInputs>> {
      return checkPhoneNumberInputs(request.news, deps.carriers, deps.billing);
    },

    async diff(request: DiffRequest<PhoneNumberInputs, PhoneNumberState>): Promise<DiffResponse> {
      const { olds, news } = request;
      // The carrier a number is at is the one its id belongs to, whatever the default was when it was bought.
      const oldCarrier = carrierOfRecord('number', olds, deps.carriers.defaultName);
      // Only a carrier the code names moves a number: one that names none stays where it is, whatever the default
      // says now (changing the provider's default must not release every number that named no carrier).
      const newCarrier = news.carrier ?? oldCarrier;
      const inPlace = diffFields({ ...olds, carrier: oldCarrier }, { ...news, carrier: newCarrier }, PHONE_NUMBER_FIELD_RULES, { unlisted: 'ignore' });
      if (inPlace.replaces.length > 0) {
        // The old number goes first, so a new one that cannot be had must fail the plan, not the apply.
        await replacementExists({ ...news, carrier: newCarrier }, olds.e164);
        const fate = olds.retainOnDelete ? 'kept (retainOnDelete) and detached there' : 'released there';
        return { ...inPlace, deleteBeforeReplace: true, explanation: [`carrier: ${olds.e164} is a ${carrierTraits(oldCarrier).label} number; it will be ${fate}, then a new number bought at ${carrierTraits(newCarrier).label} (replace)`, ...inPlace.explanation.filter((e) => !e.startsWith('carrier'))] };
      }
      const wanted = { number: news.number, search: news.search, adopt: news.adopt };
      if (deepEqual(olds.number, news.number) && deepEqual(olds.search, news.search) && olds.adopt === news.adopt) return inPlace;
      const field = news.adopt !== undefined ? 'adopt' : news.number !== undefined ? 'number' : 'search';
      const unmet = unmetRequirements(factsFromState(olds), wanted, { unknownFits: false });
      if (unmet.length === 0) {
        // Recorded as an update so the engine stores the new criteria (Pulumi diffs against the recorded outputs,
        // which hold the old ones); nothing is sent to the carrier for it.
        return {
          changes: true,
          replaces: [],
          updates: [...inPlace.updates, field],
          explanation: [...inPlace.explanation, `${field}: changed, and the owned number ${olds.e164} still satisfies it; only the recorded criteria change, the number is kept`],
        };
      }
      const release = olds.retainOnDelete ? 'kept (retainOnDelete) and detached' : 'released first';
      await replacementExists(news, olds.e164);
      return {
        changes: true,
        replaces: [field],
        updates: inPlace.updates,
        deleteBeforeReplace: true,
        explanation: [
          `${field}: the owned number ${olds.e164} no longer fits (${unmet.join('; ')}); it will be ${release}, then a new number bought (replace)`,
          ...inPlace.explanation,
        ],
      };
    },

    async create(request: CreateRequest<PhoneNumberInputs>): Promise<CreateResponse<PhoneNumberState>> {
      const { inputs, identity } = request;
      if (request.preview) return { id: '', outputs: previewOutputs(inputs), unknowns: [...PHONE_NUMBER_OUTPUT_FIELDS] };
      const ctx = at(inputs.carrier);
      const tag = purchaseTag(identityKey(identity));
      const label = labelAt(ctx, inputs.friendlyName ?? identity.name, tag);
      const settings = settingsFor(inputs, label, undefined, flowWebhook(ctx));
      if (inputs.routingPlan !== undefined) await routingPlanExists(ctx, inputs.routingPlan);

      if (inputs.adopt !== undefined) {
        // Taking over a live number: only what the code declares is changed; its name is kept unless one is given.
        const live = await findOwned(ctx, inputs.adopt, 'adopt');
        const declared = declaredSettings(inputs, labelAt(ctx, inputs.friendlyName ?? live.name, tag), flowWebhook(ctx));
        const adopted = await ctx.numbers.update(live.id, declared, `adopt ${live.e164}`).catch((err: unknown) => {
          throw fieldOf(err, inputs);
        });
        return { id: adopted.id, outputs: await outputsFor(ctx, adopted, { ...nanpPlace(adopted.e164), ownershipTag: tag, defaultName: live.name }) };
      }
      const earlier = await adoptable(ctx, tag, inputs);
      if (earlier) {
        // A run that died after buying (or mid-order): finish its job instead of buying again.
        const configured = await ctx.numbers.update(earlier.id, settings, `configure ${earlier.e164}`).catch((err: unknown) => {
          throw fieldOf(err, inputs);
        });
        const setupFeePayment = await setupFeeOfBoughtNumber({ billing: deps.billing, inputs, identity }, configured.e164);
        return { id: configured.id, outputs: await outputsFor(ctx, configured, { ...nanpPlace(configured.e164), ownershipTag: tag, defaultName: identity.name, setupFeePayment }) };
      }
      // With `billing`, the setup fee is paid first, and refunded if the purchase fails.
      const { number, found, setupFeePayment } = await purchaseWithSetupFee({ billing: deps.billing, inputs, identity }, () => buyFirstAvailable(ctx, inputs, settings));
      const place = found ? { region: found.region, locality: found.locality, postalCode: found.postalCode, capabilities: found.capabilities } : nanpPlace(number.e164);
      return { id: number.id, outputs: await outputsFor(ctx, number, { ...place, ownershipTag: tag, defaultName: identity.name, setupFeePayment }) };
    },

    async read(request: ReadRequest<PhoneNumberInputs, PhoneNumberState>): Promise<ReadResponse<PhoneNumberInputs, PhoneNumberState>> {
      const { state } = request;
      const ctx = holding(request.id);
      const n = await ctx.numbers.read(request.id);
      if (!n) return null;
      const outputs = await outputsFor(ctx, n, state);
      return { id: n.id, outputs, inputs: inputsFromCarrier(n, state, ctx.carrier.traits.keepsLabels) };
    },

    async update(request: UpdateRequest<PhoneNumberInputs, PhoneNumberState>): Promise<UpdateResponse<PhoneNumberState>> {
      const { olds, news } = request;
      const ctx = holding(request.id);
      const recorded = ctx.carrier.traits.readLabel(olds.carrierFriendlyName);
      const tag = olds.ownershipTag ?? recorded.tag;
      const display = news.friendlyName ?? olds.defaultName ?? recorded.name;
      const settings = settingsFor(news, labelAt(ctx, display, tag ?? undefined), olds, flowWebhook(ctx));
      const changed = Object.keys(settings).length > 0;
      // Outputs only: handing back the old inputs too would let them override the new ones (retainOnDelete, a
      // friendlyName removed from the code) in the engine's state.
      if (request.preview || !changed) return { outputs: stateOutputs(olds) };
      if (news.routingPlan !== undefined && news.routingPlan !== olds.routingPlan) await routingPlanExists(ctx, news.routingPlan);
      const n = await ctx.numbers.update(request.id, settings, `update ${olds.e164}`).catch((err: unknown) => {
        throw fieldOf(err, news);
      });
      return { outputs: await outputsFor(ctx, n, olds) };
    },

    async delete(request: DeleteRequest<PhoneNumberInputs, PhoneNumberState>): Promise<void> {
      const { state } = request;
      const ctx = holding(request.id);
      // During a destroy of many, the batch's listing says what each number looks like; it may be a minute old, so a
      // release it misled (an emergency address added since) is tried once more with what the carrier says now.
      const listed = await ctx.numbers.read(request.id);
      if (!listed) return;
      try {
        await retire(ctx, listed, state.retainOnDelete);
      } catch (err) {
        const now = await ctx.numbers.fetch(request.id);
        if (!now) return;
        const sameAsActedOn = now.emergencyAddress === listed.emergencyAddress && now.label === listed.label && now.tag === listed.tag && now.voice.url === listed.voice.url;
        if (sameAsActedOn) throw err;
        await retire(ctx, now, state.retainOnDelete);
      }
    },

    async import(request: ImportRequest): Promise<ImportResponse<PhoneNumberInputs, PhoneNumberState>> {
      const ctx = at(/^\+/.test(request.id) ? undefined : carrierOfNumberId(request.id));
      const n = await findOwned(ctx, request.id);
      const outputs = await outputsFor(ctx, n, nanpPlace(n.e164));
      const carrier = ctx.carrier.name === deps.carriers.defaultName ? {} : { carrier: ctx.carrier.name };
      const number = n.e164 as PhoneNumberInputs['number'];
      const inputs = inputsFromCarrier(n, { number, retainOnDelete: false, carrierFriendlyName: n.label }, ctx.carrier.traits.keepsLabels);
      return { id: n.id, outputs, inputs: { ...inputs, ...carrier, number, ...(n.name ? { friendlyName: n.name } : {}) } };
    },
  } satisfies ResourceHandler<PhoneNumberInputs, PhoneNumberState>;

  /** Releases the number, or with `retainOnDelete` hands it back to the account without didops' marker. */
  async function retire(ctx: CarrierContext, n: OwnedNumber, retainOnDelete: boolean | undefined): Promise<void> {
    if (retainOnDelete) {
      // Kept, but no longer didops': without its marker no later create adopts it, and no routing plan owns its calls.
      const detach = { name: ctx.carrier.traits.keepsLabels ? n.name || n.e164 : '', tag: '', ...(flowSidOfWebhook(n.voice.url) ? { voice: { url: '' } } : {}) };
      await ctx.numbers.update(n.id, detach, `detach ${n.e164} from didops`);
      return;
    }
    if (n.emergencyAddress) {
      // Carriers refuse to release a number with an emergency registration; removing it first keeps release whole.
      await ctx.numbers.update(n.id, { emergencyAddress: '' }, `remove the emergency address from ${n.e164} before releasing it`);
    }
    await ctx.numbers.release(n.id, n.e164);
  }

  /**
   * A replacement releases the old number before it buys the new one, so a replacement that could find nothing must
   * fail the preview, not the apply (by then the old number would be gone).
   */
  async function replacementExists(news: PhoneNumberInputs, oldE164: string): Promise<void> {
    try {
      const ctx = at(news.carrier);
      if (news.adopt !== undefined) await findOwned(ctx, news.adopt, 'adopt');
      else await purchaseCandidates(ctx, news);
    } catch (err) {
      if (!(err instanceof UnavailableError || err instanceof ConflictError || err instanceof ValidationError)) throw err;
      throw withField(
        new UnavailableError({
          summary: `the replacement cannot go ahead: ${err.summary}`,
          detail: `nothing was changed, and ${oldE164} is kept: a replacement releases the old number before it takes the new one. ${err.detail ?? ''}`.trim(),
          cause: err,
        }),
        err.field ?? (news.adopt !== undefined ? 'adopt' : news.number !== undefined ? 'number' : 'search'),
      );
    }
  }

  /** A number bound to a flow that does not exist would answer every call with an error; refuse before binding it. */
  async function routingPlanExists(ctx: CarrierContext, flowSid: string): Promise<void> {
    const flow = await studioOf(ctx).fetch(flowSid).catch((err: unknown) => {
      throw err instanceof DidopsError && !err.field ? withField(err, 'routingPlan') : err;
    });
    if (!flow) {
      throw new ValidationError({
        field: 'routingPlan',
        summary: `${flowSid} is not a Studio flow of this ${ctx.carrier.traits.label} account`,
        detail: 'give the `sid` of a routing plan resource (`routingPlan: plan.id` in Pulumi, `routing_plan = didops_routing_plan.<name>.sid` in Terraform)',
      });
    }
  }

  return handler;
}

/** The handler's type, for adapters. */
export type PhoneNumberHandler = ReturnType<typeof createPhoneNumberHandler>;

function previewOutputs(inputs: PhoneNumberInputs): PhoneNumberState {
  return {
    sid: '', e164: inputs.number ?? '', country: inputs.search?.country.toUpperCase() ?? '', region: null, locality: null, postalCode: null,
    type: inputs.search?.type ?? 'local', capabilities: { voice: false, sms: false, mms: false, fax: false }, addressRequirements: null,
    monthlyPrice: null, currency: null, status: '', carrierFriendlyName: '', emergencyStatus: '', setupFeePayment: null,
  };
}

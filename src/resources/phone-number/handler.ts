/**
 * The PhoneNumber lifecycle: buy a number (exact or the first match of search criteria), configure it, read it back
 * with drift, change it in place, and release it, without ever buying twice.
 *
 * Exactly-one purchase rests on the ownership marker (see ownership-marker.ts): every purchase carries the
 * resource's tag, and create adopts a tagged number before it buys. A purchase whose answer is lost (timeout,
 * 5xx, dropped connection) is looked for by tag before it is tried again.
 */
import type { TwilioClient } from '../../carriers/twilio';
import { errorDiagnostic, nestDiagnostics, zodIssuesToDiagnostics, type Diagnostic } from '../../core/diagnostics';
import { parseE164 } from '../../core/e164';
import {
  ConflictError,
  DidopsError,
  fromTwilioError,
  NotFoundError,
  UnavailableError,
  ValidationError,
  withField,
} from '../../core/errors';
import { canonicalJson } from '../../core/idempotency';
import { createAtMostOnce } from '../../core/lost-answer';
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
import { checkAvailability } from '../../search/availability';
import { resolveGeography } from '../../search/geography';
import { compilePatterns } from '../../search/patterns';
import { NumberPriceBook } from '../../search/pricing';
import { searchNumbers, withTopLevelContains, type FoundNumber } from '../../search/search-numbers';
import { declaredSettings, factsFromCarrier, fieldOf, factsFromState, inputsFromCarrier, nanpAreaCodeDigits, nanpPlace, settingsFor } from './carrier-number';
import { IncomingNumbers, type CarrierNumber, type CarrierNumberSettings } from './incoming-numbers';
import { SearchLanes } from './search-lanes';
import {
  phoneNumberInputsSchema,
  PHONE_NUMBER_OUTPUT_FIELDS,
  type PhoneNumberInputs,
  type PhoneNumberOutputs,
} from './model';
import { toSearchCriteria, unmetRequirements } from './number-fit';
import { purchaseTag, readMarker, withMarker } from '../ownership-marker';
import { PHONE_NUMBER_FIELD_RULES } from './field-rules';
import { flowSidOfWebhook } from '../routing-plan/flow-webhook';

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
  /** The Twilio client, built once from provider configuration. */
  readonly twilio: TwilioClient;
  /** Price list for the `monthlyPrice` output; by default the carrier's, in USD. */
  readonly prices?: NumberPriceBook;
  /** Search matches tried in turn when the first is bought by someone else meanwhile (default 5). */
  readonly candidates?: number;
  /** Attempts at one purchase whose answer was lost, each after looking for it by tag (default 3). */
  readonly purchaseAttempts?: number;
  /** Waits between those attempts; tests pass a no-op. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Matches of identical searches, handed out one per purchase (default: the handler's own). */
  readonly searchLanes?: SearchLanes;
}

// The rules table has a file of its own; importers have always found it here.
export { PHONE_NUMBER_FIELD_RULES, PHONE_NUMBER_REPLACEMENT_RULE } from './field-rules';

/** Every output the handler keeps in its state: the documented outputs plus the facts later changes are judged by. */
export const PHONE_NUMBER_STATE_OUTPUT_FIELDS = [...PHONE_NUMBER_OUTPUT_FIELDS, 'postalCode', 'addressRequirements', 'ownershipTag', 'defaultName'] as const satisfies readonly (keyof PhoneNumberState)[];

/** The outputs part of a recorded state. */
function stateOutputs(state: PhoneNumberState): PhoneNumberState {
  return Object.fromEntries(PHONE_NUMBER_STATE_OUTPUT_FIELDS.map((field) => [field, state[field] ?? null])) as unknown as PhoneNumberState;
}

/** Builds the PhoneNumber handler around a Twilio client. */
export function createPhoneNumberHandler(deps: PhoneNumberHandlerDependencies) {
  const numbers = new IncomingNumbers(deps.twilio, deps.sleep);
  const prices = deps.prices ?? new NumberPriceBook(deps.twilio, { currency: 'USD' });
  const candidateCount = deps.candidates ?? 5;
  const purchaseAttempts = deps.purchaseAttempts ?? 3;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const lanes = deps.searchLanes ?? new SearchLanes();

  /** Monthly price of the number's country and type; a price-list failure must never fail a purchase. */
  async function monthlyPrice(country: string, type: PhoneNumberOutputs['type']): Promise<{ monthlyPrice: number | null; currency: string | null }> {
    try {
      const price = await prices.priceOf(country, type);
      return { monthlyPrice: price.monthly.amountMinor, currency: price.monthly.currency };
    } catch {
      return { monthlyPrice: null, currency: null };
    }
  }

  /** Adopts a number an earlier run bought for this resource, if one fits the inputs. */
  async function adoptable(tag: string, inputs: PhoneNumberInputs): Promise<CarrierNumber | undefined> {
    const narrowing = inputs.number !== undefined ? inputs.number.slice(1) : nanpAreaCodeDigits(inputs);
    for (const candidate of await numbers.tagged(tag, narrowing)) {
      // The carrier does not say where an owned number is, so only what it does say is checked here; the rest was
      // checked when the number was found for this same resource.
      if (unmetRequirements(factsFromCarrier(candidate), inputs, { unknownFits: true }).length === 0) return candidate;
    }
    return undefined;
  }

  /** Buys `e164`; a lost answer is looked for by tag before the purchase is sent again. */
  async function purchaseOnce(e164: string, settings: CarrierNumberSettings, tag: string, field: string): Promise<CarrierNumber> {
    return createAtMostOnce(() => numbers.purchase(e164, settings, field), {
      findLanded: async () => (await numbers.taggedNow(tag, e164.slice(1))).find((n) => n.phoneNumber === e164),
      attempts: purchaseAttempts,
      sleep,
    });
  }

  /** Numbers to try buying, in order, with what the search knew about them. */
  async function purchaseCandidates(inputs: PhoneNumberInputs, beingBought = 0): Promise<{ e164: string; found?: FoundNumber }[]> {
    if (inputs.number !== undefined) {
      const [answer] = await checkAvailability(deps.twilio, [inputs.number]);
      if (answer.status === 'owned') {
        throw new ConflictError({
          field: 'number',
          summary: `the account already owns ${inputs.number} (${answer.sid}) outside this resource`,
          detail: `take it over instead of buying it: set \`adopt\` to "${answer.sid}" in place of \`number\` (Terraform can also \`terraform import\` it)`,
        });
      }
      if (answer.status !== 'available') {
        throw new UnavailableError({
          field: 'number',
          summary: `${inputs.number} cannot be bought: ${answer.reason ?? 'the carrier does not offer it'}`,
          detail: 'choose another number (didops numbers search) or use `search` criteria instead',
        });
      }
      return [{ e164: inputs.number }];
    }
    const search = inputs.search!;
    // Matches other purchases are buying right now are still offered by the carrier: ask for that many more.
    const criteria = toSearchCriteria(search, candidateCount + beingBought);
    // A number that needs an address cannot be bought without one; leave those out unless an address is given.
    if (!inputs.address && !inputs.bundle && criteria.excludeAddressRequired === 'none') criteria.excludeAddressRequired = 'any';
    const outcome = await searchNumbers(deps.twilio, criteria).catch((err: unknown) => {
      throw err instanceof ValidationError ? ValidationError.fromDiagnostics(nestDiagnostics('search', searchDiagnostics(err))) : err;
    });
    if (outcome.results.length === 0) {
      throw new UnavailableError({
        field: 'search',
        summary: `no available number matches the search (${outcome.description}; ${outcome.examined} candidates examined on ${outcome.pages} pages)`,
        detail:
          outcome.stoppedBecause === 'budget'
            ? 'raise search.maxPages or relax the criteria'
            : 'relax the criteria (area code, locality, pattern, capabilities) or try another region',
      });
    }
    return outcome.results.map((found) => ({ e164: found.phoneNumber, found }));
  }

  async function outputsFor(n: CarrierNumber, known: Partial<PhoneNumberState>): Promise<PhoneNumberState> {
    const facts = factsFromCarrier(n);
    const price =
      known.monthlyPrice !== undefined && known.currency !== undefined
        ? { monthlyPrice: known.monthlyPrice, currency: known.currency }
        : await monthlyPrice(facts.country, facts.type);
    return {
      sid: n.sid,
      e164: n.phoneNumber,
      country: facts.country,
      region: known.region ?? facts.region,
      locality: known.locality ?? facts.locality,
      postalCode: known.postalCode ?? facts.postalCode,
      type: facts.type,
      capabilities: facts.capabilities,
      addressRequirements: facts.addressRequirements,
      ...price,
      status: n.status ?? 'in-use',
      carrierFriendlyName: n.friendlyName,
      emergencyStatus: n.emergencyStatus ?? 'Inactive',
      ownershipTag: known.ownershipTag ?? readMarker(n.friendlyName).tag ?? null,
      defaultName: known.defaultName ?? null,
    };
  }

  /** Buys `e164` (found by a search, or the exact `number`) and describes what was bought. */
  async function buy(inputs: PhoneNumberInputs, e164: string, found: FoundNumber | undefined, settings: CarrierNumberSettings, tag: string, defaultName: string): Promise<CreateResponse<PhoneNumberState>> {
    const bought = await purchaseOnce(e164, settings, tag, inputs.number !== undefined ? 'number' : 'search');
    const place = found ? { region: found.region, locality: found.locality, postalCode: found.postalCode } : nanpPlace(e164);
    return { id: bought.sid, outputs: await outputsFor(bought, { ...place, ownershipTag: tag, defaultName }) };
  }

  /**
   * Buys the exact `number`, or the first match of the search that is still for sale. Matches come from the lane of
   * identical searches (search-lanes.ts), each to one purchase; when one was sold to someone else meanwhile, the next
   * one is tried, and this purchase searches at most twice.
   */
  async function buyFirstAvailable(inputs: PhoneNumberInputs, settings: CarrierNumberSettings, tag: string, defaultName: string): Promise<CreateResponse<PhoneNumberState>> {
    if (!inputs.search) {
      const [{ e164 }] = await purchaseCandidates(inputs);
      return buy(inputs, e164, undefined, settings, tag, defaultName).catch((err: unknown) => {
        throw fieldOf(err, inputs);
      });
    }
    // What shapes the search: the criteria, and whether numbers that need an address may be bought.
    const lane = canonicalJson({ search: inputs.search, addressGiven: Boolean(inputs.address || inputs.bundle) });
    let searches = 0;
    const search = async (beingBought: number): Promise<FoundNumber[]> =>
      ++searches > 2 ? [] : (await purchaseCandidates(inputs, beingBought)).flatMap((c) => (c.found ? [c.found] : []));
    let lastUnavailable: DidopsError | undefined;
    let tried = 0;
    for (let found = await lanes.next(lane, search); found; found = await lanes.next(lane, search)) {
      tried++;
      try {
        return await buy(inputs, found.phoneNumber, found, settings, tag, defaultName);
      } catch (err) {
        // Sold to someone else between the search and the purchase: the next match will do.
        if (!(err instanceof UnavailableError)) throw fieldOf(err, inputs);
        lastUnavailable = err;
      } finally {
        lanes.settled(lane, found.phoneNumber);
      }
    }
    throw new UnavailableError({
      field: 'search',
      summary: `all ${tried} matching numbers found by two searches were bought by someone else before this purchase`,
      detail: 'run again: the search is repeated with what is available then',
      cause: lastUnavailable,
    });
  }

  const handler = {
    fieldRules: PHONE_NUMBER_FIELD_RULES,

    async check(request: CheckRequest): Promise<CheckResponse<PhoneNumberInputs>> {
      const parsed = phoneNumberInputsSchema.safeParse(request.news ?? {});
      if (!parsed.success) return { failures: zodIssuesToDiagnostics(parsed.error) };
      const inputs = parsed.data;
      const failures: Diagnostic[] = [];
      const ways = (['number', 'search', 'adopt'] as const).filter((key) => inputs[key] !== undefined);
      if (ways.length > 1) {
        failures.push(errorDiagnostic(`give one of \`number\`, \`search\` and \`adopt\`, not ${ways.map((w) => `\`${w}\``).join(' and ')}`, {
          field: ways[1],
          detail: '`number` buys exactly that number, `search` buys the first match, `adopt` takes over a number the account already owns',
        }));
      } else if (ways.length === 0) {
        failures.push(errorDiagnostic('say which number to buy', { field: 'number', detail: 'give an exact `number` ("+14155550100"), `search` criteria ({ country: "US", areaCode: "415" }) or `adopt` ("PN…") for a number the account owns' }));
      }
      if (inputs.routingPlan !== undefined && inputs.voice?.url !== undefined) {
        failures.push(errorDiagnostic('give `routingPlan` or `voice.url`, not both', {
          field: 'routingPlan',
          detail: '`routingPlan` points the number’s voice webhook at the plan’s Studio flow, so it takes the place of `voice.url`; remove one of them (`voice.fallbackUrl` and `voice.statusCallback` may stay)',
        }));
      }
      if (inputs.routingPlan !== undefined && inputs.voice?.method === 'GET') {
        // The flow's webhook is always set with POST (Studio takes POST), so a declared GET would differ from the
        // live number after every refresh and be "corrected" by every deploy.
        failures.push(errorDiagnostic('`voice.method` GET cannot go with `routingPlan`', {
          field: 'voice.method',
          detail: 'a routing plan’s Studio flow webhook is called with POST; remove `voice.method` (or set it to "POST"); `voice.fallbackMethod` still applies to `voice.fallbackUrl`',
        }));
      }
      if (inputs.search?.contains !== undefined && inputs.search.patterns.contains !== undefined) {
        failures.push(errorDiagnostic('`contains` is given twice', { field: 'search.patterns.contains', detail: 'keep `search.contains` and remove `search.patterns.contains`' }));
      }
      if (inputs.search) {
        try {
          const criteria = toSearchCriteria(inputs.search, 1);
          const place = resolveGeography(criteria);
          compilePatterns(criteria.patterns, { callingCode: place.callingCode, nationalLength: place.nationalLength });
        } catch (err) {
          if (!(err instanceof ValidationError)) throw err;
          failures.push(...nestDiagnostics('search', searchDiagnostics(err)));
        }
      }
      return failures.length > 0 ? { failures } : { inputs, failures };
    },

    async diff(request: DiffRequest<PhoneNumberInputs, PhoneNumberState>): Promise<DiffResponse> {
      const { olds, news } = request;
      const inPlace = diffFields(olds, news, PHONE_NUMBER_FIELD_RULES, { unlisted: 'ignore' });
      const wanted = { number: news.number, search: news.search, adopt: news.adopt };
      if (deepEqual(olds.number, news.number) && deepEqual(olds.search, news.search) && olds.adopt === news.adopt) return inPlace;
      const field = news.adopt !== undefined ? 'adopt' : news.number !== undefined ? 'number' : 'search';
      const unmet = unmetRequirements(factsFromState(olds), wanted, { unknownFits: false });
      if (unmet.length === 0) {
        // Recorded as an update so the engine stores the new criteria (Pulumi diffs against the recorded outputs,
        // which hold the old ones); nothing is sent to Twilio for it.
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
      const tag = purchaseTag(identityKey(identity));
      const displayName = inputs.friendlyName ?? identity.name;
      const settings = settingsFor(inputs, withMarker(displayName, tag), undefined, deps.twilio.accountSid);
      if (inputs.routingPlan !== undefined) await routingPlanExists(inputs.routingPlan);

      if (inputs.adopt !== undefined) {
        // Taking over a live number: only what the code declares is changed; its name is kept unless one is given.
        const live = await findForImport(inputs.adopt, 'adopt');
        const liveName = readMarker(live.friendlyName).name;
        const declared = declaredSettings(inputs, withMarker(inputs.friendlyName ?? liveName, tag), deps.twilio.accountSid);
        const adopted = await numbers.update(live.sid, declared, `adopt ${live.phoneNumber}`);
        return { id: adopted.sid, outputs: await outputsFor(adopted, { ...nanpPlace(adopted.phoneNumber), ownershipTag: tag, defaultName: liveName }) };
      }
      const earlier = await adoptable(tag, inputs);
      if (earlier) {
        // A run that died after buying: finish its job instead of buying again.
        const configured = await numbers.update(earlier.sid, settings, `configure ${earlier.phoneNumber}`);
        return { id: configured.sid, outputs: await outputsFor(configured, { ...nanpPlace(configured.phoneNumber), ownershipTag: tag, defaultName: identity.name }) };
      }

      return buyFirstAvailable(inputs, settings, tag, identity.name);
    },

    async read(request: ReadRequest<PhoneNumberInputs, PhoneNumberState>): Promise<ReadResponse<PhoneNumberInputs, PhoneNumberState>> {
      const { state } = request;
      const n = await numbers.read(request.id);
      if (!n) return null;
      const outputs = await outputsFor(n, state);
      return { id: n.sid, outputs, inputs: inputsFromCarrier(n, state) };
    },

    async update(request: UpdateRequest<PhoneNumberInputs, PhoneNumberState>): Promise<UpdateResponse<PhoneNumberState>> {
      const { olds, news } = request;
      const tag = olds.ownershipTag ?? readMarker(olds.carrierFriendlyName).tag;
      const display = news.friendlyName ?? olds.defaultName ?? readMarker(olds.carrierFriendlyName).name;
      const friendlyName = tag ? withMarker(display, tag) : display;
      const settings = settingsFor(news, friendlyName, olds, deps.twilio.accountSid);
      const changed = Object.keys(settings).length > 0;
      // Outputs only: handing back the old inputs too would let them override the new ones (retainOnDelete, a
      // friendlyName removed from the code) in the engine's state.
      if (request.preview || !changed) return { outputs: stateOutputs(olds) };
      if (news.routingPlan !== undefined && news.routingPlan !== olds.routingPlan) await routingPlanExists(news.routingPlan);
      const n = await numbers.update(request.id, settings, `update ${olds.e164}`).catch((err: unknown) => {
        throw fieldOf(err, news);
      });
      return { outputs: await outputsFor(n, olds) };
    },

    async delete(request: DeleteRequest<PhoneNumberInputs, PhoneNumberState>): Promise<void> {
      const { state } = request;
      // During a destroy of many, the batch's listing says what each number looks like; it may be a minute old, so a
      // release it misled (an emergency address added since) is tried once more with what the carrier says now.
      const listed = await numbers.read(request.id);
      if (!listed) return;
      try {
        await retire(listed, state.retainOnDelete);
      } catch (err) {
        const now = await numbers.fetch(request.id);
        if (!now) return;
        const sameAsActedOn = now.emergencyAddressSid === listed.emergencyAddressSid && now.friendlyName === listed.friendlyName && now.voiceUrl === listed.voiceUrl;
        if (sameAsActedOn) throw err;
        await retire(now, state.retainOnDelete);
      }
    },

    async import(request: ImportRequest): Promise<ImportResponse<PhoneNumberInputs, PhoneNumberState>> {
      const n = await findForImport(request.id);
      const outputs = await outputsFor(n, nanpPlace(n.phoneNumber));
      const inputs = inputsFromCarrier(n, { number: n.phoneNumber as PhoneNumberInputs['number'], retainOnDelete: false, carrierFriendlyName: n.friendlyName });
      return { id: n.sid, outputs, inputs: { ...inputs, number: n.phoneNumber as PhoneNumberInputs['number'], friendlyName: readMarker(n.friendlyName).name } };
    },
  } satisfies ResourceHandler<PhoneNumberInputs, PhoneNumberState>;

  /** Releases the number, or with `retainOnDelete` hands it back to the account without didops' marker. */
  async function retire(n: CarrierNumber, retainOnDelete: boolean | undefined): Promise<void> {
    if (retainOnDelete) {
      // Kept, but no longer didops': without its marker no later create adopts it, and no routing plan owns its calls.
      const detach: CarrierNumberSettings = { friendlyName: readMarker(n.friendlyName).name || n.phoneNumber };
      if (flowSidOfWebhook(n.voiceUrl)) detach.voiceUrl = '';
      await numbers.update(n.sid, detach, `detach ${n.phoneNumber} from didops`);
      return;
    }
    if (n.emergencyAddressSid) {
      // Twilio refuses to release a number with an emergency registration; removing it first keeps release whole.
      await numbers.update(n.sid, { emergencyAddressSid: '' }, `remove the emergency address from ${n.phoneNumber} before releasing it`);
    }
    await numbers.release(n.sid, n.phoneNumber);
  }

  /**
   * A replacement releases the old number before it buys the new one, so a replacement that could find nothing must
   * fail the preview, not the apply (by then the old number would be gone).
   */
  async function replacementExists(news: PhoneNumberInputs, oldE164: string): Promise<void> {
    try {
      if (news.adopt !== undefined) await findForImport(news.adopt, 'adopt');
      else await purchaseCandidates(news);
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
  async function routingPlanExists(flowSid: string): Promise<void> {
    try {
      await deps.twilio.studio.v2.flows(flowSid).fetch();
    } catch (err) {
      const error = fromTwilioError(err, { operation: `read routing plan ${flowSid}`, field: 'routingPlan' });
      if (!(error instanceof NotFoundError)) throw error;
      throw new ValidationError({
        field: 'routingPlan',
        summary: `${flowSid} is not a Studio flow of this Twilio account`,
        detail: 'give the `sid` of a routing plan resource (`routingPlan: plan.id` in Pulumi, `routing_plan = didops_routing_plan.<name>.sid` in Terraform)',
      });
    }
  }

  async function findForImport(id: string, field = 'id'): Promise<CarrierNumber> {
    const notOwned = (what: string) =>
      new ValidationError({ field, summary: `${what} is not a number of this Twilio account`, detail: 'import by the number’s SID (PN…) or its E.164 form as the Twilio console shows it' });
    if (/^PN[0-9a-fA-F]{32}$/.test(id)) {
      const n = await numbers.fetch(id);
      if (!n) throw notOwned(id);
      return n;
    }
    let e164: string;
    try {
      e164 = parseE164(id, { field });
    } catch {
      throw new ValidationError({ field, summary: `"${id}" is neither a number SID (PN…) nor a phone number`, detail: 'give e.g. PN0123… or +14155550100' });
    }
    const match = (await numbers.list(e164.slice(1))).find((n) => n.phoneNumber === e164);
    if (!match) throw notOwned(e164);
    return match;
  }

  return handler;
}

/** The handler's type, for adapters. */
export type PhoneNumberHandler = ReturnType<typeof createPhoneNumberHandler>;

/** The search library names `contains` as `patterns.contains`; the resource's users wrote `contains`. */
function searchDiagnostics(err: ValidationError): Diagnostic[] {
  return withTopLevelContains(err.diagnostics);
}

function previewOutputs(inputs: PhoneNumberInputs): PhoneNumberState {
  return {
    sid: '', e164: inputs.number ?? '', country: inputs.search?.country.toUpperCase() ?? '', region: null, locality: null, postalCode: null,
    type: inputs.search?.type ?? 'local', capabilities: { voice: false, sms: false, mms: false, fax: false }, addressRequirements: null,
    monthlyPrice: null, currency: null, status: '', carrierFriendlyName: '', emergencyStatus: '',
  };
}

/**
 * How a PhoneNumber gets its number: adopting one an earlier run bought for the same resource, or buying the exact
 * `number` or the first match of `search` that is still for sale, never twice. A purchase whose answer is lost
 * (timeout, 5xx, dropped connection) is looked for by its ownership tag before it is tried again; identical searches
 * share their matches (search-lanes.ts). A number the account already owns is found by its id or E.164 (`adopt`, import).
 */
import type { Carrier, NumberSettings, OwnedNumber, PurchaseOptions } from '../../carriers/carrier';
import { nestDiagnostics } from '../../core/diagnostics';
import { parseE164 } from '../../core/e164';
import { ConflictError, DidopsError, UnavailableError, ValidationError } from '../../core/errors';
import { canonicalJson } from '../../core/idempotency';
import { createAtMostOnce } from '../../core/lost-answer';
import { checkAvailability } from '../../search/availability';
import { searchNumbers, type FoundNumber } from '../../search/search-numbers';
import { factsFromCarrier, fieldOf, nanpAreaCodeDigits } from './carrier-number';
import { searchDiagnostics } from './check-inputs';
import type { IncomingNumbers } from './incoming-numbers';
import type { PhoneNumberInputs } from './model';
import { toSearchCriteria, unmetRequirements } from './number-fit';
import type { SearchLanes } from './search-lanes';

/** A number bought, with what the search knew about where it is. */
export interface Purchase {
  number: OwnedNumber;
  found?: FoundNumber;
}

/** What purchases at one carrier are made with. */
export interface PurchaseContext {
  readonly carrier: Carrier;
  readonly numbers: IncomingNumbers;
  readonly lanes: SearchLanes;
  /** Search matches tried in turn when the first is bought by someone else meanwhile. */
  readonly candidates: number;
  /** Attempts at one purchase whose answer was lost, each after looking for it by tag. */
  readonly attempts: number;
  readonly sleep: (ms: number) => Promise<void>;
  /** Told while an asynchronous order is pending. */
  readonly progress?: PurchaseOptions['onProgress'];
}

/** Adopts a number an earlier run bought for this resource (waiting for its order, if still pending), if one fits. */
export async function adoptable(ctx: PurchaseContext, tag: string, inputs: PhoneNumberInputs): Promise<OwnedNumber | undefined> {
  const narrowing = inputs.number !== undefined ? inputs.number.slice(1) : nanpAreaCodeDigits(inputs);
  for (const candidate of await ctx.numbers.tagged(tag, narrowing, { onProgress: ctx.progress })) {
    // The carrier does not say where an owned number is, so only what it does say is checked here; the rest was
    // checked when the number was found for this same resource.
    if (unmetRequirements(factsFromCarrier(candidate), inputs, { unknownFits: true }).length === 0) return candidate;
  }
  return undefined;
}

/** Buys `e164`; a lost answer is looked for by tag before the purchase is sent again. */
function purchaseOnce(ctx: PurchaseContext, e164: string, settings: NumberSettings): Promise<OwnedNumber> {
  const tag = settings.tag!;
  return createAtMostOnce(() => ctx.numbers.purchase(e164, settings, { onProgress: ctx.progress }), {
    findLanded: async () => {
      const landed = (await ctx.numbers.taggedNow(tag, e164.slice(1), { onProgress: ctx.progress })).find((n) => n.e164 === e164);
      // A purchase whose answer was lost may have bought the number without finishing its settings (a Telnyx order
      // is configured after it completes): they are applied now, as for a number an earlier run left behind.
      return landed && ctx.numbers.update(landed.id, settings, `configure ${e164}`);
    },
    attempts: ctx.attempts,
    sleep: ctx.sleep,
  });
}

/** Numbers to try buying, in order, with what the search knew about them. */
export async function purchaseCandidates(ctx: PurchaseContext, inputs: PhoneNumberInputs, beingBought = 0): Promise<{ e164: string; found?: FoundNumber }[]> {
  if (inputs.number !== undefined) {
    const [answer] = await checkAvailability(ctx.carrier, [inputs.number]);
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
  const criteria = toSearchCriteria(search, ctx.candidates + beingBought);
  // A number that needs an address cannot be bought without one; leave those out unless an address is given (where
  // the carrier's search can tell: Telnyx settles regulatory requirements on the order instead).
  const canExclude = ctx.carrier.traits.unsearchable.excludeAddressRequired === undefined;
  if (canExclude && !inputs.address && !inputs.bundle && criteria.excludeAddressRequired === 'none') criteria.excludeAddressRequired = 'any';
  const outcome = await searchNumbers(ctx.carrier, criteria).catch((err: unknown) => {
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

/**
 * Buys the exact `number`, or the first match of the search that is still for sale. Matches come from the lane of
 * identical searches, each to one purchase; when one was sold to someone else meanwhile, the next one is tried, and
 * this purchase searches at most twice.
 */
export async function buyFirstAvailable(ctx: PurchaseContext, inputs: PhoneNumberInputs, settings: NumberSettings): Promise<Purchase> {
  const whole = inputs.number !== undefined ? 'number' : 'search';
  if (!inputs.search) {
    const [{ e164 }] = await purchaseCandidates(ctx, inputs);
    return { number: await purchaseOnce(ctx, e164, settings).catch((err: unknown) => { throw fieldOf(err, inputs, whole); }) };
  }
  // What shapes the search: the carrier, the criteria, and whether numbers that need an address may be bought.
  const lane = canonicalJson({ carrier: ctx.carrier.name, search: inputs.search, addressGiven: Boolean(inputs.address || inputs.bundle) });
  let searches = 0;
  const search = async (beingBought: number): Promise<FoundNumber[]> =>
    ++searches > 2 ? [] : (await purchaseCandidates(ctx, inputs, beingBought)).flatMap((c) => (c.found ? [c.found] : []));
  let lastUnavailable: DidopsError | undefined;
  let tried = 0;
  for (let found = await ctx.lanes.next(lane, search); found; found = await ctx.lanes.next(lane, search)) {
    tried++;
    try {
      return { number: await purchaseOnce(ctx, found.phoneNumber, settings), found };
    } catch (err) {
      // Sold to someone else between the search and the purchase: the next match will do.
      if (!(err instanceof UnavailableError)) throw fieldOf(err, inputs, whole);
      lastUnavailable = err;
    } finally {
      ctx.lanes.settled(lane, found.phoneNumber);
    }
  }
  throw new UnavailableError({
    field: 'search',
    summary: `all ${tried} matching numbers found by two searches were bought by someone else before this purchase`,
    detail: 'run again: the search is repeated with what is available then',
    cause: lastUnavailable,
  });
}

/** The owned number `id` names (the carrier's id or its E.164), to import or adopt; one the account does not own is an error on `field`. */
export async function findOwned(ctx: PurchaseContext, id: string, field = 'id'): Promise<OwnedNumber> {
  const label = ctx.carrier.traits.label;
  const notOwned = (what: string) =>
    new ValidationError({ field, summary: `${what} is not a number of this ${label} account`, detail: `import by the number’s ${label} id or its E.164 form as the ${label} console shows it` });
  if (!id.startsWith('+') && ctx.carrier.traits.checkReference('number', id) === undefined) {
    const n = await ctx.numbers.fetch(id);
    if (!n) throw notOwned(id);
    return n;
  }
  let e164: string;
  try {
    e164 = parseE164(id, { field });
  } catch {
    throw new ValidationError({ field, summary: `"${id}" is neither a ${label} number id nor a phone number`, detail: 'give the number’s id or its E.164 form, e.g. +14155550100' });
  }
  const match = (await ctx.numbers.list(e164.slice(1))).find((n) => n.e164 === e164);
  if (!match) throw notOwned(e164);
  return match;
}

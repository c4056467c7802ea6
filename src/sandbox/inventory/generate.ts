/**
 * Deterministic generator of the sandbox's AVAILABLE phone numbers.
 *
 * Numbers are valid by construction rather than by checking: every row is drawn from a block
 * of the catalogue (countries.ts, north-america.ts) whose every completion is valid for its
 * type, so no libphonenumber call happens per row and a million rows take well under a second.
 * Uniqueness is by construction too: blocks never overlap, and inside a block the k-th number
 * is an affine permutation of k, so no Set of issued numbers is needed.
 */

import {
  COUNTRIES,
  NUMBER_TYPES,
  type AddressRequirement,
  type Capabilities,
  type CountryEntry,
  type NumberBlock,
  type NumberOffer,
  type NumberType,
} from '../../catalogue/countries';
import { CA_AREA_CODES, NANP_TOLL_FREE_CODES, US_AREA_CODES, nanpExchanges, type NanpAreaCode } from '../../catalogue/north-america';

export type { AddressRequirement, NumberType } from '../../catalogue/countries';

/** One number the sandbox offers for purchase, shaped like a Twilio AvailablePhoneNumber. */
export interface AvailableNumber {
  /** E.164, e.g. "+14155550123". */
  phoneNumber: string;
  /** ISO 3166-1 alpha-2 country, e.g. "US". */
  isoCountry: string;
  /** Local, mobile or toll-free. */
  type: NumberType;
  /** NANP area code or the national destination prefix used; null when none. */
  areaCode: string | null;
  /** Two-letter state or province in NANP, the country's own region name elsewhere. */
  region: string | null;
  /** Town the number is presented as belonging to. */
  locality: string | null;
  /** Postal code of that town. */
  postalCode: string | null;
  /** NANP rate center. */
  rateCenter: string | null;
  /** NANP Local Access and Transport Area. */
  lata: string | null;
  /** Approximate latitude of the locality. */
  latitude: number | null;
  /** Approximate longitude of the locality. */
  longitude: number | null;
  /** What the number can do. */
  capabilities: { voice: boolean; sms: boolean; mms: boolean; fax: boolean };
  /** Address needed before purchase. */
  addressRequirements: AddressRequirement;
  /** Whether the number type is beta in its country. */
  beta: boolean;
}

/** How much inventory to generate and from which seed. */
export interface InventoryOptions {
  /** Any integer; the same seed and size always give the same rows in the same order. */
  seed: number;
  /** Number of distinct rows to yield. */
  size: number;
}

/** The inventory size the sandbox serves by default. */
export const DEFAULT_INVENTORY_SIZE = 1_000_000;

// Shares of the whole inventory. The US and Canada are fixed; the rest is split by the
// catalogue's country weights, so adding a country does not shrink the NANP.
const NANP_SHARE: Readonly<Record<'US' | 'CA', number>> = { US: 0.4, CA: 0.08 };
const NANP_TYPE_SHARE: Readonly<Record<NumberType, number>> = { local: 0.93, mobile: 0.03, tollFree: 0.04 };
const TYPE_SHARE: Readonly<Record<NumberType, number>> = { local: 0.55, mobile: 0.3, tollFree: 0.15 };

// Exchanges are partitioned so that local and mobile numbers of one NPA, and US and Canadian
// toll-free numbers of one shared toll-free code, can never collide.
const LOCAL_EXCHANGES = nanpExchanges(200, 799);
const MOBILE_EXCHANGES = nanpExchanges(800, 999);
const TOLL_FREE_EXCHANGES: Readonly<Record<'US' | 'CA', readonly string[]>> = {
  US: nanpExchanges(200, 599),
  CA: nanpExchanges(600, 999),
};

type RowTemplate = Omit<AvailableNumber, 'phoneNumber' | 'capabilities'>;

/** A non-overlapping run of numbers with the same descriptive fields. */
interface Bucket {
  readonly template: RowTemplate;
  readonly capabilities: Capabilities;
  /** E.164 text before the generated digits. */
  readonly head: string;
  /** Generated digits after `head` (outside NANP). */
  readonly freeDigits: number;
  /** NANP only: central-office codes; the generated part is exchange + four line digits. */
  readonly exchanges: readonly string[] | null;
  readonly capacity: number;
  readonly weight: number;
}

function templateOf(
  isoCountry: string,
  type: NumberType,
  offer: NumberOffer,
  place: Partial<Omit<RowTemplate, 'isoCountry' | 'type' | 'addressRequirements' | 'beta'>>,
): RowTemplate {
  return {
    isoCountry,
    type,
    areaCode: place.areaCode ?? null,
    region: place.region ?? null,
    locality: place.locality ?? null,
    postalCode: place.postalCode ?? null,
    rateCenter: place.rateCenter ?? null,
    lata: place.lata ?? null,
    latitude: place.latitude ?? null,
    longitude: place.longitude ?? null,
    addressRequirements: offer.addressRequirements,
    beta: offer.beta,
  };
}

function nanpBuckets(entry: CountryEntry, areaCodes: readonly NanpAreaCode[]): Bucket[] {
  const iso = entry.isoCountry === 'CA' ? 'CA' : 'US';
  const countryShare = NANP_SHARE[iso];
  const buckets: Bucket[] = [];
  const geographic = (type: 'local' | 'mobile', exchanges: readonly string[]): void => {
    const offer = entry.offers[type];
    if (offer === undefined) return;
    for (const a of areaCodes) {
      buckets.push({
        template: templateOf(iso, type, offer, {
          areaCode: a.areaCode,
          region: a.region,
          locality: a.locality,
          postalCode: a.postalCode,
          rateCenter: a.rateCenter,
          lata: a.lata,
          latitude: a.latitude,
          longitude: a.longitude,
        }),
        capabilities: offer.capabilities,
        head: `+1${a.areaCode}`,
        freeDigits: 7,
        exchanges,
        capacity: exchanges.length * 10_000,
        weight: (countryShare * NANP_TYPE_SHARE[type]) / areaCodes.length,
      });
    }
  };
  geographic('local', LOCAL_EXCHANGES);
  geographic('mobile', MOBILE_EXCHANGES);
  const tollFree = entry.offers.tollFree;
  if (tollFree !== undefined) {
    const exchanges = TOLL_FREE_EXCHANGES[iso];
    for (const code of NANP_TOLL_FREE_CODES) {
      buckets.push({
        template: templateOf(iso, 'tollFree', tollFree, { areaCode: code }),
        capabilities: tollFree.capabilities,
        head: `+1${code}`,
        freeDigits: 7,
        exchanges,
        capacity: exchanges.length * 10_000,
        weight: (countryShare * NANP_TYPE_SHARE.tollFree) / NANP_TOLL_FREE_CODES.length,
      });
    }
  }
  return buckets;
}

function blockBucket(
  entry: CountryEntry,
  type: NumberType,
  offer: NumberOffer,
  block: NumberBlock,
  weight: number,
  place: Partial<RowTemplate>,
): Bucket {
  const freeDigits = block.length - block.prefix.length;
  return {
    template: templateOf(entry.isoCountry, type, offer, place),
    capabilities: offer.capabilities,
    head: `+${entry.callingCode}${block.prefix}`,
    freeDigits,
    exchanges: null,
    capacity: 10 ** freeDigits,
    weight,
  };
}

function nationalBuckets(entry: CountryEntry, countryShare: number): Bucket[] {
  const typeTotal = NUMBER_TYPES.reduce((sum, t) => sum + (entry.offers[t] === undefined ? 0 : TYPE_SHARE[t]), 0);
  const buckets: Bucket[] = [];
  for (const type of NUMBER_TYPES) {
    const offer = entry.offers[type];
    if (offer === undefined) continue;
    const typeShare = (countryShare * TYPE_SHARE[type]) / typeTotal;
    if (type === 'local') {
      const localities = entry.regions.flatMap((region) => region.localities.map((locality) => ({ region, locality })));
      for (const { region, locality } of localities) {
        for (const block of locality.blocks) {
          const weight = typeShare / localities.length / locality.blocks.length;
          buckets.push(
            blockBucket(entry, type, offer, block, weight, {
              areaCode: locality.areaCode,
              region: region.name,
              locality: locality.name,
              postalCode: locality.postalCode,
              latitude: locality.latitude,
              longitude: locality.longitude,
            }),
          );
        }
      }
    } else {
      const blocks = type === 'mobile' ? entry.mobileBlocks : entry.tollFreeBlocks;
      for (const block of blocks) {
        buckets.push(blockBucket(entry, type, offer, block, typeShare / blocks.length, { areaCode: block.prefix }));
      }
    }
  }
  return buckets;
}

function buildBuckets(): Bucket[] {
  const nonNanp = COUNTRIES.filter((c) => c.callingCode !== '1');
  const nonNanpShare = 1 - NANP_SHARE.US - NANP_SHARE.CA;
  const totalWeight = nonNanp.reduce((sum, c) => sum + c.weight, 0);
  return COUNTRIES.flatMap((entry) => {
    if (entry.isoCountry === 'US') return nanpBuckets(entry, US_AREA_CODES);
    if (entry.isoCountry === 'CA') return nanpBuckets(entry, CA_AREA_CODES);
    return nationalBuckets(entry, (nonNanpShare * entry.weight) / totalWeight);
  });
}

let bucketCache: Bucket[] | undefined;
function buckets(): Bucket[] {
  bucketCache ??= buildBuckets();
  return bucketCache;
}

/**
 * Integer counts proportional to `weights` that sum to `total`, never above `capacities`
 * (water-filling: full buckets drop out and their excess is shared by the rest).
 */
function allocate(weights: readonly number[], capacities: readonly number[], total: number): number[] {
  const counts = new Array<number>(weights.length).fill(0);
  let active = weights.map((_, i) => i).filter((i) => (weights[i] ?? 0) > 0 && (capacities[i] ?? 0) > 0);
  let remaining = total;
  for (;;) {
    const weightSum = active.reduce((sum, i) => sum + (weights[i] ?? 0), 0);
    const full = active.filter((i) => (remaining * (weights[i] ?? 0)) / weightSum >= (capacities[i] ?? 0));
    if (full.length === 0) break;
    for (const i of full) {
      counts[i] = capacities[i] ?? 0;
      remaining -= counts[i] ?? 0;
    }
    active = active.filter((i) => !full.includes(i));
    if (active.length === 0) break;
  }
  if (active.length === 0) return counts;
  const weightSum = active.reduce((sum, i) => sum + (weights[i] ?? 0), 0);
  const fractions: { i: number; fraction: number }[] = [];
  let assigned = 0;
  for (const i of active) {
    const exact = (remaining * (weights[i] ?? 0)) / weightSum;
    const whole = Math.floor(exact);
    counts[i] = whole;
    assigned += whole;
    fractions.push({ i, fraction: exact - whole });
  }
  // Largest remainders get the last few rows; the stable sort keeps ties in catalogue order.
  fractions.sort((a, b) => b.fraction - a.fraction);
  for (let k = 0; k < remaining - assigned; k++) {
    const slot = fractions[k % fractions.length] as { i: number };
    counts[slot.i] = (counts[slot.i] ?? 0) + 1;
  }
  return counts;
}

/** mulberry32: a tiny, well-mixed 32-bit PRNG; returns floats in [0, 1). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** (a * k) mod n without leaving double precision, for a, k, n < 2^30. */
function mulMod(a: number, k: number, n: number): number {
  const high = Math.floor(a / 32768);
  const low = a % 32768;
  return ((((high * k) % n) * 32768) % n + ((low * k) % n)) % n;
}

/**
 * Yields exactly `size` distinct available numbers, in a seeded shuffled order so that any
 * prefix of the stream is a fair sample of every country and type.
 */
export function* generateInventory(options: InventoryOptions): Generator<AvailableNumber> {
  const { seed, size } = options;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed: ${String(seed)} is not an integer; pass a whole number`);
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new RangeError(`size: ${String(size)} is not a non-negative integer; pass e.g. ${DEFAULT_INVENTORY_SIZE}`);
  }
  const plan = buckets();
  const capacity = plan.reduce((sum, b) => sum + b.capacity, 0);
  if (size > capacity) throw new RangeError(`size: ${size} exceeds the catalogue's ${capacity} numbers; ask for fewer`);

  const random = mulberry32(seed);
  const counts = allocate(
    plan.map((b) => b.weight),
    plan.map((b) => b.capacity),
    size,
  );
  // Per bucket, number k is (multiplier * k + offset) mod capacity: a bijection when the
  // multiplier is coprime with the capacity, so numbers spread over the block without repeats.
  const multipliers = plan.map((b) => {
    for (;;) {
      const m = 1 + Math.floor(random() * (b.capacity - 1));
      if (b.capacity === 1 || gcd(m, b.capacity) === 1) return m;
    }
  });
  const offsets = plan.map((b) => Math.floor(random() * b.capacity));
  const issued = new Array<number>(plan.length).fill(0);

  const order = new Uint32Array(size);
  let filled = 0;
  counts.forEach((count, bucket) => {
    order.fill(bucket, filled, filled + count);
    filled += count;
  });
  for (let i = size - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = order[i] as number;
    order[i] = order[j] as number;
    order[j] = swap;
  }

  for (let i = 0; i < size; i++) {
    const index = order[i] as number;
    const bucket = plan[index] as Bucket;
    const k = issued[index] as number;
    issued[index] = k + 1;
    const n = (mulMod(multipliers[index] as number, k, bucket.capacity) + (offsets[index] as number)) % bucket.capacity;
    const phoneNumber =
      bucket.exchanges === null
        ? bucket.head + String(n).padStart(bucket.freeDigits, '0')
        : bucket.head + (bucket.exchanges[Math.floor(n / 10_000)] as string) + String(n % 10_000).padStart(4, '0');
    const t = bucket.template;
    const c = bucket.capabilities;
    yield {
      phoneNumber,
      isoCountry: t.isoCountry,
      type: t.type,
      areaCode: t.areaCode,
      region: t.region,
      locality: t.locality,
      postalCode: t.postalCode,
      rateCenter: t.rateCenter,
      lata: t.lata,
      latitude: t.latitude,
      longitude: t.longitude,
      capabilities: { voice: c.voice, sms: c.sms, mms: c.mms, fax: c.fax },
      addressRequirements: t.addressRequirements,
      beta: t.beta,
    };
  }
}

/**
 * Carrier latency: how long Twilio takes to answer, per kind of request, drawn from a log-normal distribution under
 * the sandbox's seed. The sandbox answers in a millisecond; stacks of thousands of numbers behave differently when
 * every call takes hundreds (timeouts, concurrency limits, retries that pile up), and this is what shows it offline.
 */
import { z } from 'zod';
import { seededRandom } from './faults';

/** The kinds of request a profile tells apart: Twilio answers them at different speeds. */
export const REQUEST_KINDS = ['fetch', 'list', 'write', 'delete', 'purchase'] as const;

/**
 * One of {@link REQUEST_KINDS}: `fetch` is a GET of one resource, `list` a GET of a collection or a search, `write` a
 * POST that creates or updates anything but a number, `delete` a DELETE, `purchase` a POST to IncomingPhoneNumbers.
 */
export type RequestKind = (typeof REQUEST_KINDS)[number];

// The z-score of the 95th percentile of a standard normal distribution.
const Z95 = 1.6448536269514722;

/** One kind's delay distribution, in milliseconds: a log-normal fixed by its median and 95th percentile. */
export const latencyDistributionSchema = z
  .object({
    /** Half of the answers take less than this; 0 means no delay at all. */
    medianMs: z.number().min(0).max(60_000),
    /** 95% of the answers take less than this (at least the median; equal to it gives a constant). */
    p95Ms: z.number().min(0).max(60_000),
    /** No answer takes longer (default three times the p95), so one unlucky draw cannot stall a test. */
    maxMs: z.number().min(0).max(60_000).optional(),
  })
  .strict()
  .refine((d) => d.p95Ms >= d.medianMs, { message: 'p95Ms must be at least medianMs', path: ['p95Ms'] })
  .refine((d) => d.maxMs === undefined || d.maxMs >= d.p95Ms, { message: 'maxMs must be at least p95Ms', path: ['maxMs'] });

/** A validated {@link latencyDistributionSchema}. */
export type LatencyDistribution = z.infer<typeof latencyDistributionSchema>;

/** A custom profile: one distribution for every {@link RequestKind} (unknown keys are refused, so a typo is not silently ignored). */
export const latencyProfileSchema = z
  .object({
    fetch: latencyDistributionSchema,
    list: latencyDistributionSchema,
    write: latencyDistributionSchema,
    delete: latencyDistributionSchema,
    purchase: latencyDistributionSchema,
  })
  .strict();

/** A validated {@link latencyProfileSchema}. */
export type LatencyProfile = z.infer<typeof latencyProfileSchema>;

/**
 * Twilio's REST API as seen from a client outside its US region (the usual case for a CI runner in Europe).
 *
 * These are estimates, not measurements published by Twilio: Twilio publishes no latency figures for its REST API
 * (its best-practice and error pages, e.g. https://www.twilio.com/docs/usage/rest-api-best-practices, talk about
 * limits and backoff only). They follow what is commonly observed: reads of one resource answer in 100–250 ms
 * (median) with a p95 of a few hundred ms, searches and lists are slower than fetches, and buying a number is the
 * slowest call because Twilio provisions it with the upstream carrier before answering.
 */
export const TWILIO_LATENCY_PROFILE: LatencyProfile = Object.freeze({
  fetch: { medianMs: 120, p95Ms: 300 },
  list: { medianMs: 180, p95Ms: 450 },
  write: { medianMs: 200, p95Ms: 500 },
  delete: { medianMs: 160, p95Ms: 400 },
  purchase: { medianMs: 700, p95Ms: 1800 },
});

/** No delay for any kind: the sandbox's own speed. */
export const NO_LATENCY_PROFILE: LatencyProfile = Object.freeze(
  Object.fromEntries(REQUEST_KINDS.map((kind) => [kind, { medianMs: 0, p95Ms: 0 }])) as LatencyProfile,
);

/** What a sandbox can be told: a named profile or a custom one. */
export type LatencySetting = 'none' | 'twilio' | LatencyProfile;

/** The body of `POST /_sandbox/latency`: a named or custom profile and, optionally, a seed for its draws. */
export const latencyConfigSchema = z.object({
  profile: z.union([z.enum(['none', 'twilio']), latencyProfileSchema], {
    error: 'expected "none", "twilio" or a profile with fetch, list, write, delete and purchase, each {medianMs, p95Ms, maxMs?}',
  }),
  seed: z.number().int().optional(),
});

// A SID (`PN` + 32 hex), a country code, a phone number or a Studio revision: a path ending in one names one thing.
const ONE_THING = /^(?:[A-Z]{2}[0-9a-fA-F]{32}|[A-Z]{2}|(?:%2B|\+)?\d+|Latest\w+|Context)$/;
const PURCHASE = /\/IncomingPhoneNumbers(?:\/(?:Local|TollFree|Mobile))?(?:\.json)?$/;

/** Which kind of request a method and path are, e.g. `POST …/IncomingPhoneNumbers.json` is a `purchase`. */
export function classifyRequest(method: string, path: string): RequestKind {
  switch (method.toUpperCase()) {
    case 'DELETE':
      return 'delete';
    case 'POST':
      return PURCHASE.test(path) ? 'purchase' : 'write';
    default: {
      const last = path.replace(/\.json$/, '').replace(/\/+$/, '').split('/').pop() ?? '';
      return ONE_THING.test(last) ? 'fetch' : 'list';
    }
  }
}

/**
 * One draw from a distribution, in whole milliseconds, given two uniform numbers in [0, 1): never negative, never
 * above the cap. Pure, so the sampler's statistics are tested without timers.
 */
export function sampleLatencyMs(d: LatencyDistribution, u1: number, u2: number): number {
  if (d.medianMs <= 0) return 0;
  const sigma = Math.log(Math.max(d.p95Ms, d.medianMs) / d.medianMs) / Z95;
  // Box–Muller; 1 - u1 is in (0, 1], so the logarithm is finite.
  const z = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  const cap = d.maxMs ?? Math.min(60_000, 3 * d.p95Ms);
  return Math.round(Math.min(cap, d.medianMs * Math.exp(sigma * z)));
}

// Mixed into the sandbox seed so the latency draws are not the fault injector's sequence again: with the same
// numbers, the requests that fail would also be the fast ones.
const LATENCY_SEED_SALT = 0x1a7e_9c5d;

/** The sandbox's current latency profile and its seeded draws, one per request in arrival order. */
export class CarrierLatency {
  private profile: LatencyProfile = NO_LATENCY_PROFILE;
  private name: 'none' | 'twilio' | 'custom' = 'none';
  private random: () => number;
  private draws = 0;

  constructor(private seed: number, setting: LatencySetting = 'none') {
    this.random = seededRandom(seed ^ LATENCY_SEED_SALT);
    this.configure(setting, seed);
  }

  /** Replaces the profile (a custom one is validated here) and restarts the random sequence. */
  configure(setting: LatencySetting, seed = this.seed): void {
    if (setting === 'none' || setting === 'twilio') {
      this.profile = setting === 'none' ? NO_LATENCY_PROFILE : TWILIO_LATENCY_PROFILE;
      this.name = setting;
    } else {
      const parsed = latencyProfileSchema.safeParse(setting);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new Error(`latency.${issue.path.join('.')}: ${issue.message}`);
      }
      this.profile = parsed.data;
      this.name = 'custom';
    }
    this.seed = seed;
    this.random = seededRandom(seed ^ LATENCY_SEED_SALT);
    this.draws = 0;
  }

  /** The active profile, its name, seed and how many delays it has drawn. */
  describe(): { profile: 'none' | 'twilio' | 'custom'; seed: number; draws: number; kinds: LatencyProfile } {
    return { profile: this.name, seed: this.seed, draws: this.draws, kinds: this.profile };
  }

  /** The delay for one request of this kind, in milliseconds. */
  draw(kind: RequestKind): number {
    const d = this.profile[kind];
    if (d.medianMs <= 0) return 0;
    this.draws++;
    return sampleLatencyMs(d, this.random(), this.random());
  }
}

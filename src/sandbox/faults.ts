/**
 * Fault injection: per-route error rates, statuses, 429s with Retry-After and added latency, deterministic under a
 * seed. Other parts of didops use it to prove that nothing is lost or bought twice when the carrier misbehaves.
 */
import { z } from 'zod';

/** One rule; the first rule whose method and path match a request applies. */
export const faultRuleSchema = z.object({
  /** HTTP method to match, or `*`. */
  method: z.string().default('*'),
  /** Path glob relative to the sandbox root, e.g. `/api/2010-04-01/Accounts/*\/IncomingPhoneNumbers*`; `*` matches any run. */
  path: z.string().min(1),
  /** Share of matching requests that fail, 0–1. */
  errorRate: z.number().min(0).max(1).default(0),
  /** Status of an injected failure: 429 or a 5xx. */
  status: z.number().int().min(400).max(599).default(503),
  /** Retry-After seconds sent with an injected failure (always sent with 429). */
  retryAfterSeconds: z.number().int().min(0).max(3600).optional(),
  /** Latency added to every matching request, in milliseconds, before the route does its work. */
  latencyMs: z.number().int().min(0).max(60_000).default(0),
  /**
   * Milliseconds every matching answer is held after the route has done its work (or refused it), injected failure
   * or not: a purchase is already visible while its buyer still waits, so a test can kill the buyer in between.
   */
  responseDelayMs: z.number().int().min(0).max(60_000).default(0),
  /**
   * When the failure happens: `before` answers without doing the work; `after` does the work (a purchase really
   * happens) and then answers with the error, like a gateway timing out on a request that succeeded.
   */
  when: z.enum(['before', 'after']).default('before'),
  /** Stop after this many injected failures (unlimited when absent). */
  maxFailures: z.number().int().min(1).optional(),
}).refine((rule) => !(rule.status === 429 && rule.when === 'after'), {
  // A 429 promises the request was not processed, and clients retry it: injecting one after the work would make a
  // well-behaved client buy twice.
  message: 'a 429 means the request was not processed; use when: "before" (or a 5xx for a failure after the work)',
  path: ['when'],
});

/** A validated fault rule. */
export type FaultRule = z.infer<typeof faultRuleSchema>;

/** A fault rule as written, defaults left out; {@link FaultInjector.configure} fills them in. */
export type FaultRuleInput = z.input<typeof faultRuleSchema>;

/** The rule set sent to `POST /_sandbox/faults`. */
export const faultConfigSchema = z.object({ seed: z.number().int().optional(), rules: z.array(faultRuleSchema) });

/** What the injector decided for one request. */
export interface FaultDecision {
  /** Wait before the route runs. */
  latencyMs: number;
  /** Wait after the route ran, before the answer (success or injected failure) is sent. */
  responseDelayMs: number;
  failure?: { status: number; retryAfterSeconds?: number; when: 'before' | 'after' };
}

/** Small seeded PRNG (mulberry32): the same seed and request sequence give the same faults. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

/** The decision when no rule matches (frozen: callers share it). */
const NO_FAULT: FaultDecision = Object.freeze({ latencyMs: 0, responseDelayMs: 0 });

/** Holds the active rules and decides, request by request, whether to inject a fault. */
export class FaultInjector {
  private rules: { rule: FaultRule; pattern: RegExp; failures: number }[] = [];
  private random: () => number;

  constructor(private seed: number) {
    this.random = seededRandom(seed);
  }

  /**
   * Replaces the rules (and restarts the random sequence, so a test's faults do not depend on earlier tests). Rules are
   * validated here, so one written in code gets the same defaults and refusals as one sent to the control API.
   */
  configure(rules: readonly FaultRuleInput[], seed = this.seed): void {
    const parsed = rules.map((rule) => faultRuleSchema.parse(rule));
    this.seed = seed;
    this.random = seededRandom(seed);
    this.rules = parsed.map((rule) => ({ rule, pattern: globToRegExp(rule.path), failures: 0 }));
  }

  /** The active rules and how many failures each has injected. */
  describe(): { rules: (FaultRule & { injected: number })[]; seed: number } {
    return { seed: this.seed, rules: this.rules.map((r) => ({ ...r.rule, injected: r.failures })) };
  }

  /** Decides for one request. */
  decide(method: string, path: string): FaultDecision {
    if (this.rules.length === 0) return NO_FAULT;
    const entry = this.rules.find(
      (r) => (r.rule.method === '*' || r.rule.method.toUpperCase() === method.toUpperCase()) && r.pattern.test(path),
    );
    if (!entry) return NO_FAULT;
    const { rule } = entry;
    const delays = { latencyMs: rule.latencyMs, responseDelayMs: rule.responseDelayMs };
    const exhausted = rule.maxFailures !== undefined && entry.failures >= rule.maxFailures;
    if (!exhausted && rule.errorRate > 0 && this.random() < rule.errorRate) {
      entry.failures++;
      const retryAfterSeconds = rule.retryAfterSeconds ?? (rule.status === 429 ? 1 : undefined);
      return { ...delays, failure: { status: rule.status, retryAfterSeconds, when: rule.when } };
    }
    return delays;
  }
}

/**
 * Paces API requests as a real carrier does: each takes one of its account's concurrency slots (or is refused with a
 * 429 before any work) and is answered only after a latency drawn from the profile. Each is counted by kind
 * (request-tally.ts). Shared by every sub-app; the control API is not behind it, so it is never paced or refused.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { SandboxContext } from '../context';
import { classifyRequest, type RequestKind } from '../latency';
import { holdAnswer } from './hold-answer';
import { wirePath } from './node-request';
import { Refusal, type RenderRefusal } from './refusal';

/** What pacing needs to know of a sub-app. */
export interface PaceOptions {
  /** Renders a concurrency refusal in the sub-app's error shape. */
  renderRefusal: RenderRefusal;
  /** The request kind for latency and the tally (default: {@link classifyRequest}, written for REST paths). */
  classify?: (method: string, path: string) => RequestKind;
  /** The account whose concurrency slots the requests take (default: the Twilio account, `ctx.accountSid`). */
  account?: string;
}

/** Waits `ms` unless the client hangs up first. */
function hold(c: Context, ms: number): Promise<void> {
  // The signal is asked for only when there is a wait (it makes the node adapter build a full Request), and before
  // the wait, because the adapter reports a hang-up only to a signal that exists by then.
  return ms > 0 ? holdAnswer(ms, c.req.raw.signal) : Promise.resolve();
}

/**
 * The middleware; it runs after authentication and before anything reads the body. The slot is given back in a
 * `finally`, so a request that fails, meets an injected fault or loses its client still frees it.
 */
export function paceLikeCarrier(ctx: SandboxContext, options: PaceOptions): MiddlewareHandler {
  const classify = options.classify ?? classifyRequest;
  const account = options.account ?? ctx.accountSid;
  return async (c, next) => {
    const kind = classify(c.req.method, wirePath(c));
    ctx.requests.count(kind);
    // Each API serves one account, the one authentication just accepted; the limiter counts per account, as carriers
    // do, so the Twilio and Telnyx accounts have their own slots (and subaccounts will, when the sandbox learns them).
    let release: () => void;
    try {
      release = ctx.concurrency.admit(account);
    } catch (refusal) {
      if (!(refusal instanceof Refusal)) throw refusal;
      // A 429 crosses the same network as any answer, so it is not instant either; a fetch's latency stands in for
      // it. It holds no slot meanwhile: the carrier does no work for it.
      await hold(c, ctx.latency.draw('fetch'));
      return options.renderRefusal(refusal);
    }
    try {
      await hold(c, ctx.latency.draw(kind));
      await next();
    } finally {
      release();
    }
  };
}

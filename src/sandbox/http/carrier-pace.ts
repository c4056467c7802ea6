/**
 * Paces Twilio API requests as the real carrier does: each takes one of its account's concurrency slots (or is refused
 * with 20429 before any work) and is answered only after a latency drawn from the profile. Each is counted by kind
 * (request-tally.ts). The control API is exempt from all three.
 */
import type { MiddlewareHandler } from 'hono';
import type { SandboxContext } from '../context';
import { classifyRequest } from '../latency';
import type { SandboxCtx, SandboxEnv } from './hono-env';
import { holdAnswer } from './hold-answer';

/** Waits `ms` unless the client hangs up first. */
function hold(c: SandboxCtx, ms: number): Promise<void> {
  // The signal is asked for only when there is a wait (it makes the node adapter build a full Request), and before
  // the wait, because the adapter reports a hang-up only to a signal that exists by then.
  return ms > 0 ? holdAnswer(ms, c.req.raw.signal) : Promise.resolve();
}

/**
 * The middleware; it runs after authentication and before anything reads the body. The slot is given back in a
 * `finally`, so a request that fails, meets an injected fault or loses its client still frees it.
 */
export function paceLikeTwilio(ctx: SandboxContext): MiddlewareHandler<SandboxEnv> {
  return async (c, next) => {
    const path = new URL(c.req.url).pathname;
    // The control API must stay reachable at any limit, or a test could not lift the limit it set.
    if (path.startsWith('/_sandbox/')) return next();
    const kind = classifyRequest(c.req.method, path);
    ctx.requests.count(kind);
    // The sandbox serves one account, the one authentication just accepted; the limiter still counts per account,
    // as Twilio does, so that subaccounts get their own slots when the sandbox learns them.
    let release: () => void;
    try {
      release = ctx.concurrency.admit(ctx.accountSid);
    } catch (refusal) {
      // A 429 crosses the same network as any answer, so it is not instant either; a fetch's latency stands in for
      // it. It holds no slot meanwhile: Twilio does no work for it.
      await hold(c, ctx.latency.draw('fetch'));
      throw refusal;
    }
    try {
      await hold(c, ctx.latency.draw(kind));
      await next();
    } finally {
      release();
    }
  };
}

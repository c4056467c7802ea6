/**
 * Fault injection as middleware, shared by every sub-app: the rules of `ctx.faults` (matched on the full sandbox
 * path, so one rule set covers every API) add latency, hold answers and fail requests before or after the route's
 * work. Only the failure's body differs between APIs, so the sub-app passes how to render it.
 */
import type { MiddlewareHandler } from 'hono';
import type { SandboxContext } from '../context';
import { holdAnswer } from './hold-answer';
import { wirePath } from './node-request';
import { Refusal, type RenderRefusal } from './refusal';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The middleware; put it after authentication and pacing, so a refused credential never draws a fault. */
export function injectFaults(ctx: SandboxContext, renderRefusal: RenderRefusal): MiddlewareHandler {
  return async (c, next) => {
    const decision = ctx.faults.decide(c.req.method, wirePath(c));
    // No rule matched (always, when none is set): nothing to wait for or fail, so no extra promise on the hot path.
    if (decision.latencyMs === 0 && decision.responseDelayMs === 0 && !decision.failure) return next();
    if (decision.latencyMs > 0) await sleep(decision.latencyMs);
    const failure = decision.failure;
    const injected = () => renderRefusal(new Refusal(failure!.status, 'fault', failure!.retryAfterSeconds));
    // Asked for before the work (and only when needed: it makes the node adapter build a full Request), because the
    // adapter only reports a hang-up to a signal that exists by then.
    const hangUp = decision.responseDelayMs > 0 ? c.req.raw.signal : undefined;
    if (failure?.when === 'before') {
      await holdAnswer(decision.responseDelayMs, hangUp);
      return injected();
    }
    await next();
    if (failure?.when === 'after') c.res = injected();
    await holdAnswer(decision.responseDelayMs, hangUp);
  };
}

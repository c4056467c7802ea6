/**
 * The sandbox's own control API under `/_sandbox` (not part of Twilio's): faults, carrier latency, the concurrency
 * limit, the tally of requests answered and the traffic switch, so tests and demos can script carrier behaviour. JSON in, JSON out,
 * same credentials as the Twilio API.
 */
import { z } from 'zod';
import type { SandboxContext } from '../context';
import { concurrencyConfigSchema } from '../concurrency';
import { faultConfigSchema } from '../faults';
import { latencyConfigSchema } from '../latency';
import type { SandboxApp, SandboxCtx } from '../http/hono-env';
import { TwilioApiError, TwilioErrorCode } from '../http/twilio-error';
import type { TrafficSwitch } from '../traffic';

const liveTrafficSchema = z.object({ callsPerHour: z.number().min(0).max(1_000_000) });
const generateSchema = z.object({
  start: z.iso.datetime(),
  end: z.iso.datetime(),
  callsPerNumberPerDay: z.number().min(0).max(100_000).optional(),
  seed: z.number().int().optional(),
});

async function readJson<T>(c: SandboxCtx, schema: z.ZodType<T>): Promise<T> {
  let body: unknown;
  try {
    body = JSON.parse((await c.req.text()) || '{}');
  } catch {
    throw new TwilioApiError(400, TwilioErrorCode.invalidParameter, 'The body is not JSON');
  }
  const result = schema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new TwilioApiError(400, TwilioErrorCode.invalidParameter, `${issue.path.join('.') || 'body'}: ${issue.message}`);
  }
  return result.data;
}

/** Registers `/_sandbox/*`. */
export function registerAdminRoutes(app: SandboxApp, ctx: SandboxContext, traffic: TrafficSwitch): void {
  app.get('/_sandbox/faults', (c) => c.json(ctx.faults.describe()));
  app.post('/_sandbox/faults', async (c) => {
    const config = await readJson(c, faultConfigSchema);
    ctx.faults.configure(config.rules, config.seed);
    return c.json(ctx.faults.describe());
  });
  app.delete('/_sandbox/faults', (c) => {
    ctx.faults.configure([]);
    return c.body(null, 204);
  });

  app.get('/_sandbox/latency', (c) => c.json(ctx.latency.describe()));
  app.post('/_sandbox/latency', async (c) => {
    const config = await readJson(c, latencyConfigSchema);
    ctx.latency.configure(config.profile, config.seed);
    return c.json(ctx.latency.describe());
  });

  app.get('/_sandbox/concurrency', (c) => c.json(ctx.concurrency.describe()));
  app.post('/_sandbox/concurrency', async (c) => {
    const config = await readJson(c, concurrencyConfigSchema);
    ctx.concurrency.configure(config.limit ?? undefined, config.retryAfterSeconds);
    return c.json(ctx.concurrency.describe());
  });

  app.get('/_sandbox/requests', (c) => c.json(ctx.requests.describe()));
  app.delete('/_sandbox/requests', (c) => {
    ctx.requests.reset();
    return c.body(null, 204);
  });

  app.get('/_sandbox/traffic', (c) => c.json(traffic.status()));
  app.post('/_sandbox/traffic', async (c) => {
    const { callsPerHour } = await readJson(c, liveTrafficSchema);
    traffic.setLive(callsPerHour);
    return c.json(traffic.status());
  });
  app.post('/_sandbox/traffic/generate', async (c) => {
    const w = await readJson(c, generateSchema);
    const start = Date.parse(w.start);
    const end = Date.parse(w.end);
    if (end <= start) throw new TwilioApiError(400, TwilioErrorCode.invalidParameter, 'end: must be after start');
    if (end - start > 400 * 86_400_000) throw new TwilioApiError(400, TwilioErrorCode.invalidParameter, 'end: a window may span at most 400 days');
    const perNumber = ((w.callsPerNumberPerDay ?? 20) * (end - start)) / 86_400_000;
    if (perNumber > 1_000_000) {
      throw new TwilioApiError(400, TwilioErrorCode.invalidParameter,
        `callsPerNumberPerDay: ${w.callsPerNumberPerDay} over ${Math.round((end - start) / 86_400_000)} days is more than 1,000,000 calls per number; lower the rate or split the window`);
    }
    const created = traffic.generate({ start, end, callsPerNumberPerDay: w.callsPerNumberPerDay, seed: w.seed });
    return c.json({ created, ...traffic.status() });
  });
}

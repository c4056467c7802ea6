/**
 * The Telnyx part of the sandbox's control API, at `/_sandbox/telnyx` (not part of Telnyx's API): the order delay,
 * the sandbox-wide webhook URL, the public key that verifies webhooks, and the deliveries made. It accepts either
 * credential (the Telnyx API key as Bearer, or the Twilio account SID and auth token as Basic), so a Telnyx-only user
 * needs nothing else.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { SandboxContext } from '../context';
import { TelnyxApiError, telnyxError, TelnyxErrorCode, telnyxErrorResponse } from './http/telnyx-error';
import { MAX_ORDER_DELAY_MS } from './telnyx-sandbox';

const settingsSchema = z
  .object({
    /** Milliseconds new orders stay pending. */
    orderDelayMs: z.number().int().min(0).max(MAX_ORDER_DELAY_MS).optional(),
    /** Where completion webhooks go (`null` stops sending them). */
    webhookUrl: z.url({ protocol: /^https?$/ }).nullable().optional(),
  })
  .strict();

function authorised(ctx: SandboxContext, header: string | undefined): boolean {
  if (!header) return false;
  const bearer = /^Bearer\s+(.+)$/i.exec(header);
  if (bearer) return bearer[1].trim() === ctx.telnyx.apiKey;
  if (!header.startsWith('Basic ')) return false;
  return Buffer.from(header.slice(6), 'base64').toString('utf8') === `${ctx.accountSid}:${ctx.authToken}`;
}

function describe(ctx: SandboxContext) {
  const t = ctx.telnyx;
  return { baseUrlPath: '/v2', publicKey: t.publicKey, orderDelayMs: t.orderDelayMs, webhookUrl: t.webhookUrl };
}

/** Builds the control sub-app (mounted at `/_sandbox/telnyx`). */
export function createTelnyxControlApp(ctx: SandboxContext): Hono {
  const app = new Hono();
  app.onError((err) => {
    if (err instanceof TelnyxApiError) return telnyxErrorResponse(err);
    console.error(`[sandbox] telnyx control: ${(err as Error).stack ?? err}`);
    return telnyxErrorResponse(telnyxError(500, TelnyxErrorCode.unexpected, 'Internal sandbox error'));
  });
  app.use('*', async (c, next) => {
    if (!authorised(ctx, c.req.header('authorization'))) {
      throw telnyxError(401, TelnyxErrorCode.authentication, 'Send the Telnyx API key as Bearer, or the Twilio account SID and auth token as Basic');
    }
    await next();
  });

  app.get('/', (c) => c.json(describe(ctx)));
  app.post('/', async (c) => {
    let body: unknown;
    try {
      body = JSON.parse((await c.req.text()) || '{}');
    } catch {
      throw telnyxError(400, TelnyxErrorCode.invalidJson, 'The body is not JSON');
    }
    const parsed = settingsSchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw telnyxError(400, TelnyxErrorCode.badRequest, `${issue.path.join('.') || 'body'}: ${issue.message}`, { pointer: `/${issue.path.join('/')}` });
    }
    if (parsed.data.orderDelayMs !== undefined) ctx.telnyx.orderDelayMs = parsed.data.orderDelayMs;
    if (parsed.data.webhookUrl !== undefined) ctx.telnyx.webhookUrl = parsed.data.webhookUrl;
    return c.json(describe(ctx));
  });
  app.get('/webhooks', (c) => c.json({ deliveries: ctx.telnyx.deliveries.list() }));
  return app;
}

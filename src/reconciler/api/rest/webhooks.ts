/**
 * Carriers' call status callbacks: `POST /webhooks/twilio/status` (X-Twilio-Signature) and `POST /webhooks/telnyx`
 * (Ed25519). A verified callback for an ended call only queues an ingest run for that carrier (deduplicated by the
 * ingest job's key): the call's record is then read through the carrier's API like any other, so its key and price
 * are the ones ingest always stores; a callback never writes a call record itself. An unverified one is answered
 * 403 and logged without its body, which may carry numbers and tokens.
 */
import { z } from 'zod';
import { CARRIER_NAMES, type CarrierName, type SignedWebhook } from '../../../carriers/carrier';
import { AuthenticationError, NotFoundError } from '../../../core/errors';
import type { ReconcilerContext } from '../../context';
import { webhookVerifiers } from '../../ingest/webhook-verifiers';
import { ingestJob } from '../../jobs/ingest';
import { addJobWithin } from '../../jobs/queue';
import type { ApiContext } from '../env';
import { defineRoute, type AnyRoute } from './route';

const PATHS: Readonly<Record<CarrierName, string>> = { twilio: '/webhooks/twilio/status', telnyx: '/webhooks/telnyx' };

const BODIES: Readonly<Record<CarrierName, { media: string; schema: z.ZodType }>> = {
  twilio: {
    media: 'application/x-www-form-urlencoded',
    schema: z.object({ CallSid: z.string(), CallStatus: z.string(), AccountSid: z.string() }).catchall(z.string()).meta({ description: "Twilio's status callback parameters" }),
  },
  telnyx: {
    media: 'application/json',
    schema: z.object({ data: z.object({ event_type: z.string(), payload: z.record(z.string(), z.unknown()) }).loose() }).loose().meta({ description: "Telnyx's event envelope" }),
  },
};

/** The webhook routes (no credential: the carrier's signature is the check). */
export function webhookRoutes(context: Pick<ReconcilerContext, 'config' | 'db' | 'logger' | 'metrics'>): AnyRoute[] {
  return CARRIER_NAMES.map((carrier) =>
    defineRoute({
      method: 'POST',
      path: PATHS[carrier],
      operationId: `${carrier}StatusCallback`,
      summary: `${carrier === 'twilio' ? 'Twilio' : 'Telnyx'} call status callback: queues ingest once a call ended`,
      tag: 'webhooks',
      access: 'public',
      body: BODIES[carrier].schema,
      rawBody: BODIES[carrier].media,
      response: { status: 204, description: 'taken (an ingest run is queued when the call ended)' },
      handle: (c) => receive(c, carrier, context),
    }),
  );
}

async function receive(c: ApiContext, carrier: CarrierName, { config, db, logger, metrics }: Pick<ReconcilerContext, 'config' | 'db' | 'logger' | 'metrics'>): Promise<Response> {
  const verifier = webhookVerifiers(config)[carrier];
  if (!verifier) {
    throw new NotFoundError({ summary: `this reconciler takes no ${carrier} webhooks`, detail: carrier === 'twilio' ? 'configure carriers.twilio' : 'configure carriers.telnyx.publicKey (DIDOPS_TELNYX_PUBLIC_KEY)', status: 404 });
  }
  const rawBody = await c.req.text();
  const webhook: SignedWebhook = { url: requestedUrl(c, config.publicUrl), headers: lowerCaseHeaders(c.req.raw.headers), rawBody };
  const verdict = await verifier.verify(webhook);
  if (!verdict.ok) {
    metrics.webhooks.inc({ carrier, outcome: 'refused' });
    logger.warn({ carrier, path: c.req.path, from: c.get('clientAddress'), bytes: Buffer.byteLength(rawBody), reason: verdict.reason }, 'refused a webhook whose signature does not hold');
    throw new AuthenticationError({ summary: `the ${carrier} webhook signature is not valid`, detail: 'the request was not signed by the configured carrier account', status: 403, code: 'forbidden' });
  }
  if (verdict.callback.ended) {
    await addJobWithin(db, ingestJob, { carrier }, { jobKey: `ingest:${carrier}` });
  }
  metrics.webhooks.inc({ carrier, outcome: verdict.callback.ended ? 'ingest_queued' : 'ignored' });
  logger.debug({ carrier, callId: verdict.callback.callId, status: verdict.callback.status }, 'webhook taken');
  return c.body(null, 204);
}

/** The URL the carrier requested: the configured public base (behind a proxy) with this path and query, else our own. */
function requestedUrl(c: ApiContext, publicUrl: string | undefined): string {
  if (!publicUrl) return c.req.url;
  const own = new URL(c.req.url);
  return `${publicUrl.replace(/\/+$/, '')}${own.pathname}${own.search}`;
}

function lowerCaseHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => (out[name.toLowerCase()] = value));
  return out;
}

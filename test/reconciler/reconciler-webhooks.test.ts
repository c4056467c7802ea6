/**
 * Carrier status callbacks over loopback on the real PostgreSQL: a callback signed as Twilio signs it (the twilio
 * SDK's signature) or as Telnyx signs it (the sandbox's Ed25519 webhook delivery) queues one ingest run for that
 * carrier once the call has ended, and writes no call record; a forged, tampered or stale one is refused with 403 and
 * logged without its body.
 */
import twilio from 'twilio';
import { sql } from 'kysely';
import { WebhookDeliveries } from '../../src/sandbox/telnyx/webhook-delivery';
import { WebhookSigner } from '../../src/sandbox/telnyx/webhook-signer';
import type { RunningReconciler } from '../../src/reconciler/service';
import { startTestReconciler, useReconcilerDatabase } from '../support/reconciler-db';

const ACCOUNT_SID = 'AC' + '5'.repeat(32);
const AUTH_TOKEN = 'twilio-auth-token-for-webhooks';
const signer = WebhookSigner.random();

const fresh = useReconcilerDatabase('postgres');
let reconciler: RunningReconciler;
const logLines: string[] = [];

beforeAll(async () => {
  reconciler = await startTestReconciler(
    fresh.target(),
    {
      logLevel: 'warn',
      carriers: { twilio: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }, telnyx: { apiKey: 'KEYtest', publicKey: signer.publicKeyBase64 } },
    },
    { jobs: false, logDestination: { write: (line: string) => void logLines.push(line) } },
  );
});
afterAll(async () => {
  await reconciler?.stop();
});

async function queuedIngests(): Promise<{ payload: unknown; key: string | null }[]> {
  const rows = await sql<{ payload: unknown; key: string | null }>`select j.payload, j.key from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = 'ingest' order by j.id`.execute(reconciler.context.db);
  return rows.rows;
}

function twilioCallback(params: Record<string, string>, url = `${reconciler.url}/webhooks/twilio/status`, signedUrl = url) {
  const body = new URLSearchParams(params).toString();
  const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, signedUrl, params);
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, body });
}

const completed = { AccountSid: ACCOUNT_SID, CallSid: 'CA' + '7'.repeat(32), CallStatus: 'completed', From: '+442079460000', To: '+14155550100', CallDuration: '42' };

describe('Twilio', () => {
  test('a signed callback for an ended call queues one ingest run of Twilio, however many arrive, and stores no call', async () => {
    expect((await twilioCallback(completed)).status).toBe(204);
    expect((await twilioCallback({ ...completed, CallSid: 'CA' + '8'.repeat(32) })).status).toBe(204);
    expect(await queuedIngests()).toEqual([{ payload: { carrier: 'twilio' }, key: 'ingest:twilio' }]);
    expect(await reconciler.context.db.selectFrom('call_records').select('carrier').execute()).toEqual([]);
  });

  test('a callback for a call still ringing is taken and queues nothing new', async () => {
    await sql`select graphile_worker.remove_job('ingest:twilio')`.execute(reconciler.context.db);
    expect((await twilioCallback({ ...completed, CallStatus: 'ringing' })).status).toBe(204);
    expect(await queuedIngests()).toEqual([]);
  });

  test('a forged or tampered callback is refused with 403, and the log names the reason but not the body', async () => {
    const forged = await fetch(`${reconciler.url}/webhooks/twilio/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'bm90IGEgc2lnbmF0dXJl' },
      body: new URLSearchParams(completed).toString(),
    });
    expect(forged.status).toBe(403);
    expect(await forged.json()).toEqual({ error: { code: 'forbidden', message: 'the twilio webhook signature is not valid; the request was not signed by the configured carrier account' } });
    const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${reconciler.url}/webhooks/twilio/status`, completed);
    const tampered = await fetch(`${reconciler.url}/webhooks/twilio/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      body: new URLSearchParams({ ...completed, CallDuration: '4200' }).toString(),
    });
    expect(tampered.status).toBe(403);
    const refusals = logLines.filter((l) => l.includes('refused a webhook'));
    expect(refusals).toHaveLength(2);
    for (const line of refusals) {
      expect(JSON.parse(line)).toMatchObject({ carrier: 'twilio', path: '/webhooks/twilio/status', reason: expect.stringContaining('X-Twilio-Signature') });
      expect(line).not.toContain(completed.From);
      expect(line).not.toContain(completed.CallSid);
    }
  });

  test('behind a proxy the signature is checked against the configured public URL, as Twilio requested it', async () => {
    const behind = await startTestReconciler(
      fresh.target(),
      { publicUrl: 'https://reconciler.example.com/didops', carriers: { twilio: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN } } },
      { jobs: false },
    );
    try {
      const local = `${behind.url}/webhooks/twilio/status?source=studio`;
      expect((await twilioCallback(completed, local, 'https://reconciler.example.com/didops/webhooks/twilio/status?source=studio')).status).toBe(204);
      expect((await twilioCallback(completed, local, local)).status).toBe(403);
      expect((await fetch(`${behind.url}/webhooks/telnyx`, { method: 'POST', body: '{}' })).status).toBe(404);
    } finally {
      await behind.stop();
    }
  });
});

describe('Telnyx', () => {
  test('a call.hangup event delivered and signed by the sandbox queues an ingest run of Telnyx; other events queue nothing', async () => {
    const deliveries = new WebhookDeliveries(signer);
    await sql`select graphile_worker.remove_job('ingest:telnyx')`.execute(reconciler.context.db);
    await deliveries.send(`${reconciler.url}/webhooks/telnyx`, 'call.answered', { call_leg_id: 'leg-1', from: '+442079460000', to: '+13125550122' }, new Date().toISOString());
    expect((await queuedIngests()).filter((j) => (j.payload as { carrier: string }).carrier === 'telnyx')).toEqual([]);
    await deliveries.send(`${reconciler.url}/webhooks/telnyx`, 'call.hangup', { call_leg_id: 'leg-1', from: '+442079460000', to: '+13125550122' }, new Date().toISOString());
    expect(deliveries.list().map((d) => [d.event_type, d.status])).toEqual([
      ['call.answered', 204],
      ['call.hangup', 204],
    ]);
    expect((await queuedIngests()).filter((j) => (j.payload as { carrier: string }).carrier === 'telnyx')).toEqual([{ payload: { carrier: 'telnyx' }, key: 'ingest:telnyx' }]);
  });

  test('a tampered body, another key\'s signature or a stale timestamp is refused with 403', async () => {
    const body = JSON.stringify({ data: { event_type: 'call.hangup', payload: { call_leg_id: 'leg-2' } } });
    const now = Math.floor(Date.now() / 1000);
    const post = (headers: object, text = body) => fetch(`${reconciler.url}/webhooks/telnyx`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: text });
    expect((await post(signer.sign(body, now))).status).toBe(204);
    expect((await post(signer.sign(body, now), body.replace('leg-2', 'leg-3'))).status).toBe(403);
    expect((await post(WebhookSigner.random().sign(body, now))).status).toBe(403);
    expect((await post(signer.sign(body, now - 3600))).status).toBe(403);
    expect((await post({})).status).toBe(403);
  });
});

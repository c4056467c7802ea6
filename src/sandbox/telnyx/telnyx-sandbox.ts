/**
 * The Telnyx side of one sandbox: the API key it accepts, the account its numbers belong to, its repositories, the
 * webhook signing key and the order settings the control API changes at run time.
 */
import type { SqliteDatabase } from '../store/database';
import type { NumbersRepository } from '../store/numbers-repository';
import { TelnyxCdrRepository } from '../store/telnyx-cdr-repository';
import { TelnyxDocumentsRepository, type SipConnectionTable } from '../store/telnyx-documents-repository';
import { TelnyxNumbersRepository } from '../store/telnyx-numbers-repository';
import { TelnyxOrdersRepository } from '../store/telnyx-orders-repository';
import { ensureTelnyxTables, readTelnyxMeta, writeTelnyxMeta } from '../store/telnyx-schema';
import { OrderFulfilment } from './order-fulfilment';
import type { SipConnectionKind } from './sip-connection-settings';
import { WebhookDeliveries } from './webhook-delivery';
import { WebhookSigner } from './webhook-signer';

/** API key the sandbox accepts unless told otherwise (Telnyx keys start with `KEY`). */
export const DEFAULT_TELNYX_API_KEY = 'KEYsandbox_didops_telnyx_api_key';
/** The Telnyx account's id where the shared tables need one (ownership, calls); a UUID, as Telnyx user ids are. */
export const TELNYX_ACCOUNT_ID = 'd1d0b5a5-7e1e-4a5e-8000-000000000001';
/** How long an order stays pending unless told otherwise. */
export const DEFAULT_ORDER_DELAY_MS = 2000;
/** The longest order delay the sandbox accepts (an hour). */
export const MAX_ORDER_DELAY_MS = 3_600_000;

const SIP_CONNECTION_TABLE: Readonly<Record<SipConnectionKind, SipConnectionTable>> = {
  credential: 'telnyx_credential_connections', fqdn: 'telnyx_fqdn_connections', ip: 'telnyx_ip_connections',
};

/** Telnyx settings of a sandbox. */
export interface TelnyxOptions {
  /** API key accepted as `Authorization: Bearer <key>` (default {@link DEFAULT_TELNYX_API_KEY}). */
  apiKey?: string;
  /** Milliseconds a number order stays pending (default 2000). */
  orderDelayMs?: number;
  /** Where `number_order.complete` webhooks go when an order names no URL of its own. */
  webhookUrl?: string;
  /**
   * Seed of the webhook signing key, for a public key that is the same everywhere. Without it the data dir keeps the
   * key it generated the first time, so a configured receiver keeps verifying across restarts.
   */
  webhookKeySeed?: string;
}

/** The Telnyx API's state in one sandbox. */
export class TelnyxSandbox {
  readonly apiKey: string;
  readonly accountId = TELNYX_ACCOUNT_ID;
  readonly signer: WebhookSigner;
  readonly deliveries: WebhookDeliveries;
  readonly phoneNumbers: TelnyxNumbersRepository;
  readonly orders: TelnyxOrdersRepository;
  readonly addresses: TelnyxDocumentsRepository;
  readonly applications: TelnyxDocumentsRepository;
  /** SIP connections by kind. */
  readonly sipConnections: Readonly<Record<SipConnectionKind, TelnyxDocumentsRepository>>;
  readonly cdrs: TelnyxCdrRepository;
  readonly fulfilment: OrderFulfilment;
  /** Milliseconds a new order stays pending; `POST /_sandbox/telnyx/orders` changes it. */
  orderDelayMs: number;
  /** The sandbox-wide webhook URL; `POST /_sandbox/telnyx/webhook` changes it. */
  webhookUrl: string | null;

  constructor(db: SqliteDatabase, inventory: NumbersRepository, now: () => number, options: TelnyxOptions = {}) {
    this.apiKey = options.apiKey ?? DEFAULT_TELNYX_API_KEY;
    if (!/^[\x21-\x7e]{8,200}$/.test(this.apiKey)) throw new Error('telnyx API key: 8-200 printable characters without spaces');
    this.orderDelayMs = checkOrderDelay(options.orderDelayMs ?? DEFAULT_ORDER_DELAY_MS);
    this.webhookUrl = options.webhookUrl ?? null;
    ensureTelnyxTables(db);
    this.signer = options.webhookKeySeed !== undefined ? WebhookSigner.fromSeed(options.webhookKeySeed) : persistedSigner(db);
    this.deliveries = new WebhookDeliveries(this.signer);
    this.phoneNumbers = new TelnyxNumbersRepository(db, this.accountId);
    this.orders = new TelnyxOrdersRepository(db);
    this.addresses = new TelnyxDocumentsRepository(db, 'telnyx_addresses');
    this.applications = new TelnyxDocumentsRepository(db, 'telnyx_call_control_applications');
    this.sipConnections = {
      credential: new TelnyxDocumentsRepository(db, SIP_CONNECTION_TABLE.credential),
      fqdn: new TelnyxDocumentsRepository(db, SIP_CONNECTION_TABLE.fqdn),
      ip: new TelnyxDocumentsRepository(db, SIP_CONNECTION_TABLE.ip),
    };
    this.cdrs = new TelnyxCdrRepository(db, this.accountId);
    this.fulfilment = new OrderFulfilment({
      db, inventory, phoneNumbers: this.phoneNumbers, orders: this.orders, deliveries: this.deliveries, now,
      orderDelayMs: () => this.orderDelayMs, webhookUrl: () => this.webhookUrl,
    });
    this.fulfilment.resume();
  }

  /** The public key that verifies the sandbox's webhooks: base64 of the raw Ed25519 key, as Telnyx's portal shows it. */
  get publicKey(): string {
    return this.signer.publicKeyBase64;
  }

  /** Stops timers and lets webhook deliveries under way finish. */
  async stop(): Promise<void> {
    this.fulfilment.stop();
    await this.deliveries.drain();
  }
}

/** Validates an order delay. */
export function checkOrderDelay(ms: number): number {
  if (!Number.isInteger(ms) || ms < 0 || ms > MAX_ORDER_DELAY_MS) {
    throw new Error(`telnyx order delay: ${ms} is not a whole number of milliseconds between 0 and ${MAX_ORDER_DELAY_MS}`);
  }
  return ms;
}

function persistedSigner(db: SqliteDatabase): WebhookSigner {
  const stored = readTelnyxMeta(db, 'webhook_key_seed');
  if (stored) return new WebhookSigner(Buffer.from(stored, 'base64'));
  const signer = WebhookSigner.random();
  writeTelnyxMeta(db, 'webhook_key_seed', signer.seed.toString('base64'));
  return signer;
}

/**
 * Telnyx's phone numbers as the carrier port's owned numbers. The ownership marker is real metadata here: the number
 * order and the numbers it provisions carry `customer_reference: didops:<tag>` (customer-reference.ts).
 *
 * A purchase is search → order → wait → configure: Telnyx orders only numbers a search returned, the order settles
 * asynchronously (number-orders.ts), and emergency calling is a separate action. The connection (trunk or voice
 * application) rides on the order itself, so a number never takes calls somewhere unintended, even for a moment.
 * A run that dies anywhere after the order leaves a tagged order or number, which `tagged` finds and finishes.
 */
import type { NumbersPhoneNumberDetailed, PhoneNumberUpdateParams } from 'telnyx/resources/phone-numbers/phone-numbers';
import { CarrierError, NotFoundError, UnavailableError } from '../../core/errors';
import { withRetry } from '../../core/retry';
import type { NumberSettings, OwnedNumber, OwnedNumbers, PurchaseOptions } from '../carrier';
import type { TelnyxAvailableNumbers } from './available-numbers';
import type { TelnyxClient } from './client';
import { referenceOf } from './customer-reference';
import { fromTelnyxError } from './errors';
import type { OrderClock, TelnyxNumberOrders } from './number-orders';
import { connectionPlan, ownedFromTelnyx, refuseUnsupported, type ConnectionPlan } from './number-settings';
import type { TelnyxVoiceConnections, VoiceWebhooks } from './voice-connections';

/** Largest page Telnyx serves for phone numbers. */
const PAGE_SIZE = 250;

/** Telnyx keeps a released number visible for a while with this status; for didops it is gone. */
const GONE_STATUSES: ReadonlySet<string> = new Set(['deleted', 'purchase-failed', 'ported-out']);

/** The parts owned numbers work with. */
export interface TelnyxOwnedNumbersParts {
  client: TelnyxClient;
  available: TelnyxAvailableNumbers;
  orders: TelnyxNumberOrders;
  connections: TelnyxVoiceConnections;
  clock: OrderClock;
}

/** The account's owned numbers, through the official SDK. */
export class TelnyxOwnedNumbers implements OwnedNumbers {
  private readonly client: TelnyxClient;

  constructor(private readonly parts: TelnyxOwnedNumbersParts) {
    this.client = parts.client;
  }

  async fetch(id: string): Promise<OwnedNumber | undefined> {
    const raw = await this.retrieve(id, `read number ${id}`);
    return raw ? this.describe([raw]).then(([n]) => n) : undefined;
  }

  async list(digits?: string): Promise<OwnedNumber[]> {
    return this.describe(await this.scan({ digits }, 'list the account’s numbers'));
  }

  /**
   * Numbers bought for `tag`. The tag's pending orders are waited for first (progress told to `options`), so a run
   * killed mid-order adopts that order's number now and orders nothing twice.
   */
  async tagged(tag: string, digits?: string, options: PurchaseOptions = {}): Promise<OwnedNumber[]> {
    for (const order of await this.parts.orders.pendingFor(tag)) {
      for (const { e164 } of order.numbers) {
        try {
          await this.parts.orders.settle(order, e164, options);
        } catch (err) {
          // A failed order bought nothing: there is nothing to adopt, and the caller may buy afresh.
          if (!(err instanceof UnavailableError)) throw err;
        }
      }
    }
    return this.describe(await this.scan({ digits, customerReference: referenceOf(tag) }, `list the numbers of didops tag ${tag}`));
  }

  async purchase(e164: string, settings: NumberSettings, options: PurchaseOptions = {}): Promise<OwnedNumber> {
    // Refusals and routing come first: nothing is bought for settings Telnyx could not hold.
    refuseUnsupported(settings);
    const plan = connectionPlan(settings, { connectionId: null });
    const offered = await this.parts.available.find(e164);
    if (!offered) {
      throw new UnavailableError({
        summary: `Telnyx does not offer ${e164} now`,
        detail: 'another customer probably took it, or it was never for sale; search again (didops search) and pick another number',
        field: 'number',
        source: 'telnyx',
      });
    }
    const connectionId = await this.connectionFor(plan);
    const order = await this.parts.orders.place(e164, settings.tag, connectionId);
    options.onProgress?.({ e164, status: 'ordered', waitedMs: 0, orderId: order.id });
    await this.parts.orders.settle(order, e164, options);
    const bought = await this.provisioned(e164, order.id);
    // The order gave the number its reference and connection; anything Telnyx did not carry over is set now.
    return this.configure(bought, { ...settings, voice: undefined, trunk: undefined }, `configure ${e164}`, connectionId, plan);
  }

  async update(id: string, settings: NumberSettings, operation: string): Promise<OwnedNumber> {
    refuseUnsupported(settings);
    const raw = await this.retrieve(id, operation);
    if (!raw) {
      throw new NotFoundError({ summary: `${operation}: Telnyx number ${id} does not exist`, detail: 'it was probably released outside didops; run a refresh', field: 'number', source: 'telnyx' });
    }
    const voice = raw.connection_id ? await this.parts.connections.webhooksOf(raw.connection_id) : undefined;
    const plan = connectionPlan(settings, { connectionId: raw.connection_id || null, voice });
    const connectionId = plan.kind === 'keep' ? undefined : ((await this.connectionFor(plan)) ?? '');
    return this.configure(raw, settings, operation, connectionId, plan);
  }

  async release(id: string, e164: string): Promise<boolean> {
    try {
      await this.client.phoneNumbers.delete(id);
      return true;
    } catch (err) {
      const error = fromTelnyxError(err, { operation: `release ${e164}` });
      if (error instanceof NotFoundError) return false;
      throw error;
    }
  }

  /** The connection id a plan puts the number on: undefined to keep, '' to clear. */
  private async connectionFor(plan: ConnectionPlan): Promise<string | undefined> {
    if (plan.kind === 'trunk') return plan.connectionId;
    if (plan.kind === 'voice') return this.parts.connections.ensure(plan.webhooks);
    if (plan.kind === 'clear') return '';
    return undefined;
  }

  /**
   * Writes reference, connection and emergency settings that differ from `raw`, then reads the number back.
   * `connectionId`: the connection wanted (undefined leaves it, '' clears it).
   */
  private async configure(raw: NumbersPhoneNumberDetailed, settings: NumberSettings, operation: string, connectionId: string | undefined, plan?: ConnectionPlan): Promise<OwnedNumber> {
    const patch: PhoneNumberUpdateParams = {};
    if (settings.tag !== undefined) {
      const reference = settings.tag ? referenceOf(settings.tag) : '';
      if ((raw.customer_reference ?? '') !== reference) patch.customer_reference = reference;
    }
    if (connectionId !== undefined && (raw.connection_id ?? '') !== connectionId) patch.connection_id = connectionId;
    if (Object.keys(patch).length > 0) {
      try {
        // PATCH sets values, so the HTTP layer repeats it after a 5xx like a GET.
        await this.client.phoneNumbers.update(raw.id, patch);
      } catch (err) {
        throw fromTelnyxError(err, { operation, fieldOf: { connection_id: plan?.kind === 'voice' ? 'voice' : 'trunk' } });
      }
    }
    if (settings.emergencyAddress !== undefined) await this.setEmergency(raw, settings.emergencyAddress, operation);
    const fresh = await this.retrieve(raw.id, operation);
    if (!fresh) throw new NotFoundError({ summary: `${operation}: Telnyx number ${raw.id} disappeared while being configured`, field: 'number', source: 'telnyx' });
    return (await this.describe([fresh]))[0];
  }

  /** Registers the number at an emergency address (or deregisters it with `''`); a no-op when already so. */
  private async setEmergency(raw: NumbersPhoneNumberDetailed, addressId: string, operation: string): Promise<void> {
    const current = raw.emergency_enabled ? (raw.emergency_address_id ?? '') : '';
    if (current === addressId) return;
    const body = addressId ? { emergency_address_id: addressId, emergency_enabled: true } : { emergency_address_id: current, emergency_enabled: false };
    try {
      // The action sets a state, so repeating it after a 5xx is harmless, though it is a POST.
      await withRetry(() => this.client.phoneNumbers.actions.enableEmergency(raw.id, body), { idempotent: true, method: 'POST', sleep: (ms) => this.parts.clock.sleep(ms) });
    } catch (err) {
      throw fromTelnyxError(err, { operation, field: 'emergencyAddress' });
    }
  }

  /** The number an order provisioned; Telnyx may list it a moment after the order settles. */
  private async provisioned(e164: string, orderId: string): Promise<NumbersPhoneNumberDetailed> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const [found] = (await this.scan({ digits: e164 }, `read ${e164}`)).filter((n) => n.phone_number === e164);
      if (found) return found;
      await this.parts.clock.sleep(500 * 2 ** attempt);
    }
    // Bought, but not listed yet: an answer lost, not a number unavailable (which would send the caller on to buy
    // another). The caller looks for it by its tag, which also finds it through the order.
    throw new CarrierError({
      summary: `Telnyx number order ${orderId} succeeded but ${e164} is not among the account's numbers yet`,
      detail: 'run again: didops finds the number by its ownership tag (and its order) once Telnyx lists it, and buys nothing else',
      field: 'number',
      source: 'telnyx',
      retryable: true,
    });
  }

  private async retrieve(id: string, operation: string): Promise<NumbersPhoneNumberDetailed | undefined> {
    try {
      const n = (await this.client.phoneNumbers.retrieve(id)).data;
      return n && !GONE_STATUSES.has(n.status) ? n : undefined;
    } catch (err) {
      const error = fromTelnyxError(err, { operation });
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  /** Every number matching the filters, all pages. `digits` is also checked here (Telnyx needs at least three). */
  private async scan(filter: { digits?: string; customerReference?: string }, operation: string): Promise<NumbersPhoneNumberDetailed[]> {
    const digits = filter.digits?.replace(/^\+/, '');
    const out: NumbersPhoneNumberDetailed[] = [];
    try {
      const query = {
        ...(digits && digits.length >= 3 ? { phone_number: digits } : {}),
        ...(filter.customerReference ? { customer_reference: filter.customerReference } : {}),
      };
      for await (const n of this.client.phoneNumbers.list({ filter: query, 'page[size]': PAGE_SIZE })) {
        if (GONE_STATUSES.has(n.status)) continue;
        if (digits && !n.phone_number.includes(digits)) continue;
        if (filter.customerReference && n.customer_reference !== filter.customerReference) continue;
        out.push(n);
      }
    } catch (err) {
      throw fromTelnyxError(err, { operation });
    }
    return out;
  }

  /** Numbers in the port's terms, reading each distinct connection once to tell voice applications from trunks. */
  private async describe(numbers: NumbersPhoneNumberDetailed[]): Promise<OwnedNumber[]> {
    const webhooks = new Map<string, Promise<VoiceWebhooks | undefined>>();
    return Promise.all(
      numbers.map(async (n) => {
        let voice: VoiceWebhooks | undefined;
        if (n.connection_id) {
          if (!webhooks.has(n.connection_id)) webhooks.set(n.connection_id, this.parts.connections.webhooksOf(n.connection_id));
          voice = await webhooks.get(n.connection_id);
        }
        return ownedFromTelnyx(n, voice);
      }),
    );
  }
}

/**
 * Payment methods: created from a test token, a test card number or a US bank account; attached to and detached from
 * customers. A test token used where a payment method is expected (`payment_method=pm_card_visa` on a payment intent,
 * attach of `pm_card_visa`) makes a fresh payment method each time, as Stripe does.
 */
import type { SandboxContext } from '../../context';
import { newStripeId } from '../ids';
import { applyMetadata, type StripeParams } from '../http/params';
import { cardError, invalidParam, invalidRequest, resourceMissing, StripeApiError } from '../http/stripe-error';
import type { StripeObject } from '../store/stripe-objects-repository';
import { emptyAddress, readAddress, type StripeAddress } from './addresses';
import { kindName } from './lookup';
import {
  bankAccountOutcome, cardOfNumber, fingerprintOf, isPaymentMethodToken, outcomeOfFingerprint, testCardOfToken,
  TEST_BANK_ACCOUNT_NUMBER, TEST_ROUTING_NUMBER, type PaymentOutcome, type TestCard,
} from './test-payment-methods';

/** Billing details of a payment method. */
export interface BillingDetails {
  address: StripeAddress;
  email: string | null;
  name: string | null;
  phone: string | null;
  tax_id: string | null;
}

/** A payment method as served. */
export interface StripePaymentMethod extends StripeObject {
  object: 'payment_method';
  type: 'card' | 'us_bank_account';
  customer: string | null;
  billing_details: BillingDetails;
  metadata: Record<string, string>;
  card?: {
    brand: string;
    last4: string;
    fingerprint: string;
    funding: string;
    country: string;
    exp_month: number;
    exp_year: number;
    wallet: { type: string; dynamic_last4: string | null } | null;
    [field: string]: unknown;
  };
  us_bank_account?: { fingerprint: string; last4: string; routing_number: string; [field: string]: unknown };
}

/** The outcome of using a payment method (test-payment-methods.ts). */
export function paymentOutcomeOf(pm: StripePaymentMethod): PaymentOutcome {
  return outcomeOfFingerprint(pm.card?.fingerprint ?? pm.us_bank_account?.fingerprint);
}

function emptyBillingDetails(): BillingDetails {
  return { address: emptyAddress(), email: null, name: null, phone: null, tax_id: null };
}

function cardDetails(card: TestCard, expMonth: number, expYear: number) {
  const last4 = card.number.slice(-4);
  return {
    brand: card.brand,
    checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
    country: card.country,
    display_brand: card.brand === 'amex' ? 'american_express' : card.brand,
    exp_month: expMonth,
    exp_year: expYear,
    fingerprint: fingerprintOf(card.number, card.wallet),
    funding: card.funding,
    generated_from: null,
    last4,
    networks: { available: [card.brand], preferred: null },
    regulated_status: 'unregulated',
    three_d_secure_usage: { supported: true },
    wallet: card.wallet ? { [card.wallet]: {}, dynamic_last4: last4, type: card.wallet } : null,
  };
}

function bankDetails(routing: string, account: string, holderType: string, accountType: string) {
  return {
    account_holder_type: holderType,
    account_type: accountType,
    bank_name: 'STRIPE TEST BANK',
    financial_connections_account: null,
    fingerprint: fingerprintOf(`${routing}/${account}`),
    last4: account.slice(-4),
    networks: { preferred: 'ach', supported: ['ach'] },
    routing_number: routing,
    status_details: null,
  };
}

/** A new, unattached payment method document (not stored). */
function newPaymentMethod(ctx: SandboxContext, type: StripePaymentMethod['type'], details: Pick<StripePaymentMethod, 'card' | 'us_bank_account'>): StripePaymentMethod {
  return {
    id: newStripeId('pm'),
    object: 'payment_method',
    allow_redisplay: 'unspecified',
    billing_details: emptyBillingDetails(),
    created: ctx.stripe.timeOf(),
    customer: null,
    livemode: false,
    metadata: {},
    type,
    ...details,
  };
}

/** The expiry of test tokens: December, three years after the sandbox's current year. */
function tokenExpiry(ctx: SandboxContext): { month: number; year: number } {
  return { month: 12, year: new Date(ctx.now()).getUTCFullYear() + 3 };
}

/** Makes and stores a fresh payment method from a test token (`pm_card_visa`, `tok_visa`, `pm_usBankAccount`). */
function fromToken(ctx: SandboxContext, token: string, param?: string): StripePaymentMethod {
  if (token === 'pm_usBankAccount') {
    return ctx.stripe.store.insert(newPaymentMethod(ctx, 'us_bank_account', { us_bank_account: bankDetails(TEST_ROUTING_NUMBER, TEST_BANK_ACCOUNT_NUMBER, 'individual', 'checking') }));
  }
  const card = testCardOfToken(token);
  if (!card) throw resourceMissing(kindName('payment_method'), token, param);
  const expiry = tokenExpiry(ctx);
  return ctx.stripe.store.insert(newPaymentMethod(ctx, 'card', { card: cardDetails(card, expiry.month, expiry.year) }));
}

/**
 * The payment method an id names: a stored one, or a fresh one made from a test token. An unknown id is Stripe's
 * resource_missing: on `param` when a parameter named it, a 404 when the URL did (no `param`).
 */
export function resolvePaymentMethod(ctx: SandboxContext, id: string, param?: string): StripePaymentMethod {
  if (isPaymentMethodToken(id)) return fromToken(ctx, id, param);
  const pm = ctx.stripe.store.get<StripePaymentMethod>('payment_method', id);
  if (!pm) throw resourceMissing(kindName('payment_method'), id, param);
  return pm;
}

function readBillingDetails(params: StripeParams, current: BillingDetails): BillingDetails | undefined {
  const nested = params.object('billing_details', { allowed: ['address', 'email', 'name', 'phone', 'tax_id'] });
  if (!nested) return undefined;
  const next = { ...current };
  const address = readAddress(nested, 'address', current.address);
  if (address !== undefined) next.address = address ?? emptyAddress();
  for (const field of ['email', 'name', 'phone', 'tax_id'] as const) {
    const value = nested.nullableString(field, { maxLength: 800 });
    if (value !== undefined) next[field] = value;
  }
  return next;
}

/** `POST /v1/payment_methods`: a card (token or number) or a US bank account. */
export function createPaymentMethod(ctx: SandboxContext, params: StripeParams): StripePaymentMethod {
  params.allowOnly(['type', 'card', 'us_bank_account', 'billing_details', 'metadata', 'allow_redisplay', 'customer', 'payment_method']);
  const type = params.oneOf('type', ['card', 'us_bank_account'] as const, { required: !params.has('payment_method') });
  let pm: StripePaymentMethod;
  if (type === 'us_bank_account') {
    const bank = params.object('us_bank_account', { required: true, allowed: ['account_holder_type', 'account_number', 'account_type', 'routing_number', 'financial_connections_account'] })!;
    const holder = bank.oneOf('account_holder_type', ['individual', 'company'] as const) ?? 'individual';
    const accountType = bank.oneOf('account_type', ['checking', 'savings'] as const) ?? 'checking';
    const routing = bank.requiredString('routing_number', { maxLength: 20 });
    const account = bank.requiredString('account_number', { maxLength: 30 });
    if (!/^\d{9}$/.test(routing)) throw invalidParam(bank.name('routing_number'), `Invalid routing number: ${routing.slice(0, 20)}. A US routing number has 9 digits; in test mode use ${TEST_ROUTING_NUMBER}.`, 'routing_number_invalid');
    if (bankAccountOutcome(routing, account) === undefined) {
      throw invalidParam(bank.name('account_number'), `Invalid test bank account: in test mode use routing number ${TEST_ROUTING_NUMBER} with account ${TEST_BANK_ACCOUNT_NUMBER} (succeeds) or 000222222227 (insufficient funds).`, 'account_number_invalid');
    }
    pm = newPaymentMethod(ctx, 'us_bank_account', { us_bank_account: bankDetails(routing, account, holder, accountType) });
  } else {
    const card = params.object('card', { required: true, allowed: ['number', 'exp_month', 'exp_year', 'cvc', 'token', 'networks'] })!;
    const token = card.string('token', { maxLength: 200 });
    let testCard: TestCard | undefined;
    let expiry = tokenExpiry(ctx);
    if (token !== undefined) {
      testCard = testCardOfToken(token);
      if (!testCard) throw resourceMissing('token', token, card.name('token'));
    } else {
      const number = card.requiredString('number', { maxLength: 30 });
      testCard = cardOfNumber(number);
      if (!testCard) throw cardError('Your card number is incorrect.', undefined, { param: card.name('number') }, 'incorrect_number');
      const month = card.integer('exp_month', { required: true })!;
      const year = card.integer('exp_year', { required: true })!;
      if (month < 1 || month > 12) throw cardError("Your card's expiration month is invalid.", undefined, { param: card.name('exp_month') }, 'invalid_expiry_month');
      const fullYear = year < 100 ? 2000 + year : year;
      const nowYear = new Date(ctx.now()).getUTCFullYear();
      if (fullYear < nowYear || fullYear > nowYear + 50) throw cardError("Your card's expiration year is invalid.", undefined, { param: card.name('exp_year') }, 'invalid_expiry_year');
      card.string('cvc', { maxLength: 4 });
      expiry = { month, year: fullYear };
    }
    pm = newPaymentMethod(ctx, 'card', { card: cardDetails(testCard, expiry.month, expiry.year) });
  }
  pm.billing_details = readBillingDetails(params, pm.billing_details) ?? pm.billing_details;
  pm.metadata = applyMetadata({}, params.metadata());
  pm.allow_redisplay = params.oneOf('allow_redisplay', ['always', 'limited', 'unspecified'] as const) ?? 'unspecified';
  if (params.has('customer')) throw invalidParam('customer', 'Creating a PaymentMethod for a customer needs a payment_method to clone; attach a new one with POST /v1/payment_methods/{id}/attach instead.');
  ctx.stripe.store.insert(pm);
  return pm;
}

/** `POST /v1/payment_methods/{id}`: billing details, metadata, a card's expiry. */
export function updatePaymentMethod(ctx: SandboxContext, pm: StripePaymentMethod, params: StripeParams): StripePaymentMethod {
  params.allowOnly(['billing_details', 'metadata', 'card', 'allow_redisplay', 'us_bank_account']);
  const next: StripePaymentMethod = { ...pm, metadata: applyMetadata(pm.metadata, params.metadata()) };
  next.billing_details = readBillingDetails(params, pm.billing_details) ?? pm.billing_details;
  next.allow_redisplay = params.oneOf('allow_redisplay', ['always', 'limited', 'unspecified'] as const) ?? pm.allow_redisplay;
  const card = params.object('card', { allowed: ['exp_month', 'exp_year', 'networks'] });
  if (card) {
    if (!pm.card) throw invalidParam('card', 'This PaymentMethod is not a card; card details cannot be updated.');
    next.card = { ...pm.card, exp_month: card.integer('exp_month', { min: 1, max: 12 }) ?? pm.card.exp_month, exp_year: card.integer('exp_year', { min: 2000, max: 2100 }) ?? pm.card.exp_year };
  }
  params.object('us_bank_account', { allowed: ['account_holder_type', 'account_type'] });
  ctx.stripe.store.update(next);
  ctx.stripe.events.publish('payment_method.updated', next, { previousAttributes: { metadata: pm.metadata } });
  return next;
}

/** The card error Stripe answers when a card is refused while being saved or charged. */
export function declineError(pm: StripePaymentMethod, outcome: PaymentOutcome, embedded: Record<string, unknown> = {}): StripeApiError {
  if (pm.type === 'us_bank_account') {
    return cardError(outcome === 'insufficient_funds' ? 'The customer\'s bank account has insufficient funds to cover this payment.' : 'The customer\'s bank account could not be debited.', outcome === 'insufficient_funds' ? 'insufficient_funds' : 'generic_decline', { payment_method: pm, ...embedded }, outcome === 'insufficient_funds' ? 'insufficient_funds' : 'bank_account_declined');
  }
  const insufficient = outcome === 'insufficient_funds';
  return cardError(insufficient ? 'Your card has insufficient funds.' : 'Your card was declined.', insufficient ? 'insufficient_funds' : 'generic_decline', { payment_method: pm, ...embedded });
}

/**
 * Attaches a payment method to a customer (a fresh one for a test token). A card that declines outright is refused
 * (402), as Stripe's check when saving a card refuses it; one attached to another customer is a 400.
 */
export function attachPaymentMethod(ctx: SandboxContext, idOrToken: string, customerId: string, param?: string): StripePaymentMethod {
  const pm = resolvePaymentMethod(ctx, idOrToken, param);
  if (pm.customer === customerId) return pm;
  if (pm.customer !== null) throw invalidRequest('The payment method you provided has already been attached to a customer.', param, 'payment_method_unexpected_state');
  if (paymentOutcomeOf(pm) === 'decline') throw declineError(pm, 'decline');
  const attached: StripePaymentMethod = { ...pm, customer: customerId };
  ctx.stripe.store.update(attached, { customer: customerId });
  ctx.stripe.events.publish('payment_method.attached', attached);
  return attached;
}

/** Detaches a payment method from its customer, clearing it as the customer's default payment method. */
export function detachPaymentMethod(ctx: SandboxContext, pm: StripePaymentMethod): StripePaymentMethod {
  if (pm.customer === null) throw invalidRequest('The payment method you provided is not attached to a customer so detachment is impossible.', undefined, 'payment_method_unexpected_state');
  const customer = ctx.stripe.store.get<StripeObject & { invoice_settings: { default_payment_method: string | null } }>('customer', pm.customer);
  if (customer && customer.invoice_settings.default_payment_method === pm.id) {
    const updated = { ...customer, invoice_settings: { ...customer.invoice_settings, default_payment_method: null } };
    ctx.stripe.store.update(updated);
    ctx.stripe.events.publish('customer.updated', updated, { previousAttributes: { invoice_settings: customer.invoice_settings } });
  }
  const detached: StripePaymentMethod = { ...pm, customer: null };
  ctx.stripe.store.update(detached, { customer: null });
  ctx.stripe.events.publish('payment_method.detached', detached, { previousAttributes: { customer: pm.customer }, customer: pm.customer });
  return detached;
}

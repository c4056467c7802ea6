/**
 * Stripe's test payment methods: the tokens (`pm_card_visa`, `tok_visa`, …), the test card numbers, and the US test
 * bank account, with what each does when used. A payment method remembers which test card or account it came from
 * through its fingerprint (derived from the number, as Stripe's fingerprints are), so its outcome needs no field
 * Stripe does not serve.
 *
 * Outcomes: `succeed`; `decline` (refused when attached, set up or charged: generic_decline); `insufficient_funds`
 * and `charge_fails` (attach and set up fine, every charge is declined: the card for a renewal that fails).
 */
import { createHash } from 'node:crypto';

/** What using a payment method does. */
export type PaymentOutcome = 'succeed' | 'decline' | 'insufficient_funds' | 'charge_fails';

/** A test card. */
export interface TestCard {
  number: string;
  brand: 'visa' | 'mastercard' | 'amex' | 'discover' | 'unknown';
  funding: 'credit' | 'debit';
  country: string;
  wallet: 'apple_pay' | 'google_pay' | null;
  outcome: PaymentOutcome;
}

/** Test cards by the name in their token (`pm_card_<name>`, `tok_<name>`). */
const TEST_CARDS: Readonly<Record<string, TestCard>> = {
  visa: { number: '4242424242424242', brand: 'visa', funding: 'credit', country: 'US', wallet: null, outcome: 'succeed' },
  visa_debit: { number: '4000056655665556', brand: 'visa', funding: 'debit', country: 'US', wallet: null, outcome: 'succeed' },
  mastercard: { number: '5555555555554444', brand: 'mastercard', funding: 'credit', country: 'US', wallet: null, outcome: 'succeed' },
  amex: { number: '378282246310005', brand: 'amex', funding: 'credit', country: 'US', wallet: null, outcome: 'succeed' },
  discover: { number: '6011111111111117', brand: 'discover', funding: 'credit', country: 'US', wallet: null, outcome: 'succeed' },
  chargeDeclined: { number: '4000000000000002', brand: 'visa', funding: 'credit', country: 'US', wallet: null, outcome: 'decline' },
  chargeDeclinedInsufficientFunds: { number: '4000000000009995', brand: 'visa', funding: 'credit', country: 'US', wallet: null, outcome: 'insufficient_funds' },
  chargeCustomerFail: { number: '4000000000000341', brand: 'visa', funding: 'credit', country: 'US', wallet: null, outcome: 'charge_fails' },
  // Wallet cards: the sandbox's own tokens (Stripe tokenises wallets in the browser), a Visa in Apple Pay and a
  // Mastercard in Google Pay.
  applePay: { number: '4242424242424242', brand: 'visa', funding: 'credit', country: 'US', wallet: 'apple_pay', outcome: 'succeed' },
  googlePay: { number: '5555555555554444', brand: 'mastercard', funding: 'credit', country: 'US', wallet: 'google_pay', outcome: 'succeed' },
};

/** Stripe's test routing number and the account numbers whose outcomes it documents. */
export const TEST_ROUTING_NUMBER = '110000000';
const TEST_BANK_ACCOUNTS: Readonly<Record<string, PaymentOutcome>> = {
  '000123456789': 'succeed',
  '000222222227': 'insufficient_funds',
  '000111111116': 'decline',
};
/** The account behind the `pm_usBankAccount` token. */
export const TEST_BANK_ACCOUNT_NUMBER = '000123456789';

/** Fingerprints are per number (and per wallet, so a wallet card is told from its plain twin). */
export function fingerprintOf(number: string, wallet: string | null = null): string {
  const digest = createHash('sha256').update(`didops-sandbox:${number}:${wallet ?? ''}`).digest('base64').replace(/[^A-Za-z0-9]/g, '');
  return digest.slice(0, 16);
}

const OUTCOMES = new Map<string, PaymentOutcome>([
  ...Object.values(TEST_CARDS).map((card) => [fingerprintOf(card.number, card.wallet), card.outcome] as const),
  ...Object.entries(TEST_BANK_ACCOUNTS).map(([account, outcome]) => [fingerprintOf(`${TEST_ROUTING_NUMBER}/${account}`), outcome] as const),
]);

/** What using a payment method with this fingerprint does. */
export function outcomeOfFingerprint(fingerprint: string | undefined): PaymentOutcome {
  return (fingerprint && OUTCOMES.get(fingerprint)) || 'succeed';
}

/** The test card a token names (`pm_card_visa`, `tok_visa`), if any. */
export function testCardOfToken(token: string): TestCard | undefined {
  const match = /^(?:pm_card_|tok_)(\w+)$/.exec(token);
  return match && Object.prototype.hasOwnProperty.call(TEST_CARDS, match[1]) ? TEST_CARDS[match[1]] : undefined;
}

/** Whether an id is a test token that makes a fresh payment method (`pm_card_*`, `pm_usBankAccount`). */
export function isPaymentMethodToken(id: string): boolean {
  return id === 'pm_usBankAccount' || (id.startsWith('pm_card_') && testCardOfToken(id) !== undefined);
}

function luhnValid(number: string): boolean {
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let digit = Number(number[number.length - 1 - i]);
    if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

/** The card a raw number makes: a known test card, or any Luhn-valid number (its brand from the prefix); undefined if invalid. */
export function cardOfNumber(raw: string): TestCard | undefined {
  const number = raw.replace(/[\s-]/g, '');
  if (!/^\d{12,19}$/.test(number) || !luhnValid(number)) return undefined;
  const known = Object.values(TEST_CARDS).find((card) => card.number === number && card.wallet === null);
  if (known) return known;
  const brand = /^4/.test(number) ? 'visa' : /^(5[1-5]|2[2-7])/.test(number) ? 'mastercard' : /^3[47]/.test(number) ? 'amex' : /^6(011|5)/.test(number) ? 'discover' : 'unknown';
  return { number, brand, funding: 'credit', country: 'US', wallet: null, outcome: 'succeed' };
}

/** The outcome of a test bank account, or undefined when it is not one Stripe's test mode accepts. */
export function bankAccountOutcome(routing: string, account: string): PaymentOutcome | undefined {
  return routing === TEST_ROUTING_NUMBER ? TEST_BANK_ACCOUNTS[account] : undefined;
}

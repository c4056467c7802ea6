/**
 * Step 6 of `didops demo`: the second carrier. A Telnyx number is searched for in the same criteria as a Twilio one,
 * then bought through the PhoneNumber handler that the Pulumi and Terraform adapters drive (one carrier set holding
 * both carriers; the resource names `carrier: 'telnyx'`), shown and released. Telnyx sells numbers through orders
 * that stay pending for a while, so the handler's purchase progress is printed as it waits.
 */
import type { PurchaseProgress } from '../carriers/carrier';
import { carrierSet } from '../carriers/carrier-set';
import { createTelnyxCarrier } from '../carriers/telnyx';
import { twilioCarrier, type TwilioClient } from '../carriers/twilio';
import { formatDiagnostic } from '../core/diagnostics';
import { formatMoney } from '../core/money';
import { createPhoneNumberHandler } from '../resources/phone-number';
import type { RunningSandbox } from '../sandbox/server';
import { searchNumbers } from '../search';
import { demoTable } from './demo-table';
import type { PrintLine } from './io';

/** How long the demo's sandbox keeps a Telnyx number order pending: long enough to see, short enough to wait for. */
export const DEMO_ORDER_DELAY_MS = 1000;

/** One line of purchase progress, e.g. `ordering +13125550100: pending 1.2 s`. */
export function purchaseProgressLine(progress: PurchaseProgress): string {
  const waited = `${(progress.waitedMs / 1000).toFixed(1)} s`;
  const order = progress.orderId ? `number order ${progress.orderId}` : 'number order';
  const what = { ordered: `${order} placed`, pending: `pending ${waited}`, complete: `complete after ${waited}` }[progress.status];
  return `ordering ${progress.e164}: ${what}`;
}

/** Runs step 6 against the demo's sandbox, printing with `print`; `twilio` is the demo's Twilio client (the set's other carrier). Returns the number bought. */
export async function demoTelnyx(sandbox: RunningSandbox, twilio: TwilioClient, print: PrintLine): Promise<string> {
  print('\n6. The second carrier: Telnyx, through the PhoneNumber handler that Pulumi and Terraform drive');
  const telnyx = createTelnyxCarrier({ apiKey: sandbox.telnyxApiKey, baseUrl: sandbox.url });
  const carriers = carrierSet({ twilio: () => twilioCarrier(twilio), telnyx: () => telnyx });

  // One set of criteria for the search shown and for the resource: the handler buys the first number that meets it.
  const search = { country: 'US', areaCode: '312', capabilities: ['voice', 'sms'], patterns: { suffix: '00' } } as const;
  const found = await searchNumbers(telnyx, { ...search, capabilities: [...search.capabilities], limit: 3 });
  print(`   Searching Chicago (312) numbers ending in 00 with voice and SMS: ${found.pushdownFilter ?? 'no pattern filter'} went to Telnyx`);
  print(demoTable([['number', 'locality', 'region'], ...found.results.map((n) => [n.phoneNumber, n.locality ?? '', n.region ?? ''])]));
  if (found.results.length === 0) throw new Error('the sandbox offers no Telnyx 312 numbers ending in 00; is the data dir from another seed?');

  const numbers = createPhoneNumberHandler({ carriers, onPurchaseProgress: (p) => print(`   ${purchaseProgressLine(p)}`) });
  const checked = await numbers.check({ news: { carrier: 'telnyx', search } });
  if (!checked.inputs) throw new Error(checked.failures.map(formatDiagnostic).join('\n'));
  print('\n   Buying the first match: new didops.PhoneNumber("demo-telnyx", { carrier: "telnyx", search: <the criteria above> })');
  const { id, outputs } = await numbers.create({ inputs: checked.inputs, preview: false, identity: { type: 'didops:index:PhoneNumber', name: 'demo-telnyx' } });
  print(demoTable([
    ['id', id], ['e164', outputs.e164], ['status', outputs.status], ['locality', [outputs.locality, outputs.region].filter(Boolean).join(', ')],
    ['monthly price', outputs.monthlyPrice !== null && outputs.currency ? formatMoney({ amountMinor: outputs.monthlyPrice, currency: outputs.currency }) : 'unknown'],
    ['ownership tag', `${outputs.ownershipTag ?? ''} (in its customer_reference: how a re-run finds it instead of buying twice)`],
  ]));
  await numbers.delete({ id, state: { ...checked.inputs, ...outputs } });
  print(`   Released ${outputs.e164} at Telnyx again.`);
  return outputs.e164;
}

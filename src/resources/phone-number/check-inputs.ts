/**
 * PhoneNumber's `check`: the inputs as the zod model reads them, then the rules the model cannot say (one way of
 * choosing the number, routing plan versus voice URL, search criteria that compile), then what the number's carrier
 * accepts: a carrier the provider is not configured for, a field the carrier cannot honour, or an id in another
 * carrier's form is an error on that field at plan time, never a failed apply; so is a `billing` that cannot be charged.
 */
import type { Billing } from '../../billing/billing';
import { billingMissing } from '../../billing/billing-config';
import type { CarrierName } from '../../carriers/carrier';
import type { CarrierSet } from '../../carriers/carrier-set';
import { carrierTraits, type ReferenceKind } from '../../carriers/traits';
import { errorDiagnostic, nestDiagnostics, zodIssuesToDiagnostics, type Diagnostic } from '../../core/diagnostics';
import { ValidationError } from '../../core/errors';
import type { CheckResponse } from '../../core/lifecycle';
import { resolveGeography } from '../../search/geography';
import { compilePatterns } from '../../search/patterns';
import { withTopLevelContains } from '../../search/search-numbers';
import { phoneNumberInputsSchema, type PhoneNumberInputs } from './model';
import { toSearchCriteria } from './number-fit';

/** The search library names `contains` as `patterns.contains`; the resource's users wrote `contains`. */
export function searchDiagnostics(err: ValidationError): Diagnostic[] {
  return withTopLevelContains(err.diagnostics);
}

/** Input fields holding the carrier's id of another object, and what kind of object. */
const REFERENCES: readonly [keyof PhoneNumberInputs, ReferenceKind][] = [
  ['trunk', 'trunk'],
  ['emergencyAddress', 'emergencyAddress'],
  ['address', 'address'],
  ['bundle', 'bundle'],
];

/** The value at a dotted path; an HTTP method left at its default (POST) counts as not declared. */
function declared(inputs: PhoneNumberInputs, path: string): boolean {
  const value = path.split('.').reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), inputs);
  return value !== undefined && !(path.endsWith('ethod') && value === 'POST');
}

/** What the number's carrier cannot do with these inputs. */
function carrierFailures(inputs: PhoneNumberInputs, name: CarrierName, carriers: CarrierSet): Diagnostic[] {
  const failures: Diagnostic[] = [];
  const traits = carrierTraits(name);
  const missing = carriers.missing(name);
  if (missing) failures.push(errorDiagnostic(missing.summary, { field: 'carrier', detail: missing.detail }));
  for (const [path, why] of Object.entries(traits.unsupported)) {
    if (declared(inputs, path)) failures.push(errorDiagnostic(`\`${path}\` is not available on ${traits.label}`, { field: path, detail: why }));
  }
  for (const pair of traits.fieldPairs) {
    if (!declared(inputs, pair.field)) continue;
    const other = declared(inputs, pair.other);
    if (pair.relation === 'excludes' ? other : !other) {
      const summary = pair.relation === 'excludes' ? `\`${pair.field}\` and \`${pair.other}\` cannot go together on ${traits.label}` : `\`${pair.field}\` needs \`${pair.other}\` on ${traits.label}`;
      failures.push(errorDiagnostic(summary, { field: pair.field, detail: pair.why }));
    }
  }
  const search = inputs.search;
  for (const [criterion, why] of Object.entries(traits.unsearchable)) {
    const value = search?.[criterion as keyof typeof traits.unsearchable];
    if (value !== undefined && value !== 'none') failures.push(errorDiagnostic(`\`search.${criterion}\` cannot be searched for on ${traits.label}`, { field: `search.${criterion}`, detail: why }));
  }
  for (const [field, kind] of REFERENCES) {
    const value = inputs[field] as string | undefined;
    if (value === undefined || traits.unsupported[field] !== undefined) continue;
    const wrong = traits.checkReference(kind, value);
    if (wrong) failures.push(errorDiagnostic(wrong, { field, detail: `"${value}" is not one${name === 'twilio' ? '' : ` (${traits.label} numbers refer to ${traits.label} objects)`}` }));
  }
  if (inputs.adopt !== undefined && !/^\+[1-9]\d{6,14}$/.test(inputs.adopt)) {
    const wrong = traits.checkReference('number', inputs.adopt);
    if (wrong) failures.push(errorDiagnostic(`"${inputs.adopt}" is neither a phone number nor a ${traits.label} number id`, { field: 'adopt', detail: `give the E.164 form (+14155550100) or ${wrong.replace(/^expected /, '')}` }));
  }
  return failures;
}

/** What `billing` (instant purchase) cannot do: an adopted number is not bought, and no fee is charged without Stripe. */
function billingFailures(inputs: PhoneNumberInputs, billing: Billing | undefined): Diagnostic[] {
  if (!inputs.billing) return [];
  if (inputs.adopt !== undefined) {
    return [errorDiagnostic('only a number that is bought (`number` or `search`) has a setup fee', { field: 'billing', detail: 'an adopted number is not bought; remove `billing`' })];
  }
  const missing = billingMissing(billing);
  return missing ? [errorDiagnostic(missing.summary, { field: 'billing', detail: missing.detail })] : [];
}

/** PhoneNumber's check; `billing` is the provider's billing configuration, when it has one. */
export function checkPhoneNumberInputs(news: unknown, carriers: CarrierSet, billing?: Billing): CheckResponse<PhoneNumberInputs> {
  const parsed = phoneNumberInputsSchema.safeParse(news ?? {});
  if (!parsed.success) return { failures: zodIssuesToDiagnostics(parsed.error) };
  const inputs = parsed.data;
  const failures: Diagnostic[] = [];
  const ways = (['number', 'search', 'adopt'] as const).filter((key) => inputs[key] !== undefined);
  if (ways.length > 1) {
    failures.push(errorDiagnostic(`give one of \`number\`, \`search\` and \`adopt\`, not ${ways.map((w) => `\`${w}\``).join(' and ')}`, {
      field: ways[1],
      detail: '`number` buys exactly that number, `search` buys the first match, `adopt` takes over a number the account already owns',
    }));
  } else if (ways.length === 0) {
    failures.push(errorDiagnostic('say which number to buy', { field: 'number', detail: 'give an exact `number` ("+14155550100"), `search` criteria ({ country: "US", areaCode: "415" }) or `adopt` (the E.164 or carrier id of a number the account owns)' }));
  }
  if (inputs.routingPlan !== undefined && inputs.voice?.url !== undefined) {
    failures.push(errorDiagnostic('give `routingPlan` or `voice.url`, not both', {
      field: 'routingPlan',
      detail: '`routingPlan` points the number’s voice webhook at the plan’s Studio flow, so it takes the place of `voice.url`; remove one of them (`voice.fallbackUrl` and `voice.statusCallback` may stay)',
    }));
  }
  if (inputs.routingPlan !== undefined && inputs.voice?.method === 'GET') {
    // The flow's webhook is always set with POST (Studio takes POST), so a declared GET would differ from the
    // live number after every refresh and be "corrected" by every deploy.
    failures.push(errorDiagnostic('`voice.method` GET cannot go with `routingPlan`', {
      field: 'voice.method',
      detail: 'a routing plan’s Studio flow webhook is called with POST; remove `voice.method` (or set it to "POST"); `voice.fallbackMethod` still applies to `voice.fallbackUrl`',
    }));
  }
  if (inputs.search?.contains !== undefined && inputs.search.patterns.contains !== undefined) {
    failures.push(errorDiagnostic('`contains` is given twice', { field: 'search.patterns.contains', detail: 'keep `search.contains` and remove `search.patterns.contains`' }));
  }
  if (inputs.search) {
    try {
      const criteria = toSearchCriteria(inputs.search, 1);
      const place = resolveGeography(criteria);
      compilePatterns(criteria.patterns, { callingCode: place.callingCode, nationalLength: place.nationalLength });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      failures.push(...nestDiagnostics('search', searchDiagnostics(err)));
    }
  }
  // Before the provider is configured (Terraform validates first) the default carrier is not known: a number that
  // names none is checked against its carrier at plan time, once it is.
  const carrier = inputs.carrier ?? (carriers.configured ? carriers.defaultName : undefined);
  if (carrier) failures.push(...carrierFailures(inputs, carrier, carriers));
  failures.push(...billingFailures(inputs, billing));
  return failures.length > 0 ? { failures } : { inputs, failures };
}

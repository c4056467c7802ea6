/**
 * Telnyx's errors in didops' terms. Telnyx answers every failure with `{"errors": [{code, title, detail, source}]}`:
 * `code` is a string from its catalogue (10009 authentication failed, 10011 too many requests...) and `source.pointer`
 * (RFC 6901) names the body field refused, `source.parameter` the query parameter. `fromTelnyxError` picks the
 * DidopsError subclass by that code first and the HTTP status second, and turns the pointer into the port's word for
 * the field (`/emergency_address_id` → `emergencyAddress`) so handlers can point diagnostics at the user's input.
 *
 * The API key never reaches an error: the SDK's APIError carries response headers and body only, and what is kept as
 * `cause` is a plain copy of its name, message and status.
 */
import { APIConnectionTimeoutError, APIError } from 'telnyx';
import {
  AuthenticationError,
  CarrierError,
  ConflictError,
  DidopsError,
  errorClassForStatus,
  NetworkError,
  networkFailure,
  NotFoundError,
  RateLimitError,
  TRANSIENT_STATUSES,
  ValidationError,
  type DidopsErrorClass,
  type ErrorContext,
  networkAdvice,
  statusAdvice,
  withOperation,
  type UpstreamAdvice,
} from '../../core/errors';

/** Where to set the Telnyx API key, quoted by every authentication error. */
export const TELNYX_KEY_ADVICE =
  'check the Telnyx API key (Pulumi: `pulumi config set --secret didops:telnyxApiKey KEY...`; Terraform: the provider\'s telnyx_api_key or the DIDOPS_TELNYX_API_KEY environment variable); keys are made in the Telnyx portal under API Keys and start with "KEY"';

/** How to advise on Telnyx's failures. */
const ADVICE: UpstreamAdvice = { name: 'Telnyx', credentialsFix: TELNYX_KEY_ADVICE, statusPage: 'status.telnyx.com', endpointSetting: 'telnyxBaseUrl' };

/** One entry of Telnyx's `errors` array. */
export interface TelnyxErrorEntry {
  readonly code?: string;
  readonly title?: string;
  readonly detail?: string;
  readonly source?: { readonly pointer?: string; readonly parameter?: string };
}

/** What we can say about a Telnyx error code: which class, what it means, how to fix it. */
interface TelnyxCodeAdvice {
  readonly errorClass: DidopsErrorClass;
  readonly summary: string;
  readonly fix?: string;
  readonly retryable?: boolean;
}

// Codes of Telnyx's catalogue that a didops user meets when buying, configuring or releasing numbers; anything else
// falls back to the HTTP status with Telnyx's own title and detail, which are usually clear.
const TELNYX_CODES: ReadonlyMap<string, TelnyxCodeAdvice> = new Map<string, TelnyxCodeAdvice>([
  ['10001', { errorClass: ValidationError, summary: 'Telnyx says the phone number is inactive', fix: 'the number is not active on this account; run a refresh to see its status' }],
  ['10002', { errorClass: ValidationError, summary: 'Telnyx says the phone number is invalid', fix: 'give the number in E.164 form with the country code, e.g. "+14155550100"' }],
  ['10003', { errorClass: ValidationError, summary: 'Telnyx refused the URL', fix: 'give an absolute http(s) URL of at most 2000 characters' }],
  ['10004', { errorClass: ValidationError, summary: 'Telnyx says a required field is missing' }],
  ['10005', { errorClass: NotFoundError, summary: 'the Telnyx resource does not exist', fix: 'it was probably deleted outside didops; run a refresh so the state forgets it, or check the id belongs to this account' }],
  ['10006', { errorClass: ValidationError, summary: 'Telnyx says the id is invalid', fix: 'Telnyx ids of numbers, addresses and connections are long numeric strings; orders are UUIDs' }],
  ['10007', { errorClass: CarrierError, summary: 'Telnyx had an unexpected error', fix: 'retry later (status.telnyx.com shows incidents)', retryable: true }],
  ['10008', { errorClass: CarrierError, summary: 'Telnyx timed out', fix: 'retry later; the change may or may not have been made, so read before writing again', retryable: true }],
  ['10009', { errorClass: AuthenticationError, summary: 'Telnyx rejected the API key', fix: TELNYX_KEY_ADVICE }],
  ['10010', { errorClass: AuthenticationError, summary: 'the Telnyx API key may not do this', fix: `use a key of the account that owns the resource; ${TELNYX_KEY_ADVICE}` }],
  ['10011', { errorClass: RateLimitError, summary: 'Telnyx is rate limiting this account', fix: 'wait and retry; lower the parallelism (`pulumi up --parallel 4`, `terraform apply -parallelism=4`) if it keeps happening', retryable: true }],
  ['10012', { errorClass: ConflictError, summary: 'Telnyx says this already exists' }],
  ['10013', { errorClass: ValidationError, summary: 'Telnyx says a referenced resource does not exist', fix: 'check the id refers to a resource of this Telnyx account' }],
  ['10015', { errorClass: ValidationError, summary: 'Telnyx refused the request as malformed' }],
  ['10016', { errorClass: ValidationError, summary: 'Telnyx wants the phone number in +E.164 form', fix: 'give the number with "+" and the country code, e.g. "+14155550100"' }],
  ['10017', { errorClass: ValidationError, summary: 'Telnyx says a referenced resource does not exist', fix: 'check the id refers to a resource of this Telnyx account' }],
  ['10021', { errorClass: ConflictError, summary: 'the Telnyx resource is still in use', fix: 'detach it from what uses it first (e.g. disable emergency calling on the numbers registered at an address)' }],
  ['10023', { errorClass: CarrierError, summary: 'Telnyx could not read the request body' }],
]);

/**
 * Telnyx's body fields and query parameters → the port's words (NumberSetting, AddressFields, AvailableQuery).
 * `connection_id` is `trunk` by default; a carrier operation that set it from a voice URL says `voice` in context.
 */
const FIELD_OF_SOURCE: ReadonlyMap<string, string> = new Map([
  ['phone_number', 'number'],
  ['phone_numbers', 'number'],
  ['connection_id', 'trunk'],
  ['emergency_address_id', 'emergencyAddress'],
  ['emergency_enabled', 'emergencyAddress'],
  ['address_id', 'address'],
  ['bundle_id', 'bundle'],
  ['customer_reference', 'tag'],
  ['webhook_event_url', 'voice'],
  ['webhook_event_failover_url', 'voice'],
  ['first_name', 'customerName'],
  ['last_name', 'customerName'],
  ['business_name', 'customerName'],
  ['street_address', 'street'],
  ['extended_address', 'streetSecondary'],
  ['locality', 'city'],
  ['administrative_area', 'region'],
  ['postal_code', 'postalCode'],
  ['country_code', 'isoCountry'],
  ['national_destination_code', 'areaCode'],
  ['features', 'capabilities'],
  ['phone_number_type', 'kind'],
]);

/** Options of {@link fromTelnyxError}: the usual context, plus overrides of the pointer → field table. */
export interface TelnyxErrorContext extends ErrorContext {
  /** Telnyx field name (last pointer segment or filter key) → the port's word, for this operation only. */
  readonly fieldOf?: Readonly<Record<string, string>>;
}

/**
 * The port's field a Telnyx `source` is about: `/phone_numbers/0/phone_number` → `number`,
 * `filter[national_destination_code]` → `areaCode`. Undefined when the source names nothing didops knows.
 */
export function fieldOfTelnyxSource(source: TelnyxErrorEntry['source'], overrides: Readonly<Record<string, string>> = {}): string | undefined {
  const segments = source?.pointer
    ? source.pointer.split('/').filter((s) => s !== '' && !/^\d+$/.test(s)).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    : source?.parameter
      ? [...source.parameter.matchAll(/([a-z_]+)/gi)].map((m) => m[1]).filter((s) => s !== 'filter' && s !== 'page')
      : [];
  // The most specific segment first: `/phone_numbers/0/phone_number` is about the number, `/inbound/...` about nothing.
  for (const segment of [...segments].reverse()) {
    const field = overrides[segment] ?? FIELD_OF_SOURCE.get(segment);
    if (field) return field;
  }
  return undefined;
}

/** Translates anything the telnyx SDK throws (APIError and its subclasses, connection errors) into a DidopsError. */
export function fromTelnyxError(err: unknown, context: TelnyxErrorContext = {}): DidopsError {
  if (err instanceof DidopsError) return err;
  const api = asApiError(err);
  if (api && api.status !== undefined) return fromTelnyxResponse(api.status, api.errors, api.requestId, err, context);
  const network = networkFailure(err) ?? (isTimeout(err) ? { code: 'ETIMEDOUT', message: 'request timed out' } : undefined);
  if (network || api) {
    const code = network?.code ?? 'ECONNECTION';
    return new NetworkError({
      summary: withOperation(context, `could not reach Telnyx (${code})`),
      detail: networkAdvice(code, ADVICE),
      field: context.field,
      code,
      cause: safeCause(err),
      source: 'telnyx',
      requestId: context.requestId,
    });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new DidopsError({ summary: withOperation(context, `unexpected error from the Telnyx client: ${message}`), field: context.field, cause: safeCause(err), source: 'telnyx', requestId: context.requestId });
}

/** A Telnyx error answer (status and `errors` body) as a DidopsError; exported for tests and raw responses. */
export function fromTelnyxResponse(status: number, errors: readonly TelnyxErrorEntry[], requestId: string | undefined, original: unknown, context: TelnyxErrorContext = {}): DidopsError {
  const first = errors[0];
  const advice = first?.code ? TELNYX_CODES.get(first.code) : undefined;
  const telnyxSaid = describe(errors);
  const field = context.field ?? errors.map((e) => fieldOfTelnyxSource(e.source, context.fieldOf)).find((f) => f !== undefined);
  const common = {
    field,
    status,
    code: first?.code || undefined,
    requestId: context.requestId ?? requestId,
    cause: safeCause(original),
    source: 'telnyx' as const,
  };
  if (advice) {
    const detail = [advice.fix, telnyxSaid ? `Telnyx said: ${telnyxSaid}` : undefined].filter(Boolean).join('; ');
    return new advice.errorClass({
      ...common,
      summary: withOperation(context, advice.summary),
      detail: detail || undefined,
      retryable: advice.retryable ?? (status === 429 || TRANSIENT_STATUSES.has(status)),
    });
  }
  const errorClass = errorClassForStatus(status);
  return new errorClass({
    ...common,
    summary: withOperation(context, telnyxSaid ?? `Telnyx answered HTTP ${status}`),
    detail: statusAdvice(status, ADVICE),
    retryable: status === 429 || TRANSIENT_STATUSES.has(status),
  });
}

/** `Title: detail` of each entry, de-duplicated (Telnyx often repeats the title in the detail). */
function describe(errors: readonly TelnyxErrorEntry[]): string | undefined {
  const parts = errors.map((e) => {
    const title = e.title?.trim();
    const detail = e.detail?.trim();
    if (title && detail && !detail.toLowerCase().startsWith(title.toLowerCase())) return `${title}: ${detail}`;
    return detail || title || '';
  });
  const useful = [...new Set(parts.filter((p) => p.length > 0))];
  return useful.length > 0 ? useful.join('; ') : undefined;
}

interface ApiErrorFields {
  status?: number;
  errors: TelnyxErrorEntry[];
  requestId?: string;
}

/** The SDK's APIError, read structurally as well, in case two copies of the SDK are loaded. */
function asApiError(err: unknown): ApiErrorFields | undefined {
  if (!(err instanceof Error)) return undefined;
  const candidate = err as Error & { status?: unknown; error?: unknown; headers?: unknown };
  const looksTelnyx = err instanceof APIError || ('status' in candidate && 'error' in candidate && 'headers' in candidate);
  if (!looksTelnyx) return undefined;
  const body = typeof candidate.error === 'object' && candidate.error !== null ? (candidate.error as { errors?: unknown }) : {};
  const errors = Array.isArray(body.errors) ? (body.errors.filter((e) => typeof e === 'object' && e !== null) as TelnyxErrorEntry[]) : [];
  const headers = candidate.headers as { get?: (name: string) => string | null } | undefined;
  const requestId = typeof headers?.get === 'function' ? (headers.get('x-request-id') ?? undefined) : undefined;
  return { status: typeof candidate.status === 'number' ? candidate.status : undefined, errors, requestId };
}

function isTimeout(err: unknown): boolean {
  return err instanceof APIConnectionTimeoutError || (err instanceof Error && err.constructor?.name === 'APIConnectionTimeoutError');
}

/** A plain copy of the error for `cause`: what explains the failure, never the request (and so never the key). */
function safeCause(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  const source = err as Error & { status?: unknown; code?: unknown; cause?: unknown };
  const copy = new Error(err.message) as Error & { status?: unknown; code?: unknown };
  copy.name = err.name;
  if (source.status !== undefined) copy.status = source.status;
  const code = source.code ?? (source.cause as { code?: unknown } | undefined)?.code;
  if (code !== undefined) copy.code = code;
  return copy;
}

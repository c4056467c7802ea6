/**
 * Twilio's errors in didops' terms: `fromTwilioError` turns anything twilio-node throws (its RestException, the
 * RFC 9457 TwilioServiceException, or the socket error of a request that never got an answer) into the DidopsError
 * subclass that fits, with a message that names the operation, the field and the fix.
 */
import type RestException from 'twilio/lib/base/RestException';
import {
  AuthenticationError,
  DidopsError,
  errorClassForStatus,
  NetworkError,
  networkFailure,
  NotFoundError,
  RateLimitError,
  redactCause,
  TRANSIENT_STATUSES,
  UnavailableError,
  ValidationError,
  type DidopsErrorClass,
  type ErrorContext,
  type UpstreamErrorTranslator,
  networkAdvice,
  statusAdvice,
  withOperation,
  type UpstreamAdvice,
} from '../../core/errors';

/** How to advise on Twilio's failures. */
const ADVICE: UpstreamAdvice = { name: 'Twilio', credentialsFix: 'check the Twilio account SID and auth token (Pulumi: didops:twilioAccountSid/didops:twilioAuthToken; Terraform: twilio_account_sid/twilio_auth_token)', statusPage: 'status.twilio.com', endpointSetting: 'custom Twilio edge/region' };

/** What we know how to say about a Twilio error code: which class, what it means, how to fix it. */
interface TwilioCodeAdvice {
  readonly errorClass: DidopsErrorClass;
  readonly summary: string;
  readonly fix: string;
  readonly retryable?: boolean;
}

// Only codes a didops user actually meets when buying, configuring or releasing numbers; anything
// else falls back to the HTTP status with Twilio's own message, which is usually clear enough.
const TWILIO_CODES: ReadonlyMap<number, TwilioCodeAdvice> = new Map<number, TwilioCodeAdvice>([
  [
    20003,
    {
      errorClass: AuthenticationError,
      summary: 'Twilio rejected the credentials',
      fix: 'check the Twilio account SID and auth token (Pulumi: didops:twilioAccountSid and didops:twilioAuthToken, set with `pulumi config set --secret`; Terraform: twilio_account_sid and twilio_auth_token, or DIDOPS_TWILIO_ACCOUNT_SID and DIDOPS_TWILIO_AUTH_TOKEN); test credentials cannot manage real numbers',
    },
  ],
  [
    20404,
    {
      errorClass: NotFoundError,
      summary: 'the Twilio resource does not exist',
      fix: 'it was probably released or deleted outside didops; run a refresh so the state forgets it, or check the SID belongs to this account',
    },
  ],
  [
    20429,
    {
      errorClass: RateLimitError,
      summary: 'Twilio is rate limiting this account',
      fix: 'wait and retry; lower the parallelism (`pulumi up --parallel 4`, `terraform apply -parallelism=4`) if it keeps happening',
      retryable: true,
    },
  ],
  [
    21421,
    {
      errorClass: ValidationError,
      summary: 'Twilio says the phone number is invalid',
      fix: 'give the number in E.164 form with the country code, e.g. "+14155550100"',
    },
  ],
  [
    21422,
    {
      errorClass: UnavailableError,
      summary: 'the phone number is not available to buy',
      fix: 'someone else bought it or it was never offered; search again (didops search) and pick another number',
    },
  ],
  [
    21452,
    {
      errorClass: UnavailableError,
      summary: 'Twilio has no numbers available in that area code',
      fix: 'try a neighbouring area code, or relax the area code or locality constraint',
    },
  ],
  [
    21631,
    {
      errorClass: ValidationError,
      summary: 'this number can only be bought with an address on file',
      fix: 'set the address (an EmergencyAddress or addressSid "AD...") to one that satisfies the number\'s address requirement (local, foreign or any)',
    },
  ],
]);

/**
 * Translates anything thrown by twilio-node (its `RestException`, the RFC 9457
 * `TwilioServiceException`, or the axios/socket error of a request that never got a response)
 * into the matching DidopsError subclass, with a message that names the field and the fix.
 */
export const fromTwilioError: UpstreamErrorTranslator = (err, context = {}) => {
  if (err instanceof DidopsError) return err;
  const rest = asTwilioRestError(err);
  if (rest) return fromTwilioRestError(rest, err, context);
  const network = networkFailure(err);
  if (network) {
    if (network.status !== undefined) {
      // An axios error that did get a response (only when someone removed twilio's validateStatus).
      return fromTwilioRestError({ status: network.status, message: network.message }, err, context);
    }
    return new NetworkError({
      summary: withOperation(context, `could not reach Twilio (${network.code})`),
      detail: networkAdvice(network.code, ADVICE),
      field: context.field,
      code: network.code,
      cause: redactCause(err),
      source: 'twilio',
      requestId: context.requestId,
    });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new DidopsError({
    summary: withOperation(context, `unexpected error from the Twilio client: ${message}`),
    field: context.field,
    cause: redactCause(err),
    source: 'twilio',
    requestId: context.requestId,
  });
};

/** The fields of twilio-node's RestException (and TwilioServiceException) this module reads. */
type TwilioRestErrorFields = Pick<RestException, 'status' | 'message' | 'code' | 'moreInfo' | 'details'> & {
  readonly title?: string;
  readonly detail?: string;
  readonly requestId?: string;
};

function fromTwilioRestError(rest: TwilioRestErrorFields, original: unknown, context: ErrorContext): DidopsError {
  const advice = rest.code !== undefined ? TWILIO_CODES.get(rest.code) : undefined;
  const twilioSaid = describeTwilioMessage(rest);
  const common = {
    field: context.field,
    status: rest.status,
    code: rest.code !== undefined && rest.code !== 0 ? String(rest.code) : undefined,
    requestId: context.requestId ?? rest.requestId,
    moreInfo: rest.moreInfo,
    cause: redactCause(original),
    source: 'twilio' as const,
  };
  if (advice) {
    return new advice.errorClass({
      ...common,
      summary: withOperation(context, advice.summary),
      detail: twilioSaid ? `${advice.fix} (Twilio said: ${twilioSaid})` : advice.fix,
      retryable: advice.retryable ?? TRANSIENT_STATUSES.has(rest.status),
    });
  }
  const errorClass = errorClassForStatus(rest.status);
  return new errorClass({
    ...common,
    summary: withOperation(context, twilioSaid ?? `Twilio answered HTTP ${rest.status}`),
    detail: statusAdvice(rest.status, ADVICE),
    retryable: rest.status === 429 || TRANSIENT_STATUSES.has(rest.status),
  });
}

function describeTwilioMessage(rest: TwilioRestErrorFields): string | undefined {
  const parts = [rest.message, rest.detail].filter((p): p is string => typeof p === 'string' && p.length > 0);
  // twilio-node's generic "[HTTP 404] Failed to execute request" adds nothing to the status we already report.
  const useful = parts.filter((p) => !/^\[HTTP \d+\] Failed to execute request$/.test(p));
  return useful.length > 0 ? [...new Set(useful)].join('; ') : undefined;
}

function asTwilioRestError(err: unknown): TwilioRestErrorFields | undefined {
  if (!(err instanceof Error)) return undefined;
  const candidate = err as Error & Partial<Record<keyof TwilioRestErrorFields, unknown>>;
  // Duck-typed rather than instanceof: twilio may be loaded twice (nested node_modules) and both
  // RestException and TwilioServiceException carry a numeric HTTP status.
  if (typeof candidate.status !== 'number') return undefined;
  const name = err.constructor?.name;
  const looksTwilio =
    name === 'RestException' || name === 'TwilioServiceException' || 'moreInfo' in candidate || 'title' in candidate;
  if (!looksTwilio) return undefined;
  return {
    status: candidate.status,
    message: typeof candidate.message === 'string' ? candidate.message : '',
    code: typeof candidate.code === 'number' ? candidate.code : undefined,
    moreInfo: typeof candidate.moreInfo === 'string' ? candidate.moreInfo : undefined,
    details: typeof candidate.details === 'object' && candidate.details !== null ? candidate.details : undefined,
    title: typeof candidate.title === 'string' ? candidate.title : undefined,
    detail: typeof candidate.detail === 'string' ? candidate.detail : undefined,
    requestId: typeof candidate.requestId === 'string' ? candidate.requestId : undefined,
  };
}


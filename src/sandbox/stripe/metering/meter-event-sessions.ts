/**
 * Meter event sessions (`v2.billing.meter_event_session`): a secret-key request buys a token that authenticates the
 * high-throughput meter event stream for 15 minutes, after which the stream answers `temporary_session_expired` and
 * the client creates another session, as on Stripe. Tokens live in memory only, dated by the sandbox's clock (not
 * a test clock: a session is the client's credential, not a customer's object); a token from before a restart is
 * unknown, which the stream answers as expired, so a client renews exactly as it would after 15 minutes.
 */
import { newSecret, newStripeId } from '../ids';

/** How long a session's token is valid, in milliseconds (Stripe: 15 minutes). */
export const METER_EVENT_SESSION_LIFETIME_MS = 15 * 60_000;

/** The prefix of every token the sandbox issues, so a token can be told from a secret key. */
export const SESSION_TOKEN_PREFIX = 'mets_test';

/** A session as served (V2.Billing.MeterEventSession of stripe-node). */
export interface MeterEventSession {
  id: string;
  object: 'v2.billing.meter_event_session';
  authentication_token: string;
  created: string;
  expires_at: string;
  livemode: false;
}

/** The meter event sessions of one sandbox. */
export class MeterEventSessions {
  /** Token → when it expires (epoch ms). */
  private readonly expiry = new Map<string, number>();

  constructor(private readonly nowMs: () => number) {}

  /** Creates a session valid for {@link METER_EVENT_SESSION_LIFETIME_MS} from now. */
  create(): MeterEventSession {
    const now = this.nowMs();
    // Forgetting expired tokens here keeps the map as small as the sessions in use.
    for (const [token, expiresAt] of this.expiry) if (expiresAt <= now) this.expiry.delete(token);
    const token = newSecret(SESSION_TOKEN_PREFIX);
    const expiresAt = now + METER_EVENT_SESSION_LIFETIME_MS;
    this.expiry.set(token, expiresAt);
    return {
      id: newStripeId('mes'), object: 'v2.billing.meter_event_session', authentication_token: token,
      created: new Date(now).toISOString(), expires_at: new Date(expiresAt).toISOString(), livemode: false,
    };
  }

  /** True when `token` was issued here and has not expired. */
  isValid(token: string): boolean {
    const expiresAt = this.expiry.get(token);
    return expiresAt !== undefined && this.nowMs() < expiresAt;
  }

  /** Whether a credential has the form of a session token (valid or not), rather than of a secret key. */
  static looksLikeToken(credential: string): boolean {
    return credential.startsWith(`${SESSION_TOKEN_PREFIX}_`);
  }
}

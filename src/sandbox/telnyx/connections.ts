/**
 * What a number's `connection_id` may name: a call control application or a SIP connection (credential, FQDN, IP),
 * all in one id space as on Telnyx. Shared by the number, order, connection and detail record routes.
 */
import type { SandboxContext } from '../context';
import { invalidField, telnyxError, TelnyxErrorCode } from './http/telnyx-error';
import { SIP_CONNECTION_KINDS, type SipConnectionKind } from './sip-connection-settings';

/** The kind and name of the connection an id names. */
export interface ConnectionRef {
  kind: 'call_control_application' | SipConnectionKind;
  name: string | null;
}

/** The connection with this id, of any kind, or undefined. */
export function findConnection(ctx: SandboxContext, id: string): ConnectionRef | undefined {
  const app = ctx.telnyx.applications.findById(id);
  if (app) return { kind: 'call_control_application', name: (JSON.parse(app.data) as { application_name?: string }).application_name ?? null };
  for (const kind of SIP_CONNECTION_KINDS) {
    const row = ctx.telnyx.sipConnections[kind].findById(id);
    if (row) return { kind, name: (JSON.parse(row.data) as { connection_name?: string }).connection_name || null };
  }
  return undefined;
}

/** The name of the connection a number points at, as `connection_name` shows it. */
export function connectionNameOf(ctx: SandboxContext, connectionId: string | null): string | null {
  return connectionId ? (findConnection(ctx, connectionId)?.name ?? null) : null;
}

/** Checks that a `connection_id` in a body names a connection of the account (null clears it): else 10017 at `pointer`. */
export function checkConnection(ctx: SandboxContext, pointer: string, connectionId: string | null): void {
  if (connectionId !== null && !findConnection(ctx, connectionId)) {
    throw invalidField(pointer, `"${connectionId}" is not a connection of this account; create a SIP connection (POST /credential_connections, /fqdn_connections, /ip_connections) or a call control application (POST /call_control_applications)`,
      TelnyxErrorCode.associatedMissing);
  }
}

/** Refuses (10021) to delete a connection while numbers point at it: their calls would have nowhere to go. */
export function refuseWhileRouting(ctx: SandboxContext, connectionId: string, what: string): void {
  const using = ctx.telnyx.phoneNumbers.list({ connectionId }, 0, 5);
  if (using.total > 0) {
    throw telnyxError(422, TelnyxErrorCode.resourceInUse,
      `${what} routes ${using.total} number(s) (${using.rows.map((r) => r.phone_number).join(', ')}); point them elsewhere (PATCH /phone_numbers/{id} connection_id) first`);
  }
}

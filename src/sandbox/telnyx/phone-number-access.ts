/** Loading an owned Telnyx number with what its renderers need, shared by the number, voice and emergency routes. */
import type { SandboxContext } from '../context';
import type { NumberRow } from '../store/numbers-repository';
import type { TelnyxPhoneNumberRow } from '../store/telnyx-numbers-repository';
import { invalidField, resourceNotFound, TelnyxErrorCode } from './http/telnyx-error';
import { NUMERIC_ID } from './ids';

/** An owned number and its inventory row. */
export interface LoadedNumber {
  row: TelnyxPhoneNumberRow;
  number: NumberRow;
}

/**
 * The owned number with this id. Telnyx also accepts the number itself (`+E.164`) in these paths; so does the sandbox.
 */
export function loadPhoneNumber(ctx: SandboxContext, idOrNumber: string): LoadedNumber {
  let row: TelnyxPhoneNumberRow | undefined;
  if (NUMERIC_ID.test(idOrNumber)) row = ctx.telnyx.phoneNumbers.findById(idOrNumber);
  else if (/^\+\d{6,15}$/.test(idOrNumber)) row = ctx.telnyx.phoneNumbers.list({ phoneNumberDigits: idOrNumber.slice(1) }, 0, 2).rows.find((r) => r.phone_number === idOrNumber);
  if (!row) throw resourceNotFound(`Phone number ${idOrNumber}`);
  return { row, number: ctx.telnyx.fulfilment.inventoryRow(row.number_id)! };
}

/** The name of the application a number points at, as `connection_name` shows it. */
export function connectionNameOf(ctx: SandboxContext, connectionId: string | null): string | null {
  if (!connectionId) return null;
  const app = ctx.telnyx.applications.findById(connectionId);
  return app ? ((JSON.parse(app.data) as { application_name?: string }).application_name ?? null) : null;
}

/** Checks that a `connection_id` names an application of the account (null clears it). */
export function checkConnection(ctx: SandboxContext, pointer: string, connectionId: string | null): void {
  if (connectionId !== null && !ctx.telnyx.applications.findById(connectionId)) {
    throw invalidField(pointer, `"${connectionId}" is not a call control application of this account; create one with POST /call_control_applications`, TelnyxErrorCode.associatedMissing);
  }
}

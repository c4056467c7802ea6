/** Loading an owned Telnyx number with what its renderers need, shared by the number, voice and emergency routes. */
import type { SandboxContext } from '../context';
import type { NumberRow } from '../store/numbers-repository';
import type { TelnyxPhoneNumberRow } from '../store/telnyx-numbers-repository';
import { resourceNotFound } from './http/telnyx-error';
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

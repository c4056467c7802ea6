/**
 * The `key` attribute every didops Terraform resource has: Terraform does not tell providers resource addresses, so
 * the key names a resource for its ownership marker. Its description, and the check of its value.
 */
import type { AttributeModel } from '../schema/attributes';
import { isUnknown } from '../schema/values';
import type { TfDiagnostic, TfValue } from '../server/types';

/** `key` values: what a FriendlyName tag and a Terraform address segment can both carry. */
const KEY_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;

/** True for a key didops accepts. */
export function isValidKey(key: string): boolean {
  return KEY_PATTERN.test(key);
}

/** How the `key` description names a resource's kind: `number`, `numbers`, `purchase`. */
export interface KeyWording {
  readonly noun: string;
  readonly plural: string;
  /** What a crash may interrupt: `purchase`, `creation`. */
  readonly act: string;
  /** Whose account holds what the resource creates (default `Twilio`; `Stripe` for billing resources). */
  readonly account?: string;
}

/** The `key` attribute every didops resource has in Terraform. */
export function keyAttribute({ noun, plural, act, account = 'Twilio' }: KeyWording): AttributeModel {
  return {
    name: 'key',
    field: 'key',
    type: 'string',
    required: true,
    description:
      `Names this ${noun} among the ${plural} your configurations manage in this ${account} account, so a ${act} interrupted by a crash is recognised on the next apply; ` +
      'use e.g. `"support"` or `"sales-${count.index}"`. 1–64 letters, digits, `_`, `.`, `:` or `-`, unique within the provider\'s `ownership_scope` (by default the Terraform workspace). ' +
      'Terraform does not tell providers resource addresses, and `count`/`for_each` instances share one configuration, hence this attribute. ' +
      `Changing it after creation has no effect (it does not replace the ${noun}; the state records the new key with the next change). After \`terraform import\`, set it to anything.`,
  };
}

/** Why a configured `key` is not a valid key (nothing while it is unset or unknown). */
export function keyDiagnostics(value: TfValue | undefined): TfDiagnostic[] {
  if (value === null || value === undefined || isUnknown(value)) return [];
  if (typeof value === 'string' && isValidKey(value)) return [];
  return [{
    severity: 'error',
    summary: `key ${JSON.stringify(value)} is not a valid key`,
    detail: 'use 1–64 letters, digits, `_`, `.`, `:` or `-`, e.g. "support" or "sales-${count.index}"',
    attribute: [{ attributeName: 'key' }],
  }];
}

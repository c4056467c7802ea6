/**
 * The ownership marker: how a number (or an address) remembers which didops resource created it.
 *
 * Twilio numbers have no metadata field, and a crash between "Twilio bought the number" and "the engine wrote the
 * state" must not lead to a second purchase. So every number didops buys carries a short derived tag at the end of
 * its FriendlyName, e.g. `Support line [didops:k3qz7m2xw4ab]`. Before buying, create looks for an owned number with
 * the resource's tag and adopts it. The tag stays for the number's life, so the window is closed whatever step a
 * run dies in; the user's own `friendlyName` is the part before it.
 */
import { idempotencyKey } from '../core/idempotency';

/** Characters of the tag: 60 bits, so two resources in one account never share one in practice. */
const TAG_CHARS = 12;
const MARKER = /\s*\[didops:([a-z2-7]{12})\]$/;

/** Characters the marker takes in a FriendlyName, space included. */
export const MARKER_LENGTH = ` [didops:${'x'.repeat(TAG_CHARS)}]`.length;

/**
 * The tag of a resource's purchase. It is derived from the resource's identity alone (not its inputs): a run that
 * crashed, followed by an edit of the criteria, still finds the first purchase and then decides whether it fits.
 */
export function purchaseTag(resourceKey: string): string {
  const key = idempotencyKey({ resource: resourceKey, operation: 'purchase', inputs: {} });
  return key.slice(-TAG_CHARS);
}

/** `name [didops:tag]`, trimmed so the whole fits `limit` characters (64, Twilio's FriendlyName, unless the API allows more). */
export function withMarker(name: string, tag: string, limit = 64): string {
  return `${name.slice(0, limit - MARKER_LENGTH)} [didops:${tag}]`;
}

/** True for a bare ownership tag (as a state's `ownershipTag` keeps it), as opposed to a label carrying one. */
export function isOwnershipTag(value: string): boolean {
  return new RegExp(`^[a-z2-7]{${TAG_CHARS}}$`).test(value);
}

/** Splits a FriendlyName into the user's part and the didops tag (absent on numbers didops did not buy). */
export function readMarker(friendlyName: string): { name: string; tag?: string } {
  const match = MARKER.exec(friendlyName);
  if (!match) return { name: friendlyName };
  return { name: friendlyName.slice(0, match.index), tag: match[1] };
}

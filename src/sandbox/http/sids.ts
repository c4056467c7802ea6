/** Twilio SIDs: two-letter prefix + 32 lowercase hex characters. */
import { randomBytes } from 'node:crypto';

/** SID prefixes of the resources the sandbox serves. */
export type SidPrefix = 'AC' | 'PN' | 'AD' | 'FW' | 'CA' | 'UT' | 'TK' | 'BU' | 'US' | 'FN' | 'FT' | 'FC' | 'PA';

/** A fresh random SID. Random is right here: SIDs are the server's identity for a new object. */
export function newSid(prefix: SidPrefix): string {
  return prefix + randomBytes(16).toString('hex');
}

/** A SID derived from a seed and a counter, so generated traffic is the same on every run. */
export function seededSid(prefix: SidPrefix, next: () => number): string {
  let hex = '';
  while (hex.length < 32) hex += Math.floor(next() * 0x100000000).toString(16).padStart(8, '0');
  return prefix + hex.slice(0, 32);
}

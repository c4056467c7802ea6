/** HTTP Basic credentials of the sandbox account: what Twilio's API and the control API accept. */
import type { SandboxContext } from '../context';

/** True when an Authorization header carries the sandbox's account SID and auth token. */
export function hasSandboxCredentials(header: string | undefined, ctx: SandboxContext): boolean {
  if (!header?.startsWith('Basic ')) return false;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 && decoded.slice(0, colon) === ctx.accountSid && decoded.slice(colon + 1) === ctx.authToken;
}

/**
 * The caller's address for the audit log and per-address rate limits: the socket's peer, and X-Forwarded-For only
 * when that peer is a proxy the operator said to trust (otherwise any caller could write any address into the log).
 */
import type { MiddlewareHandler } from 'hono';
import type { ApiContext, ApiEnv } from './env';

/** Reported when there is no socket (a request made in-process, e.g. `app.request()` in tests). */
export const UNKNOWN_ADDRESS = 'unknown';

/** The address of `c`'s caller given the trusted proxies' addresses (exact IPv4/IPv6 text, e.g. `10.0.0.2`, `::1`). */
export function clientAddressOf(c: ApiContext, trustedProxies: ReadonlySet<string>): string {
  const peer = normalise(c.env?.incoming?.socket?.remoteAddress);
  if (peer === undefined) return UNKNOWN_ADDRESS;
  if (!trustedProxies.has(peer)) return peer;
  const forwarded = (c.req.header('x-forwarded-for') ?? '').split(',').map((part) => normalise(part.trim())).filter((part): part is string => !!part);
  // Each proxy appends the address it saw; walk back from the right past our own proxies to the first outsider.
  for (let i = forwarded.length - 1; i >= 0; i--) {
    if (!trustedProxies.has(forwarded[i]!)) return forwarded[i]!;
  }
  return forwarded[0] ?? peer;
}

/** Middleware that works out the caller's address once and keeps it as `c.var.clientAddress`. */
export function clientAddress(trustedProxies: readonly string[] = []): MiddlewareHandler<ApiEnv> {
  const trusted = new Set(trustedProxies.map((address) => normalise(address) ?? address));
  return async (c, next) => {
    c.set('clientAddress', clientAddressOf(c, trusted));
    await next();
  };
}

/** `::ffff:192.0.2.1` (an IPv4 peer on a dual-stack socket) is `192.0.2.1`. */
function normalise(address: string | undefined): string | undefined {
  if (!address) return undefined;
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

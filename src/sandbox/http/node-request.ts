/**
 * Reading a request straight from the node:http message the @hono/node-server adapter hands every app as `env`
 * (mount.ts passes it on to the sub-apps). Hono's own `c.req.text()` and `c.req.header()` make the adapter build a
 * full WHATWG Request (an AbortController, a Headers object, a web stream over the socket) for every request; on
 * the sandbox's hot paths that cost more than the route's work. Without a node message (an app called with a plain
 * Request, as some tests do) both fall back to Hono's readers, with the same results.
 */
import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';

/** The node message behind a request, when the node adapter served it and nothing has started reading its body. */
function nodeMessageOf(c: Context): IncomingMessage | undefined {
  const incoming = (c.env as { incoming?: unknown } | undefined)?.incoming;
  if (typeof incoming !== 'object' || incoming === null || !('headers' in incoming) || !('rawHeaders' in incoming)) return undefined;
  return incoming as IncomingMessage;
}

/** A request header (names are case-insensitive), as `c.req.header(name)` reads it. */
export function requestHeader(c: Context, name: string): string | undefined {
  const incoming = nodeMessageOf(c);
  if (!incoming) return c.req.header(name);
  const value = incoming.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** The request body as UTF-8 text, read once. */
export function requestText(c: Context): Promise<string> {
  const incoming = nodeMessageOf(c);
  // A body someone else began to read (the adapter's web stream, once a full Request was built) is theirs to finish.
  if (!incoming || incoming.readableFlowing !== null || incoming.readableDidRead) return c.req.text();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.once('end', () => resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8')));
    incoming.once('error', reject);
  });
}

/**
 * The path exactly as the client sent it, without the query. Not `c.req.path`: an app may route on a rewritten path
 * (the Twilio app drops `.json`), while fault rules and request classes are written against the wire path.
 */
export function wirePath(c: Context): string {
  const incoming = nodeMessageOf(c);
  const target = incoming?.url ?? c.req.url.replace(/^[a-z]+:\/\/[^/]+/i, '');
  const end = target.search(/[?#]/);
  return end === -1 ? target : target.slice(0, end);
}

/** Hono types shared by the sandbox's middleware and routes. */
import type { Context, Hono } from 'hono';
import type { Params } from './params';

/** Per-request variables set by middleware. */
export interface SandboxEnv {
  Variables: {
    /** Query string (GET/DELETE) or form body (POST) parameters. */
    params: Params;
    /** The raw query, for echoing filters into page URIs. */
    query: URLSearchParams;
  };
}

/** The sandbox's Hono app type. */
export type SandboxApp = Hono<SandboxEnv>;

/** A request context inside the sandbox. */
export type SandboxCtx = Context<SandboxEnv>;

/** `GET /v2/available_phone_numbers`: Telnyx's number search over the shared inventory. */
import type { SandboxContext } from '../../context';
import type { TelnyxApp } from '../http/router';
import { TelnyxQuery } from '../http/query';
import { readNumberSearch, searchAvailableNumbers } from '../number-search';

/** Registers the search route. */
export function registerTelnyxAvailableNumberRoutes(app: TelnyxApp, ctx: SandboxContext): void {
  app.get('/available_phone_numbers', (c) => {
    const search = readNumberSearch(new TelnyxQuery(new URL(c.req.url).searchParams));
    return c.json(searchAvailableNumbers(ctx, search));
  });
}

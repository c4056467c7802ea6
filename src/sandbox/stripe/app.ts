/**
 * The Stripe sub-app: API v1 at `/v1`, so the official SDK reaches it with `{host, port, protocol: 'http'}`
 * (createStripeClient's `baseUrl`), and the billing part of API v2 at `/v2/billing` (v2-app.ts), which it takes over
 * inside Telnyx's `/v2` (mount.ts). The v1 pipeline: Request-Id and Stripe-Version headers on every answer, secret-key
 * authentication, the sandbox's shared pacing and fault injection (refusals in Stripe's shape), the parameters
 * decoded once, Idempotency-Key replay, then the routes. Unknown paths get Stripe's 404.
 */
import type { SandboxContext } from '../context';
import { paceLikeCarrier } from '../http/carrier-pace';
import { injectFaults } from '../http/fault-injection';
import type { SandboxSubApp } from '../mount';
import { settleDueBilling } from './billing-time/settle-due-billing';
import { canonicalForm } from './http/form';
import { idempotentPosts } from './http/idempotency';
import { classifyStripeRequest, readStripeParams, requireStripeKey, stripeRequestHeaders } from './http/pipeline';
import { createStripeRouter, STRIPE_PREFIX, type StripeEnv } from './http/router';
import { StripeApiError, stripeErrorResponse, stripeRefusalResponse } from './http/stripe-error';
import { registerStripeBillingMeterRoutes } from './routes/billing-meters';
import { registerStripeCatalogueRoutes } from './routes/catalogue';
import { registerStripeCouponRoutes } from './routes/coupons';
import { registerStripeCustomerBalanceRoutes } from './routes/customer-balance-transactions';
import { registerStripeCustomerTaxIdRoutes } from './routes/customer-tax-ids';
import { registerStripeCustomerRoutes } from './routes/customers';
import { registerStripeEventRoutes } from './routes/events';
import { registerStripeInvoiceItemRoutes } from './routes/invoice-items';
import { registerStripeInvoicePreviewRoutes } from './routes/invoice-preview';
import { registerStripeInvoiceRoutes } from './routes/invoices';
import { registerStripeMeterEventRoutes } from './routes/meter-events';
import { registerStripePaymentIntentRoutes } from './routes/payment-intents';
import { registerStripePaymentMethodRoutes } from './routes/payment-methods';
import { registerStripeRefundAndSetupIntentRoutes } from './routes/refunds-and-setup-intents';
import { registerStripeSubscriptionItemRoutes } from './routes/subscription-items';
import { registerStripeSubscriptionScheduleRoutes } from './routes/subscription-schedules';
import { registerStripeSubscriptionRoutes } from './routes/subscriptions';
import { registerStripeTestClockRoutes } from './routes/test-clocks';
import { registerStripeWebhookEndpointRoutes } from './routes/webhook-endpoints';
import { STRIPE_V2_BILLING_PREFIX } from './http/v2-pipeline';
import { createStripeV2App } from './v2-app';

/** The account whose concurrency slots Stripe requests take (each API has its own, as on the carriers). */
const STRIPE_ACCOUNT = 'stripe';

/** Renders anything a Stripe route threw. */
function renderError(err: Error, method: string, path: string): Response {
  if (err instanceof StripeApiError) return stripeErrorResponse(err);
  // Bad input must never reach here; anything that does is a sandbox bug, reported in Stripe's shape.
  console.error(`[sandbox] ${method} ${path}: ${err.stack ?? err}`);
  return stripeErrorResponse(new StripeApiError(500, 'api_error', 'An unknown error occurred in the sandbox.'));
}

/** Whether an absolute request URL's path starts with `/v2/` (without parsing the whole URL on the v1 hot path). */
function isV2(url: string): boolean {
  return url.startsWith('/v2/', url.indexOf('/', url.indexOf('//') + 2));
}

/** Builds the Stripe sub-app for one sandbox. */
export function createStripeApp(ctx: SandboxContext): SandboxSubApp {
  const app = createStripeRouter();
  app.onError((err, c) => renderError(err, c.req.method, c.req.path));
  app.notFound((c) => stripeErrorResponse(new StripeApiError(404, 'invalid_request_error', `Unrecognized request URL (${c.req.method}: ${new URL(c.req.url).pathname}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`)));
  app.use('*', stripeRequestHeaders());
  app.use('*', requireStripeKey(ctx));
  // Before the body is read and faults are decided: a concurrency 429 promises the request did no work.
  app.use('*', paceLikeCarrier(ctx, { renderRefusal: stripeRefusalResponse, classify: classifyStripeRequest, account: STRIPE_ACCOUNT }));
  app.use('*', injectFaults(ctx, stripeRefusalResponse));
  app.use('*', readStripeParams());
  app.use('*', idempotentPosts<StripeEnv>(ctx, (c) => canonicalForm(c.get('params').toObject())));
  app.use('*', settleDueBilling(ctx));

  registerStripeCustomerRoutes(app, ctx);
  registerStripeCustomerTaxIdRoutes(app, ctx);
  registerStripeCustomerBalanceRoutes(app, ctx);
  registerStripePaymentMethodRoutes(app, ctx);
  registerStripeCatalogueRoutes(app, ctx);
  registerStripePaymentIntentRoutes(app, ctx);
  registerStripeRefundAndSetupIntentRoutes(app, ctx);
  registerStripeEventRoutes(app, ctx);
  registerStripeWebhookEndpointRoutes(app, ctx);
  registerStripeTestClockRoutes(app, ctx);
  registerStripeBillingMeterRoutes(app, ctx);
  registerStripeMeterEventRoutes(app, ctx);
  registerStripeCouponRoutes(app, ctx);
  registerStripeSubscriptionRoutes(app, ctx);
  registerStripeSubscriptionItemRoutes(app, ctx);
  registerStripeSubscriptionScheduleRoutes(app, ctx);
  registerStripeInvoiceItemRoutes(app, ctx);
  registerStripeInvoicePreviewRoutes(app, ctx);
  registerStripeInvoiceRoutes(app, ctx);
  const v2 = createStripeV2App(ctx, STRIPE_ACCOUNT);
  return {
    name: 'stripe',
    prefixes: [STRIPE_PREFIX],
    nestedPrefixes: [STRIPE_V2_BILLING_PREFIX],
    fetch: (request, env) => (isV2(request.url) ? v2.fetch(request, env) : app.fetch(request, env)),
  };
}

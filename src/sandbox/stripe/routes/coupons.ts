/**
 * `/v1/coupons`: create (a chosen or generated id; `percent_off`, or `amount_off` with `currency`; `duration`
 * once, repeating with `duration_in_months`, or forever; `max_redemptions`, `redeem_by`), list, retrieve, update (name
 * and metadata only, as on Stripe) and delete (existing discounts keep applying). Subscriptions and invoices redeem
 * them with `discounts[][coupon]` (invoicing/coupons.ts).
 */
import type { SandboxContext } from '../../context';
import { listObjects, readListRequest } from '../http/list';
import { applyMetadata } from '../http/params';
import { respond } from '../http/respond';
import type { StripeApp } from '../http/router';
import { invalidParam, invalidRequest, resourceMissing } from '../http/stripe-error';
import { COUPON_TYPE, couponValid, type CouponDoc } from '../invoicing/coupons';
import { findObject } from '../services/lookup';
import { randomBytes } from 'node:crypto';

/** Registers the routes. */
export function registerStripeCouponRoutes(app: StripeApp, ctx: SandboxContext): void {
  const store = ctx.stripe.store;
  /** A coupon that was not deleted (a deleted one is kept only for the discounts that redeemed it). */
  const find = (id: string) => {
    const coupon = findObject<CouponDoc>(ctx, COUPON_TYPE, id);
    if (coupon.deleted_at !== undefined) throw resourceMissing('coupon', id);
    return coupon;
  };

  app.post('/coupons', (c) => {
    const params = c.get('params').allowOnly(['id', 'amount_off', 'currency', 'duration', 'duration_in_months', 'max_redemptions', 'metadata', 'name', 'percent_off', 'redeem_by', 'applies_to', 'currency_options']);
    if (params.has('applies_to')) throw invalidParam('applies_to', 'Coupons limited to products (applies_to) are not supported by the sandbox.');
    if (params.has('currency_options')) throw invalidParam('currency_options', 'currency_options is not supported by the sandbox; use one amount_off and currency.');
    const percentOff = params.number('percent_off', { min: 0.01, max: 100 });
    const amountOff = params.integer('amount_off', { min: 1, max: 99_999_999 });
    if ((percentOff === undefined) === (amountOff === undefined)) throw invalidRequest('You must specify exactly one of percent_off or amount_off.', 'percent_off');
    const currency = params.currency('currency');
    if (amountOff !== undefined && currency === undefined) throw invalidRequest('Missing required param: currency (an amount_off coupon is in one currency).', 'currency', 'parameter_missing');
    const duration = params.oneOf('duration', ['once', 'repeating', 'forever'] as const) ?? 'once';
    const months = params.integer('duration_in_months', { min: 1, max: 1200 });
    if ((duration === 'repeating') !== (months !== undefined)) {
      throw invalidParam('duration_in_months', 'duration_in_months is required with duration=repeating, and only then.');
    }
    const id = params.string('id', { maxLength: 200 }) ?? randomBytes(6).toString('base64url').replace(/[-_]/g, 'x');
    if (store.seqOf(id) !== undefined) throw invalidParam('id', `Coupon already exists: ${id}.`, 'resource_already_exists');
    const now = ctx.stripe.timeOf();
    const coupon: CouponDoc = {
      id,
      object: 'coupon',
      amount_off: amountOff ?? null,
      created: now,
      currency: currency ?? null,
      duration,
      duration_in_months: months ?? null,
      livemode: false,
      max_redemptions: params.integer('max_redemptions', { min: 1 }) ?? null,
      metadata: applyMetadata({}, params.metadata()),
      name: params.string('name', { maxLength: 40 }) ?? null,
      percent_off: percentOff ?? null,
      redeem_by: params.timestamp('redeem_by') ?? null,
      times_redeemed: 0,
      valid: true,
    };
    store.insert({ ...coupon, valid: couponValid(coupon, now) });
    return respond(ctx, c, find(id));
  });

  app.get('/coupons', (c) => respond(ctx, c, listObjects<CouponDoc>(store, { type: COUPON_TYPE, where: (coupon) => coupon.deleted_at === undefined }, readListRequest(c.get('params')), '/v1/coupons')));

  app.get('/coupons/:id', (c) => {
    c.get('params').allowOnly([]);
    return respond(ctx, c, find(c.req.param('id')));
  });

  app.post('/coupons/:id', (c) => {
    const coupon = find(c.req.param('id'));
    const params = c.get('params').allowOnly(['name', 'metadata']);
    const name = params.nullableString('name', { maxLength: 40 });
    return respond(ctx, c, store.update({ ...coupon, name: name === undefined ? coupon.name : name, metadata: applyMetadata(coupon.metadata, params.metadata()) }));
  });

  app.delete('/coupons/:id', (c) => {
    c.get('params').allowOnly([]);
    const coupon = find(c.req.param('id'));
    // Discounts that redeemed it keep applying (they read the coupon by id), as on Stripe: the coupon only stops being offered.
    store.update({ ...coupon, valid: false, deleted_at: ctx.stripe.timeOf() });
    return respond(ctx, c, { id: coupon.id, object: 'coupon', deleted: true });
  });
}

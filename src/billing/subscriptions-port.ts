/** Subscriptions, their items and one-off invoice items (setup fees). */

/** Subscriptions, their items and one-off invoice items (setup fees). */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface BillingSubscriptions {}

/** The RoutingPlan resource: a routing plan deployed as a Twilio Studio flow, and the webhook numbers bind to. */
export * from './model';
export * from './handler';
export * from '../../carriers/studio-webhook';
export * from './plan-source';

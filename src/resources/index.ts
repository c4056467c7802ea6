/** didops resources: each a model plus one lifecycle handler that both adapters drive. */
export * from '../carriers/ownership-marker';
export * from './phone-number';
export * from './emergency-address';
export * from './routing-plan';
export * from './billing-subscription';
export * from './rate-card';
export * from './billing-account';

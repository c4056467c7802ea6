/** didops for Pulumi programs. */
export * from './config';
export * from './get-available-numbers';
export * from './resources';
export * from './billing-resources';
export { definePlan, type RoutingPlanInput } from '../../src/routing/model';

/** The EmergencyAddress resource: model and lifecycle handler. */
export * from './model';
export * from './handler';

/** Routing plans: the model, plan files, checks, the Studio compiler, the simulator and the reviewer's renderers. */
export * from './model';
export * from './parse';
export * from './schedule';
export * from './call-scenario';
export * from './simulate';
export * from './check';
export * from './compile';

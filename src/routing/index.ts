/** Routing plans: the model, plan files, checks, the Studio compiler, the simulator and the reviewer's renderers. */
export * from './model';
export * from './parse';
export * from './schedule';
export * from './call-scenario';
export * from './decide';
export * from './simulate';
export * from './check';
export * from './compile';
export * from './graph';
export * from './describe';
export * from './render-mermaid';
export * from './diff';
// render-image is left out on purpose: it loads the native resvg module; import 'didops/routing/render-image' style paths from dist when needed.

/** Number search: criteria, geography checks, patterns with pushdown, pricing and bulk availability. */
export * from './criteria';
export * from './geography';
export * from './patterns';
export * from './pricing';
export * from './availability';
export * from './search-numbers';
export * from './memorability';
export * from './sequences';

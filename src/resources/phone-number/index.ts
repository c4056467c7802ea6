/** The PhoneNumber resource: model, lifecycle handler and ownership marker. */
export * from './model';
export * from './handler';
export * from './number-fit';

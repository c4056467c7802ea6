/** The RateCard resource: a rate card as products, prices and meters on the billing provider. */
export * from './model';
export * from './handler';
export * from './catalogue-plan';

/**
 * What didops knows about numbering in each country: the number types offered, their prices, address rules and
 * capabilities, regions in the country's own terms, and the NANP area codes. Search validates against it and the
 * sandbox generates its inventory from it.
 */
export * from './countries';
export * from './north-america';
export * from './nanp-lookup';

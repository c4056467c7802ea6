/**
 * The kysely `Database`: every area's tables, one interface per area in tables/<area>.ts. An area adding tables adds
 * its interface to this intersection (and its migration to migrations/index.ts).
 */
import type { AnalyticsTables } from './tables/analytics';
import type { CoreTables } from './tables/core';

/** All tables of the reconciler's schema. */
export type Database = CoreTables & AnalyticsTables;

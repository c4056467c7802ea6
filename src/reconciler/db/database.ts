/**
 * The kysely `Database`: every area's tables, one interface per area in tables/<area>.ts. An area adding tables adds
 * its interface to this intersection (and its migration to migrations/index.ts).
 */
import type { AlertsTables } from './tables/alerts';
import type { AuthTables } from './tables/auth';
import type { CoreTables } from './tables/core';
import type { RetentionTables } from './tables/retention';

/** All tables of the reconciler's schema. */
export type Database = CoreTables & AuthTables & AlertsTables & RetentionTables;

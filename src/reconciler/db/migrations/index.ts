/**
 * Every migration, by name, in the order kysely applies them (names sort). Each area owns one numbered file
 * (`NNNN-<area>.ts`) and adds one line here, so parallel work does not collide. Never edit an applied migration:
 * add the next number.
 */
import type { Migration } from 'kysely';
import { coreMigration } from './0001-core';
import { analyticsMigration } from './0009-analytics';

/** The reconciler's migrations by name. */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-core': coreMigration,
  '0009-analytics': analyticsMigration,
};

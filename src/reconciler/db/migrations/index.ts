/**
 * Every migration, by name, in the order kysely applies them (names sort). Each area owns one numbered file
 * (`NNNN-<area>.ts`) and adds one line here, so parallel work does not collide. Never edit an applied migration:
 * add the next number.
 */
import type { Migration } from 'kysely';
import { coreMigration } from './0001-core';
import { alertsMigration } from './0006-alerts';
import { apiAuthMigration } from './0007-api-auth';
import { retentionMigration } from './0008-retention';

/** The reconciler's migrations by name. */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-core': coreMigration,
  '0006-alerts': alertsMigration,
  '0007-api-auth': apiAuthMigration,
  '0008-retention': retentionMigration,
};

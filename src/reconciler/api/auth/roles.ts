/**
 * Roles (what a credential may do) and permissions (what a route needs). A route declares one permission; a role is
 * the set of permissions it grants. Kept as data so the docs table and the checks cannot disagree.
 */
import { z } from 'zod';

/** The roles a key or OAuth client can have, from least to most powerful. */
export const ROLES = ['read-only', 'billing', 'admin'] as const;

/** A credential's role. */
export type Role = (typeof ROLES)[number];

/** The zod model of a role, for request bodies and CLI flags. */
export const roleSchema = z.enum(ROLES);

/**
 * What a route needs:
 * - `read`: read the caller's data (numbers, call logs, analytics, usage, alerts);
 * - `export`: download documents and exports (CSV, XLSX, PDF, GDPR access), which are audited;
 * - `billing`: change billing state (close a period, alerts, push usage);
 * - `admin`: manage keys, clients and the caller's own accounts' settings;
 * - `operator`: change what exists across tenants (register accounts, retention): an admin bound to all accounts.
 */
export type Permission = 'read' | 'export' | 'billing' | 'admin' | 'operator';

/** The permissions each role grants (`operator` additionally needs the credential to be bound to all accounts). */
export const PERMISSIONS_OF_ROLE: Readonly<Record<Role, readonly Permission[]>> = {
  'read-only': ['read'],
  billing: ['read', 'export', 'billing'],
  admin: ['read', 'export', 'billing', 'admin', 'operator'],
};

/** True when `role` grants `permission`. */
export function roleGrants(role: Role, permission: Permission): boolean {
  return PERMISSIONS_OF_ROLE[role].includes(permission);
}

/** True when `role` is at least as powerful as `other` (an OAuth client may ask for its own role or a lesser one). */
export function roleCovers(role: Role, other: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(other);
}

/** Methods that only read; the read-only role is limited to these whatever the route declares. */
export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

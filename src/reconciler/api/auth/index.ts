/** The API's authentication and authorization, as route authors and the service use them. */
export { allow, authenticate, principalOf, scopeOf, type AllowOptions, type Authenticators, type RouteAccess } from './middleware';
export { TenantScope, type AccountFilter } from './tenancy';
export { ROLES, roleSchema, roleGrants, PERMISSIONS_OF_ROLE, type Permission, type Role } from './roles';
export { actorOf, type AccountBinding, type Principal } from './principal';
export { buildAuthServices, type AuthServices } from './build';
export { authConfigSchema, type AuthConfig } from './config';
export { Credentials, presentCredential, type CredentialRecord, type CredentialStore } from './credentials';
export { AccessTokens, type TokenSigning } from './access-tokens';

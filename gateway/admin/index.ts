// Public face of the admin listener.
export { createAdminApp, type AdminContext } from './create-admin-app.js'
export { createRequireRoles, rolesOf, type AdminEnv, type RoleCheck } from './require-roles.js'
export {
  createRoleTokenVerifier,
  issueRoleToken,
  MAX_ROLE_TOKEN_TTL_S,
  revokeRoleToken,
  ROLE_TOKEN_TYPE,
  ROLES,
  type Principal,
  type Role,
  type RoleTokenVerifier,
} from './role-tokens.js'
export {
  MAX_PAGE,
  parseRecordQuery,
  queryRecords,
  toCsv,
  type RecordQuery,
} from './record-query.js'
export { ADMIN_CHANGES_FILE, AdminChangesError, openAdminChanges } from './admin-changes.js'
export type { AdminChange, AdminChanges } from './admin-changes.js'
export { applyAdminChange, grantTargets, type AdminChangeTarget } from './admin-actions.js'
export { createBackendAllowList } from './backend-allow-list.js'

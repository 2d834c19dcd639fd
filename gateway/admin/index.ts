// Public face of the admin listener.
export { createAdminApp, type AdminContext } from './create-admin-app.js'

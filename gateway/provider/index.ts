// Public face of the provider side.
export { createProviderApp } from './create-provider-app.js'
export { publishService, publishServices } from './publish-services.js'
export type { ProviderContext, PublishedService } from './provider-context.js'
export {
  createServiceBackend,
  type ServiceBackend,
  type ServiceBackendOptions,
  type BackendRequest,
  type BackendResponse,
} from './forward-to-service.js'
export { createSiblingQuery, LOCAL_SCOPE_HEADER, type SiblingQuery } from './ask-siblings.js'

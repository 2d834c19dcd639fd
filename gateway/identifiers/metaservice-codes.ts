// Service codes X-Road reserves for metaservices (service metadata protocol for REST §4–5).

export const METASERVICE_CODES: ReadonlySet<string> = new Set([
  'listMethods',
  'allowedMethods',
  'getOpenAPI',
])

export function isMetaservice(serviceCode: string): boolean {
  return METASERVICE_CODES.has(serviceCode)
}

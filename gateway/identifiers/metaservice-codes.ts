// Service codes X-Road reserves for metaservices (service metadata protocol for REST §4–5).

export const METASERVICE_CODES: ReadonlySet<string> = new Set([
  'listMethods',
  'allowedMethods',
  'getOpenAPI',
  // The data tracker's service (DESIGN §5), answered by the provider gateway itself like these.
  'findUsage',
])

export function isMetaservice(serviceCode: string): boolean {
  return METASERVICE_CODES.has(serviceCode)
}

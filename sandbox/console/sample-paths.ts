// A first request worth trying on each sandbox service, about the demo citizen where it can be.
const SAMPLE_PATHS: Record<string, (pin: string) => string> = {
  persons: (pin) => `/${pin}`,
  licences: (pin) => `/${pin}`,
  vehicles: (pin) => `?ownerPin=${pin}`,
  fines: (pin) => `?pin=${pin}`,
  certificates: (pin) => `?pin=${pin}`,
  businesses: (pin) => `?directorPin=${pin}`,
}

/** The path below the service to prefill the try-it form with (`/` when nothing fits). */
export function samplePath(serviceCode: string, demoPin: string): string {
  const sample = Object.hasOwn(SAMPLE_PATHS, serviceCode) ? SAMPLE_PATHS[serviceCode] : undefined
  return sample ? sample(demoPin) : '/'
}

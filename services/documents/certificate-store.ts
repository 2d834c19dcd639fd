// The register's issued certificates, in memory: by number, and by holder newest first.

import type { Certificate, CertificateType } from './certificate.js'

export interface Page<T> {
  items: T[]
  page: number
  limit: number
  total: number
}

export interface CertificateFilter {
  pin: string
  type?: CertificateType
  page: number
  limit: number
}

export interface CertificateStore {
  get(id: string): Certificate | undefined
  has(id: string): boolean
  /** Refuses a number already used: an issued certificate is never replaced. */
  add(certificate: Certificate): void
  list(filter: CertificateFilter): Page<Certificate>
}

/**
 * Creates an empty store; each app instance has its own.
 *
 * @example
 * const store = createCertificateStore()
 * store.add(certificate)
 * store.list({ pin: certificate.pin, page: 1, limit: 20 }).total // 1
 */
export function createCertificateStore(): CertificateStore {
  const byId = new Map<string, Certificate>()
  const byPin = new Map<string, Certificate[]>()
  return {
    get: (id) => byId.get(id),
    has: (id) => byId.has(id),
    add(certificate) {
      if (byId.has(certificate.id)) throw new Error('certificate number already issued')
      byId.set(certificate.id, Object.freeze(certificate))
      const held = byPin.get(certificate.pin) ?? []
      held.unshift(certificate)
      byPin.set(certificate.pin, held)
    },
    list({ pin, type, page, limit }) {
      const held = byPin.get(pin) ?? []
      const matches = type === undefined ? held : held.filter((c) => c.type === type)
      const start = (page - 1) * limit
      return { items: matches.slice(start, start + limit), page, limit, total: matches.length }
    },
  }
}

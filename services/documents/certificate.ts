// The civil registry's certificate document: its types, languages, validity and fields.

import type { Address } from '../shared/index.js'

export const CERTIFICATE_TYPES = ['residence', 'no-criminal-record', 'birth'] as const
export type CertificateType = (typeof CERTIFICATE_TYPES)[number]

/** Languages a certificate's printed form can be issued in (state language, official, English). */
export const CERTIFICATE_LANGUAGES = ['ky', 'ru', 'en'] as const
export type CertificateLanguage = (typeof CERTIFICATE_LANGUAGES)[number]
export const DEFAULT_LANGUAGE: CertificateLanguage = 'ky'

export const ISSUER = 'Civil Registry of the Kyrgyz Republic'
export const MAX_PURPOSE_LENGTH = 200

/** Days a certificate stays valid after issue; null means it does not expire. */
export const VALIDITY_DAYS: Readonly<Record<CertificateType, number | null>> = {
  residence: 90,
  'no-criminal-record': 30,
  birth: null,
}

/** Residence: the registered address and the date the registration began. */
export interface ResidenceContent {
  address: Address
  registeredSince: string
}

/** No criminal record: issued only when the criminal records register has no entry. */
export interface NoCriminalRecordContent {
  hasRecord: false
}

/** Birth: as the birth record shows it; a parent not on the register is null. */
export interface BirthContent {
  dateOfBirth: string
  placeOfBirth: string
  sex: 'female' | 'male'
  mother: string | null
  father: string | null
}

export type CertificateContent = ResidenceContent | NoCriminalRecordContent | BirthContent

/** An issued certificate. `digest` covers every other field (see `digest.ts`). */
export interface Certificate {
  id: string
  type: CertificateType
  pin: string
  holderName: string
  issuedAt: string
  validUntil: string | null
  purpose: string
  language: CertificateLanguage
  issuer: typeof ISSUER
  content: CertificateContent
  digest: string
}

/** What a client asks for, once validated. */
export interface CertificateRequest {
  type: CertificateType
  pin: string
  purpose: string
  language: CertificateLanguage
}

// Example values for the documents contract: the default population and the register's samples.

/** The demo citizen (`DEMO_PIN`), who holds the register's two sample certificates. */
export const EXAMPLE_PIN = '22905199138381'
/** A living person of the default population with an entry in the criminal records register. */
export const EXAMPLE_RECORD_PIN = '10604198926571'
/** A deceased person of the default population. */
export const EXAMPLE_DECEASED_PIN = '20812195967832'

const HOLDER = { pin: EXAMPLE_PIN, holderName: 'Abdrakhmanov Beksultan Zhoomartovich' }
const ISSUER = 'Civil Registry of the Kyrgyz Republic'

/** Sample certificate, held by every fresh register with the default seed. */
export const EXAMPLE_BIRTH_CERTIFICATE = {
  id: 'KG-CRT-S0HW6V3V8X',
  type: 'birth',
  ...HOLDER,
  issuedAt: '2024-11-18T14:40:00Z',
  validUntil: null,
  purpose: 'Application for a foreign passport',
  language: 'ru',
  issuer: ISSUER,
  content: {
    dateOfBirth: '1991-05-29',
    placeOfBirth: 'Uzgen',
    sex: 'male',
    mother: 'Osmonova Meerim Adiletovna',
    father: 'Abdrakhmanov Zhoomart Erkinovich',
  },
  digest: 'sha-256=:ln5uO2nyMvZUa5zvPPyfET/aYEaP8qrIrDr/OeeGHr4=:',
}

/** Sample certificate, held by every fresh register with the default seed. */
export const EXAMPLE_RESIDENCE_CERTIFICATE = {
  id: 'KG-CRT-PMNWF29E95',
  type: 'residence',
  ...HOLDER,
  issuedAt: '2024-12-02T09:15:00Z',
  validUntil: '2025-03-02T09:15:00Z',
  purpose: 'Enrolment of a child at school',
  language: 'ky',
  issuer: ISSUER,
  content: {
    address: {
      region: 'Bishkek',
      city: 'Bishkek',
      street: 'Togolok Moldo Street',
      house: '43',
      apartment: '128',
    },
    registeredSince: '2013-10-15',
  },
  digest: 'sha-256=:RpohRC5S/+w9F5tFy8CqXSdB/LJz4K3Zpi9vZfufDF4=:',
}

export const EXAMPLE_IDEMPOTENCY_KEY = '5b0f3c8e-2d7a-4f1b-9c3e-8a6d4e2f1b7c'

/** `POST /certificates` body of the example. */
export const EXAMPLE_ISSUE_REQUEST = {
  type: 'no-criminal-record',
  pin: EXAMPLE_PIN,
  purpose: 'Employment at a state agency',
  language: 'en',
}

/** The number and clock a register must be given to answer the example with `EXAMPLE_ISSUED`. */
export const EXAMPLE_NEW_ID = 'KG-CRT-4N7QX2M9TD'
export const EXAMPLE_ISSUED_AT = '2025-01-15T10:00:00Z'

export const EXAMPLE_ISSUED = {
  id: EXAMPLE_NEW_ID,
  type: 'no-criminal-record',
  ...HOLDER,
  issuedAt: EXAMPLE_ISSUED_AT,
  validUntil: '2025-02-14T10:00:00Z',
  purpose: EXAMPLE_ISSUE_REQUEST.purpose,
  language: 'en',
  issuer: ISSUER,
  content: { hasRecord: false },
  digest: 'sha-256=:XfUcCdv+nSE4bkBCXfxoBHyX6C6GTT3JHLh4yESI2KE=:',
}

/** `GET /certificates?pin=22905199138381&type=residence&page=1&limit=20` */
export const EXAMPLE_PAGE = { items: [EXAMPLE_RESIDENCE_CERTIFICATE], page: 1, limit: 20, total: 1 }

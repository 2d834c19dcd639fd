// The civil documents register against its contract.
import {
  EXAMPLE_DECEASED_PIN,
  EXAMPLE_ISSUE_REQUEST,
  EXAMPLE_ISSUED_AT,
  EXAMPLE_NEW_ID,
  EXAMPLE_PIN,
  EXAMPLE_RECORD_PIN,
} from '#contracts/documents/examples.js'
import { createDocumentsApp } from '#services/documents/index.js'
import { describeContract } from './describe-contract.js'

/** The example's number first, then distinct ones, so a later issue cannot reuse it. */
function exampleIds(): () => string {
  let count = 0
  return () => (count++ === 0 ? EXAMPLE_NEW_ID : `KG-CRT-${String(count).padStart(10, '0')}`)
}

const post = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'post',
  url: '/certificates',
  body,
  headers,
})
const KEY = { 'idempotency-key': 'contract-probe-key' }

describeContract('documents', {
  createApp: () =>
    createDocumentsApp({ now: () => Date.parse(EXAMPLE_ISSUED_AT), createId: exampleIds() }),
  errorProbes: [
    '/certificates/KG-CRT-123',
    '/certificates/KG-CRT-ILOU000000',
    '/certificates/KG-CRT-0000000000',
    '/certificates',
    `/certificates?type=birth`,
    `/certificates?pin=123&type=birth`,
    `/certificates?pin=${EXAMPLE_PIN}&type=marriage`,
    `/certificates?pin=${EXAMPLE_PIN}&limit=0`,
    '/certificates?pin=29999999999999',
    post({ ...EXAMPLE_ISSUE_REQUEST, purpose: '' }),
    post({ ...EXAMPLE_ISSUE_REQUEST, type: 'marriage' }),
    post({ ...EXAMPLE_ISSUE_REQUEST, extra: true }),
    post([EXAMPLE_ISSUE_REQUEST]),
    post({ ...EXAMPLE_ISSUE_REQUEST, purpose: 'x'.repeat(5000) }),
    post({ ...EXAMPLE_ISSUE_REQUEST, pin: '29999999999999' }),
    post({ ...EXAMPLE_ISSUE_REQUEST, pin: EXAMPLE_RECORD_PIN }),
    post({ ...EXAMPLE_ISSUE_REQUEST, type: 'residence', pin: EXAMPLE_DECEASED_PIN }),
    post(EXAMPLE_ISSUE_REQUEST, { 'idempotency-key': 'not a key' }),
    post(EXAMPLE_ISSUE_REQUEST, { 'content-type': 'text/plain' }),
    // The first use of the key stores its 404; the same key with another body is then 422.
    post({ ...EXAMPLE_ISSUE_REQUEST, pin: '29999999999998' }, KEY),
    post({ ...EXAMPLE_ISSUE_REQUEST, pin: '29999999999997' }, KEY),
  ],
})

// The fines register on a real socket: list, pay with an Idempotency-Key, replay, close.

import { describe, expect, it } from 'vitest'
import type { Fine, PaymentReceipt } from '#services/fines/index.js'
import { startFinesServer } from '#services/fines/index.js'
import { DEMO_PIN } from '#services/shared/index.js'

describe('startFinesServer', () => {
  it('pays a fine over HTTP once, replaying the receipt for a retried key', async () => {
    const server = await startFinesServer({ port: 0 })
    try {
      const list = await fetch(`${server.url}/fines?pin=${DEMO_PIN}&status=unpaid`)
      const [fine] = ((await list.json()) as { items: Fine[] }).items
      expect(fine).toBeDefined()
      const pay = () =>
        fetch(`${server.url}/fines/${fine?.fineId}/payments`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': 'retry-1' },
          body: JSON.stringify({ amount: fine?.amount, currency: 'KGS', payerReference: 'BANK-1' }),
        })
      const first = await pay()
      const retry = await pay()
      expect([first.status, retry.status]).toEqual([201, 201])
      expect(retry.headers.get('idempotent-replayed')).toBe('true')
      const receipt = (await first.json()) as PaymentReceipt
      expect(await retry.json()).toEqual(receipt)
      const after = await fetch(`${server.url}/fines/${fine?.fineId}`)
      expect(await after.json()).toMatchObject({ status: 'paid', paidAt: receipt.paidAt })
    } finally {
      await server.close()
    }
  })
})

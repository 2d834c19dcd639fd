// The shape of one message-log record: one exchange as seen by one gateway (docs/design.md §5).

/** Covered components, parameters and value of one RFC 9421 signature, as sent on the wire. */
export interface SignatureEvidence {
  /** The `Signature-Input` member value, e.g. `("@method" …);created=…;keyid="…"`. */
  input: string
  /** The `Signature` member value, `:base64:`. */
  signature: string
  keyid: string
  /**
   * The exact signature base that was signed (RFC 9421 §2.5): with the published key, anyone
   * can check the signature offline with any RFC 9421 implementation.
   */
  base?: string
}

/** What a gateway hands to the log for one exchange; the log adds seq, time and chain fields. */
export interface AuditRecordInput {
  /** `admin`: a change made through the admin listener (a grant, a revocation, a disabled service). */
  side: 'consumer' | 'provider' | 'admin'
  /** For admin records: what was done, and to what. */
  action?: { kind: string; detail: Record<string, unknown> }
  /** The gateway node that wrote the record, `KG/GOV/70000001/gw1`. */
  node: string
  xRoadId: string
  /** Shared by the request/response pair; equals the response's `X-Road-Request-Id`. */
  requestId: string
  client: string
  service: string
  method: string
  /** The path below the service, percent-encoded as received, without the query. */
  path: string
  userId?: string
  issue?: string
  representedParty?: string
  /**
   * Keyed hash of the data subject's code under the writing member's tracker key; never the plain
   * value. Wherever a personal code of the request occurred in what the record stores (path, user
   * id, issue, signature bases), it reads `{pin}` (docs/design.md §5), on either side.
   */
  dataSubject?: string
  /** The contract operation the request matched (its operationId), when the writer knew it. */
  operation?: string
  /** Why the data was used: `X-Road-Issue`, else the operation's summary (data tracker). */
  purpose?: string
  /**
   * The client was in the data tracker's covert group when the exchange was logged: findUsage
   * withholds it for the embargo whatever the group's membership or the config say later.
   */
  covert?: true
  status: number
  /** The X-Road error code when the exchange failed at a gateway. */
  error?: string
  /** Correlation id of the error body's `detail`, when there is one. */
  correlationId?: string
  timings: { receivedAt: string; respondedAt: string; durationMs: number; backendMs?: number }
  sizes: { request: number; response: number }
  digests: { request?: string; response?: string }
  /** Base64 SHA-512 of the request's signature base (`X-Road-Request-Hash`). */
  requestHash?: string
  signatures: { request?: SignatureEvidence; response?: SignatureEvidence }
  /** The W3C `traceparent` the exchange carried, so its log lines join the caller's trace. */
  trace?: string
  /** The peer gateway node, when known (TLS certificate fingerprint registered in the directory). */
  peer?: string
}

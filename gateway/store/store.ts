// The shared-state contract every gateway node uses: replay nonces, rate limits, revocations.

/** The outcome of taking one request from a rate-limit budget. */
export interface RateDecision {
  allowed: boolean
  /** Requests left in the current window after this one (0 when refused). */
  remaining: number
  /** Milliseconds until the window resets. */
  resetMs: number
}

/**
 * Shared state behind one interface (docs/design.md §6). The in-memory store serves one node; a Redis
 * store lets several nodes of one member behave as one. Every operation is atomic.
 */
export interface Store {
  /**
   * Records `key` for `ttlMs` unless it is already recorded. Resolves `true` when this call
   * recorded it (first sight), `false` when it was already there (a replay).
   */
  setIfAbsent(key: string, ttlMs: number): Promise<boolean>
  /**
   * Takes one request from the budget of `limit` requests per `windowMs` kept under `key`
   * (fixed window, atomic across nodes).
   */
  consumeRate(key: string, limit: number, windowMs: number): Promise<RateDecision>
  /** Marks an access token (by its `jti`) revoked until `ttlMs` from now (its remaining life). */
  revokeToken(jti: string, ttlMs: number): Promise<void>
  isTokenRevoked(jti: string): Promise<boolean>
  /** Whether the store can currently answer (for `/ready`). */
  ping(): Promise<boolean>
  close(): Promise<void>
}

// The shared-state contract every gateway node uses: replay nonces now, rate limits and revocations later.

/**
 * Shared state behind one interface (DESIGN §6). The in-memory store serves one node; a Redis
 * store lets several nodes of one member behave as one.
 */
export interface Store {
  /**
   * Records `key` for `ttlMs` unless it is already recorded. Resolves `true` when this call
   * recorded it (first sight), `false` when it was already there (a replay).
   */
  setIfAbsent(key: string, ttlMs: number): Promise<boolean>
  /** Whether the store can currently answer (for `/ready`). */
  ping(): Promise<boolean>
  close(): Promise<void>
}

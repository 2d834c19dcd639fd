// The console's security headers: its pages load nothing from any other origin, nor sit in frames.
import type { MiddlewareHandler } from 'hono'

/**
 * Scripts, styles, images and fetches from this console only (Swagger UI sets inline styles, and
 * its SVG icons are data: URLs); forms post back here; no plugins, frames or base rewriting.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ')

/** Every answer, error pages, refusals and assets included, carries them. */
export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONSOLE_CSP,
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
}

/** Sets the headers once the response is built, whichever handler (or `onError`) built it. */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next()
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(name, value)
  }
}

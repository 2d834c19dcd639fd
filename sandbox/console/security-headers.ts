// The console's Content-Security-Policy: its pages load nothing from any other origin.
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

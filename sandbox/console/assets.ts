// Static assets served from this process (the machine may be offline): the console's stylesheet,
// the contract page's script and Swagger UI from the installed swagger-ui-dist package.
import { readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { Hono } from 'hono'

const OWN_ASSETS = join(import.meta.dirname, 'assets')

/** The only swagger-ui-dist files served, by name: nothing else of the package is reachable. */
export const SWAGGER_UI_FILES: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-16x16.png': 'image/png',
  'favicon-32x32.png': 'image/png',
}

/** Where swagger-ui-dist is installed, the way Node resolves it for this module. */
export function swaggerUiDir(): string {
  return dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))
}

/**
 * Serves `/assets/console.css`, `/assets/contract-page.js` (both read once, here) and
 * `/assets/swagger-ui/{file}` (read on first use, then kept).
 *
 * @example mountAssets(app)
 */
export function mountAssets(app: Hono): void {
  const css = readFileSync(join(OWN_ASSETS, 'console.css'), 'utf8')
  const script = readFileSync(join(OWN_ASSETS, 'contract-page.js'), 'utf8')
  const own = { 'cache-control': 'no-cache' }
  app.get('/assets/console.css', (c) =>
    c.body(css, 200, { ...own, 'content-type': 'text/css; charset=utf-8' }),
  )
  app.get('/assets/contract-page.js', (c) =>
    c.body(script, 200, { ...own, 'content-type': 'text/javascript; charset=utf-8' }),
  )
  app.get('/favicon.ico', (c) => c.body(null, 204))
  const swaggerDir = swaggerUiDir()
  const loaded = new Map<string, Promise<Uint8Array<ArrayBuffer>>>()
  app.get('/assets/swagger-ui/:file', async (c) => {
    const file = c.req.param('file')
    const type = Object.hasOwn(SWAGGER_UI_FILES, file) ? SWAGGER_UI_FILES[file] : undefined
    if (!type) return c.text('not found', 404)
    let bytes = loaded.get(file)
    if (!bytes) {
      bytes = readFile(join(swaggerDir, file)).then((b) => new Uint8Array(b))
      loaded.set(file, bytes)
      bytes.catch(() => loaded.delete(file))
    }
    return c.body(await bytes, 200, {
      'content-type': type,
      'cache-control': 'public, max-age=3600',
    })
  })
}

// Default-deny access: a grant on the service and the normalised path, then the service enabled.
import type { NormalisedPath } from '../access/index.js'
import { GatewayError } from '../lib/errors.js'
import type { ProviderContext, PublishedService } from './provider-context.js'
import type { Exchange } from './respond-signed.js'

/**
 * Default deny on the normalised path (docs/design.md §4); a disabled service shows its notice
 * only to those granted, so its state tells nothing to anyone else.
 *
 * @example checkAccess(ctx, exchange, service, 'GET', normaliseServicePath(exchange.target.path))
 */
export function checkAccess(
  ctx: Pick<ProviderContext, 'isAllowed'>,
  exchange: Pick<Exchange, 'client' | 'target'>,
  service: Pick<PublishedService, 'config'>,
  method: string,
  path: NormalisedPath,
): void {
  checkGrant(ctx, exchange, method, path)
  const notice = service.config.disabledNotice
  if (notice !== undefined) {
    throw new GatewayError('server.serverproxy.service_disabled', {
      message: `The service is disabled: ${notice}`,
    })
  }
}

/**
 * Default deny: the client subsystem needs a grant on the service and the normalised path, else
 * `server.serverproxy.access_denied`.
 *
 * @example checkGrant(ctx, exchange, 'GET', normaliseServicePath('/findUsage/v2/findUsage'))
 */
export function checkGrant(
  ctx: Pick<ProviderContext, 'isAllowed'>,
  exchange: Pick<Exchange, 'client' | 'target'>,
  method: string,
  path: NormalisedPath,
): void {
  const request = {
    client: exchange.client,
    service: exchange.target.serviceId,
    method,
    segments: path.segments,
  }
  if (!ctx.isAllowed(request)) throw new GatewayError('server.serverproxy.access_denied')
}

// The catalogue view, for third-party developers: the signed directory's members, subsystems and
// services, each service's contract (Swagger UI) and a try-it form that sends real requests.
import type { Context, Hono } from 'hono'
import type { SandboxDescription } from '../../sandbox-file.js'
import { findService } from '../catalogue-entries.js'
import type { ConsoleContext } from '../context.js'
import { curlCommand } from '../curl-command.js'
import { fetchAllowedEndpoints, fetchContract } from '../fetch-contract.js'
import { Page } from '../layout.js'
import { samplePath } from '../sample-paths.js'
import { loadDirectory } from '../signed-directory.js'
import { parseTryForm, sendTry, tryFormFrom, type TryForm } from '../try-request.js'
import { CataloguePage } from './catalogue-list.js'
import { ContractPage, type ContractPageProps } from './contract-page.js'
import { readForm } from '../read-form.js'

/**
 * `GET /catalogue`, `GET|POST /catalogue/service?id=…` and `GET /catalogue/contract?id=…&client=…`
 * (the contract JSON the page's Swagger UI renders).
 */
export function mountCatalogueView(app: Hono, ctx: ConsoleContext): void {
  app.get('/catalogue', async (c) => {
    const sandbox = await ctx.sandbox()
    const directory = await loadDirectory(sandbox).catch((e: Error) => e)
    if (directory instanceof Error) return directoryMissing(c, directory)
    return c.html(<CataloguePage directory={directory} />)
  })

  app.get('/catalogue/service', async (c) => {
    const found = await serviceFor(ctx, c.req.query('id'))
    if (!found.ok) return found.response(c)
    const clientId = chosenClient(found.sandbox, c.req.query('client'))
    const form: TryForm = {
      client: clientId,
      method: 'GET',
      path: samplePath(found.props.service.serviceCode, found.sandbox.demoPin),
      body: '',
      userId: '',
      issue: '',
    }
    const allowed = await fetchAllowedEndpoints(ctx, found.props.service, clientId)
    return c.html(
      <ContractPage {...found.props} clientId={clientId} form={form} allowed={allowed} />,
    )
  })

  app.post('/catalogue/service', async (c) => {
    const found = await serviceFor(ctx, c.req.query('id'))
    if (!found.ok) return found.response(c)
    const form = tryFormFrom(await readForm(c))
    const clientIds = found.sandbox.clients.map((cl) => cl.id)
    const parsed = parseTryForm(form, clientIds)
    const shownClient = clientIds.includes(form.client) ? form.client : clientIds[0]!
    const page = { ...found.props, clientId: shownClient, form: { ...form, client: shownClient } }
    if (!parsed.ok) {
      return c.html(<ContractPage {...page} notice={{ kind: 'error', text: parsed.error }} />, 400)
    }
    const serviceId = found.props.service.entry.id
    const [outcome, allowed] = await Promise.all([
      sendTry(ctx, serviceId, parsed.request),
      fetchAllowedEndpoints(ctx, found.props.service, shownClient),
    ])
    if (!outcome.ok) {
      return c.html(
        <ContractPage
          {...page}
          allowed={allowed}
          notice={{ kind: 'error', text: outcome.error }}
        />,
        502,
      )
    }
    const consumerUrl = found.sandbox.clients.find((cl) => cl.id === shownClient)!.consumerUrl
    const curl = curlCommand({
      request: parsed.request,
      serviceId,
      consumerUrl,
      sandboxFile: ctx.sandboxFile,
    })
    const answer = { result: outcome.result, elapsedMs: outcome.elapsedMs, curl }
    return c.html(<ContractPage {...page} allowed={allowed} answer={answer} />)
  })

  app.get('/catalogue/contract', async (c) => {
    const found = await serviceFor(ctx, c.req.query('id'))
    if (!found.ok) return c.json({ error: found.error }, found.status)
    const clientId = chosenClient(found.sandbox, c.req.query('client'))
    const reading = await fetchContract(ctx, found.props.service, clientId)
    if (!reading.ok) return c.json({ error: reading.error }, 502)
    return c.json(reading.contract, 200, { 'cache-control': 'no-store' })
  })
}

type ServiceLookup =
  | {
      ok: true
      sandbox: SandboxDescription
      props: Pick<ContractPageProps, 'sandbox' | 'document' | 'service'>
    }
  | { ok: false; status: 404 | 502; error: string; response: (c: Context) => Response }

/** The directory service named by `?id=`, or the page to answer instead. */
async function serviceFor(ctx: ConsoleContext, id: string | undefined): Promise<ServiceLookup> {
  const sandbox = await ctx.sandbox()
  const directory = await loadDirectory(sandbox).catch((e: Error) => e)
  if (directory instanceof Error) {
    const error = directory.message
    return { ok: false, status: 502, error, response: (c) => directoryMissing(c, directory) }
  }
  const service = findService(directory.document, id ?? '')
  if (!service) {
    const error = 'No such service in the directory’s catalogue.'
    const response = (c: Context) =>
      c.html(
        <Page title="Unknown service" active="/catalogue" notice={{ kind: 'error', text: error }}>
          <p>
            <a href="/catalogue">Back to the catalogue</a>
          </p>
        </Page>,
        404,
      ) as Response
    return { ok: false, status: 404, error, response }
  }
  return { ok: true, sandbox, props: { sandbox, document: directory.document, service } }
}

function chosenClient(sandbox: SandboxDescription, wanted: string | undefined): string {
  const ids = sandbox.clients.map((c) => c.id)
  return wanted && ids.includes(wanted) ? wanted : ids[0]!
}

function directoryMissing(c: Context, error: Error): Response {
  return c.html(
    <Page title="Catalogue" active="/catalogue" notice={{ kind: 'error', text: error.message }}>
      <p>
        The catalogue is read from the signed directory; neither the authority nor the mirror served
        a document that verifies against the anchor.
      </p>
    </Page>,
    502,
  ) as Response
}

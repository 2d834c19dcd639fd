// The contract page's Swagger UI: loads the contract JSON from the console, renders it read-only.
/* global SwaggerUIBundle, document, fetch */

function showFailure(container, text) {
  const notice = document.createElement('p')
  notice.className = 'notice error'
  notice.setAttribute('role', 'status')
  notice.textContent = text
  container.replaceChildren(notice)
}

async function renderContract() {
  const container = document.getElementById('swagger-ui')
  if (!container) return
  const url = container.dataset.contractUrl
  let spec
  try {
    const res = await fetch(url, { headers: { accept: 'application/json' } })
    // In the browser, from the console's own server, which bounds the contract it relays.
    spec = await res.json()
    if (!res.ok) throw new Error(spec.error || `the console answered ${res.status}`)
  } catch (error) {
    showFailure(container, `The contract could not be loaded: ${error.message}`)
    return
  }
  container.replaceChildren()
  SwaggerUIBundle({
    spec,
    domNode: container,
    deepLinking: false,
    // Requests go through the try-it form (a client's own gateway), never from the browser.
    supportedSubmitMethods: [],
    // No badge from validator.swagger.io: the page must not reach any other host.
    validatorUrl: null,
    defaultModelsExpandDepth: 0,
    docExpansion: 'list',
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  })
}

renderContract()

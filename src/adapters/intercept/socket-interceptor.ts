/**
 * The socket-level path, the net under the fetch-level one: @mswjs/interceptors' HttpRequestInterceptor
 * patches `net.Socket#connect`, parses the HTTP/1 bytes any client writes (node:http, node:https,
 * axios, undici's own `request`, and a `fetch` captured before interception started, such as an
 * openai client constructed at import time) and answers on the socket. It catches every HTTP client
 * that opens a socket, so nothing reaches the network, at the price of HTTP framing per request and a
 * TLS context per https request; clients that call the global fetch never come here.
 */
import { RequestController } from '@mswjs/interceptors'
import { HttpRequestInterceptor } from '@mswjs/interceptors/http'
import { decide, type CaseRoute, type Verdict } from './case-route.js'

export function interceptSockets(currentRoute: () => CaseRoute | undefined): () => void {
  const interceptor = new HttpRequestInterceptor()
  interceptor.apply()
  // The only listener, so it must always settle the request: a request no listener answers would be
  // passed through to the network.
  interceptor.on('request', async ({ request, controller }) => {
    // The case is read when the client's bytes arrive, which happens in the async context of the
    // client's write (checked per transport by attribution.test.ts).
    let verdict: Verdict
    try {
      verdict = await decide(currentRoute(), request)
    } catch (error) {
      verdict = { error: error instanceof Error ? error : new Error(String(error)) }
    }
    // The client may have aborted meanwhile; the controller refuses a second verdict.
    if (controller.readyState !== RequestController.PENDING) return
    if (verdict.response !== undefined) controller.respondWith(verdict.response)
    else controller.errorWith(verdict.error)
  })
  return () => interceptor.dispose()
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import Router from 'find-my-way';
import { GatewayError, toGatewayError } from '../spec/errors.js';
import type { Exchange, RouteHandler } from './exchange.js';
import { sendJson } from './exchange.js';
import type { GatewayContext } from './gateway-context.js';
import { InFlightRequests } from './in-flight-requests.js';
import { sendError, type ErrorRenderer } from './render-error.js';
import { registerAccountRoutes } from './routes/register-account-routes.js';
import { registerCatalogRoutes } from './routes/register-catalog-routes.js';
import { registerInferenceRoutes } from './routes/register-inference-routes.js';
import { createUiDataSource, registerUiRoutes } from './routes/register-ui-routes.js';
import { checkHealth } from './store-health.js';
import { wantsHtmlPage, sendNotFoundPage } from '../ui/not-found-response.js';

export type RequestListener = ((request: IncomingMessage, response: ServerResponse) => void) & {
  /** Route handlers still running (shutdown waits for them). */
  inFlight: InFlightRequests;
};

/** Registers one route; the handler's failures become the error envelope (or the route's own error shape). */
export type AddRoute = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, handler: RouteHandler, renderError?: ErrorRenderer) => void;

/**
 * The gateway's HTTP request listener: node:http plus find-my-way's radix router, and one
 * place that renders every error as OpenRouter's envelope. (A framework on top measured
 * ~60 µs per request on Node 20, as much as the whole proxy floor; see BENCHMARKS.md.)
 */
export function createRequestListener(context: GatewayContext): RequestListener {
  const router = Router({
    ignoreTrailingSlash: true,
    defaultRoute: (request, response) => {
      const path = (request.url ?? '').split('?')[0] ?? '';
      if (wantsHtmlPage(request, path)) return sendNotFoundPage(request, response, path);
      sendError(response, new GatewayError('not_found', `No route for ${request.method ?? 'GET'} ${path}`));
    },
  });
  const { metrics } = context;
  const inFlight = new InFlightRequests();
  const addRoute: AddRoute = (method, path, handler, renderError) => {
    router.on(method, path, (request, response, params, _store, query) => {
      const exchange: Exchange = { request, response, params, query: query as Record<string, string | undefined> };
      if (metrics !== undefined) {
        const startedAt = performance.now();
        response.once('close', () => metrics.observeRequest(path, method, response.statusCode, (performance.now() - startedAt) / 1000));
      }
      inFlight.track(handler(exchange).catch((caught: unknown) => fail(context, exchange, caught, renderError)));
    });
  };

  addRoute('GET', '/health', async ({ response }) => {
    const report = await checkHealth(context);
    sendJson(response, report.httpStatus, report.body);
  });
  if (metrics !== undefined) {
    addRoute('GET', '/metrics', async ({ response }) => {
      const { contentType, text } = await metrics.render();
      response.writeHead(200, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
      response.end(text);
    });
  }
  registerInferenceRoutes(addRoute, context);
  const uiData = createUiDataSource(context);
  registerCatalogRoutes(addRoute, context, (model) => uiData.endpointStatistics(model));
  registerAccountRoutes(addRoute, context);
  registerUiRoutes(addRoute, context, uiData);
  const listener = (request: IncomingMessage, response: ServerResponse): void => router.lookup(request, response);
  return Object.assign(listener, { inFlight });
}

function fail(context: GatewayContext, { response }: Exchange, caught: unknown, renderError: ErrorRenderer | undefined): void {
  const error = toGatewayError(caught);
  context.metrics?.observeError(error.kind);
  if (error.kind === 'internal') context.log.error('unhandled error', { error: String(error.cause ?? caught) });
  if (response.headersSent) {
    response.destroy();
    return;
  }
  sendError(response, error, renderError);
}

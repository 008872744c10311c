import Fastify, { type FastifyInstance } from 'fastify';
import { GatewayError } from '../spec/errors.js';
import type { GatewayContext } from './gateway-context.js';
import { renderError, toHttpGatewayError } from './render-error.js';
import { registerAccountRoutes } from './routes/register-account-routes.js';
import { registerCatalogRoutes } from './routes/register-catalog-routes.js';
import { registerInferenceRoutes } from './routes/register-inference-routes.js';

/**
 * The gateway's HTTP app. Fastify for its routing and body handling speed; every error goes
 * through one handler that renders OpenRouter's envelope.
 */
export function createApp(context: GatewayContext): FastifyInstance {
  const app = Fastify({
    logger: false,
    bodyLimit: context.settings.bodyLimitBytes,
    return503OnClosing: true,
    keepAliveTimeout: 65_000,
  });

  // curl's -d sends form content type: inference bodies are JSON whatever the header says.
  const parseJson = app.getDefaultJsonParser('error', 'ignore');
  app.addContentTypeParser('*', { parseAs: 'string' }, parseJson);

  app.setErrorHandler((error, _request, reply) => {
    const gatewayError = toHttpGatewayError(error, context.settings.bodyLimitBytes);
    if (gatewayError.kind === 'internal') context.log.error('unhandled error', { error: String(gatewayError.cause ?? error) });
    if (gatewayError.retryAfterSeconds !== undefined) void reply.header('retry-after', String(Math.ceil(gatewayError.retryAfterSeconds)));
    void reply.code(gatewayError.status).type('application/json; charset=utf-8').send(JSON.stringify(renderError(gatewayError)));
  });
  app.setNotFoundHandler((request, reply) => {
    const error = new GatewayError('not_found', `No route for ${request.method} ${request.url.split('?')[0] ?? ''}`);
    void reply.code(404).type('application/json; charset=utf-8').send(JSON.stringify(renderError(error)));
  });

  app.get('/health', async () => ({ status: 'ok' }));
  registerInferenceRoutes(app, context);
  registerCatalogRoutes(app, context);
  registerAccountRoutes(app, context);
  return app;
}

import type { FastifyInstance } from 'fastify';
import { encodeModel } from '../../api/catalog/encode-model.js';
import { encodeModelEndpoints, NO_STATISTICS } from '../../api/catalog/encode-model-endpoints.js';
import { encodeProvider } from '../../api/catalog/encode-providers.js';
import { GatewayError } from '../../spec/errors.js';
import type { GatewayContext } from '../gateway-context.js';

/** The public catalog: `GET /models`, `/models/{author}/{slug}/endpoints`, `/providers`. */
export function registerCatalogRoutes(app: FastifyInstance, context: GatewayContext): void {
  // The catalog is fixed for the life of the process: encode once.
  const models = [...context.catalog.models.values()].map(encodeModel);
  const modelsBody = JSON.stringify({ data: models, total_count: models.length, links: { next: null } });
  const providersBody = JSON.stringify({ data: [...context.catalog.providers.values()].map(encodeProvider) });

  app.get('/api/v1/models', async (_request, reply) => reply.type('application/json; charset=utf-8').send(modelsBody));
  app.get('/api/v1/providers', async (_request, reply) => reply.type('application/json; charset=utf-8').send(providersBody));
  app.get<{ Params: { author: string; slug: string } }>('/api/v1/models/:author/:slug/endpoints', async (request) => {
    const id = `${request.params.author}/${request.params.slug}`;
    const model = context.catalog.models.get(id);
    if (!model) throw new GatewayError('not_found', `Model ${id} not found`);
    return { data: encodeModelEndpoints(model, () => NO_STATISTICS) };
  });
}

import { encodeModel } from '../../api/catalog/encode-model.js';
import { encodeModelEndpoints } from '../../api/catalog/encode-model-endpoints.js';
import type { EndpointStatistics } from '../../spec/usage-statistics.js';
import type { Endpoint, Model } from '../../catalog/catalog-types.js';
import { encodeProvider } from '../../api/catalog/encode-providers.js';
import { GatewayError } from '../../spec/errors.js';
import type { AddRoute } from '../create-app.js';
import { sendJson } from '../exchange.js';
import type { GatewayContext } from '../gateway-context.js';

/** The public catalog: `GET /models`, `/models/{author}/{slug}/endpoints`, `/providers`. */
export function registerCatalogRoutes(
  addRoute: AddRoute,
  context: GatewayContext,
  /** Live figures per endpoint; the model pages read the same source, so both show the same numbers. */
  statisticsFor: (model: Model) => Promise<(endpoint: Endpoint) => EndpointStatistics> = async () => (endpoint) => context.stats.endpointStatistics(endpoint.id),
): void {
  // The catalog is fixed for the life of the process: encode once.
  const models = [...context.catalog.models.values()].map(encodeModel);
  const modelsBody = JSON.stringify({ data: models, total_count: models.length, links: { next: null } });
  const providersBody = JSON.stringify({ data: [...context.catalog.providers.values()].map(encodeProvider) });

  addRoute('GET', '/api/v1/models', async ({ response }) => sendJson(response, 200, modelsBody));
  addRoute('GET', '/api/v1/providers', async ({ response }) => sendJson(response, 200, providersBody));
  addRoute('GET', '/api/v1/models/:author/:slug/endpoints', async ({ params, response }) => {
    const id = `${params.author ?? ''}/${params.slug ?? ''}`;
    const model = context.catalog.models.get(id);
    if (!model) throw new GatewayError('not_found', `Model ${id} not found`);
    sendJson(response, 200, { data: encodeModelEndpoints(model, await statisticsFor(model)) });
  });
}

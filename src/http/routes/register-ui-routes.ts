import { createGenerationScanDataSource } from '../../ui/generation-scan-data-source.js';
import { ManagementSessions } from '../../ui/management-sessions.js';
import { registerManagementPageRoutes } from '../../ui/routes/management-page-routes.js';
import { registerPublicPageRoutes } from '../../ui/routes/public-page-routes.js';
import type { UiDataSource } from '../../ui/ui-data-source.js';
import type { AddRoute } from '../create-app.js';
import type { GatewayContext } from '../gateway-context.js';

/** The read side the pages (and the endpoints API's live figures) use; swapped when the metering stats land. */
export function createUiDataSource(context: GatewayContext): UiDataSource {
  const scan = createGenerationScanDataSource({ store: context.store, writer: context.generations, now: context.now });
  // Endpoint figures come from metering's per-minute sketches (context.stats), so the pages and
  // GET /models/{author}/{slug}/endpoints show the same numbers.
  return { ...scan, endpointStatistics: async () => (endpoint) => context.stats.endpointStatistics(endpoint.id) };
}

/** The web pages: public catalog pages and the management pages behind a login. */
export function registerUiRoutes(addRoute: AddRoute, context: GatewayContext, data: UiDataSource): void {
  const dependencies = {
    catalog: context.catalog,
    data,
    sessions: new ManagementSessions({ now: context.now }),
    store: context.store,
    keys: context.keys,
    authenticator: context.authenticator,
    now: context.now,
  };
  registerPublicPageRoutes(addRoute, dependencies);
  registerManagementPageRoutes(addRoute, dependencies);
}

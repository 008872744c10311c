import { ManagementSessions } from '../../ui/management-sessions.js';
import { registerManagementPageRoutes } from '../../ui/routes/management-page-routes.js';
import { registerPublicPageRoutes } from '../../ui/routes/public-page-routes.js';
import { createStatsDataSource } from '../../ui/stats-data-source.js';
import type { UiDataSource } from '../../ui/ui-data-source.js';
import type { AddRoute } from '../create-app.js';
import type { GatewayContext } from '../gateway-context.js';

/** The pages' read side: metering's stats and rollups, the same figures the API reports. */
export function createUiDataSource(context: GatewayContext): UiDataSource {
  return createStatsDataSource({ stats: context.stats, store: context.store, writer: context.generations, creditsEnabled: context.creditsEnabled, now: context.now });
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
    ...(context.creditsEnabled
      ? {
          addCredits: async (amount: bigint, note: string | null) => {
            await context.store.credits.addCredits(amount, context.now(), note);
            await context.ledger.creditsChanged();
          },
        }
      : {}),
  };
  registerPublicPageRoutes(addRoute, dependencies);
  registerManagementPageRoutes(addRoute, dependencies);
}

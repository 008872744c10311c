import type { Catalog } from '../../catalog/catalog-types.js';
import type { ApiKeyService } from '../../metering/api-key-service.js';
import type { KeyAuthenticator } from '../../http/auth/key-authenticator.js';
import type { RouteHandler } from '../../http/exchange.js';
import type { Picodollars } from '../../spec/money.js';
import type { Store } from '../../store/store-types.js';
import type { ManagementSessions } from '../management-sessions.js';
import type { UiDataSource } from '../ui-data-source.js';

/** Registers one page route (the gateway's `addRoute`, narrowed to what pages use). */
export type AddPageRoute = (method: 'GET' | 'POST', path: string, handler: RouteHandler) => void;

/** What the page routes need from the gateway; nothing of the inference path. */
export interface PageDependencies {
  catalog: Catalog;
  data: UiDataSource;
  sessions: ManagementSessions;
  store: Store;
  keys: ApiKeyService;
  authenticator: KeyAuthenticator;
  now: () => number;
  /** Adds prepaid credits (billing.credits) and tells the spend ledger; absent when credits are off. */
  addCredits?: (amount: Picodollars, note: string | null) => Promise<void>;
}

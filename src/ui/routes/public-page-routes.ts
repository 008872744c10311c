import { encodeModelEndpoints } from '../../api/catalog/encode-model-endpoints.js';
import type { Model } from '../../catalog/catalog-types.js';
import type { Exchange } from '../../http/exchange.js';
import { GatewayError } from '../../spec/errors.js';
import { parseCatalogQuery, selectModels } from '../catalog-query.js';
import { renderCatalogPage } from '../pages/catalog-page.js';
import { renderModelPage, type UptimeWindow } from '../pages/model-page.js';
import { renderNotFoundPage } from '../pages/not-found-page.js';
import { renderProvidersPage, type ProviderEntry } from '../pages/providers-page.js';
import { renderRankingsPage } from '../pages/rankings-page.js';
import { gatewayBaseUrl, sampleCode } from '../sample-code.js';
import { redirect, sendHtml } from '../send-html.js';
import { sendAsset } from '../static-assets.js';
import type { RankingPeriod } from '../ui-data-source.js';
import type { AddPageRoute, PageDependencies } from './page-route-types.js';

const HOUR = 60 * 60 * 1000;
/** Metering keeps a day of per-minute uptime counters: windows within that day. */
const UPTIME_WINDOWS: (UptimeWindow & { spanMs: number; bucketMs: number })[] = [
  { name: '1h', label: 'Last hour', spanMs: HOUR, bucketMs: 60 * 1000 },
  { name: '6h', label: 'Last 6 hours', spanMs: 6 * HOUR, bucketMs: 10 * 60 * 1000 },
  { name: '1d', label: 'Last day', spanMs: 24 * HOUR, bucketMs: HOUR },
];
const PERIODS: RankingPeriod[] = ['day', 'week', 'month'];

/** The public pages: catalog, model pages, rankings, providers, and the static assets. */
export function registerPublicPageRoutes(addRoute: AddPageRoute, dependencies: PageDependencies): void {
  const { catalog, data, sessions } = dependencies;
  const models = [...catalog.models.values()];
  const modalities = [...new Set(models.flatMap((model) => [...model.inputModalities, ...model.outputModalities]))].sort();
  const providers = [...catalog.providers.values()];
  const known = { modalities: new Set(modalities), providers: new Set(providers.map((provider) => provider.slug)) };
  const csrfOf = ({ request }: Exchange): string | undefined => sessions.find(request)?.csrfToken;

  addRoute('GET', '/', async ({ response }) => redirect(response, '/models'));

  addRoute('GET', '/assets/:name', async (exchange) => {
    if (!sendAsset(exchange.request, exchange.response, exchange.params.name ?? '')) notFound(exchange, csrfOf(exchange));
  });

  addRoute('GET', '/models', async (exchange) => {
    const query = parseCatalogQuery(exchange.query, known);
    const weeklyTokens = await data.weeklyTokensByModel();
    const page = renderCatalogPage({ models: selectModels(models, query, weeklyTokens), totalModels: models.length, query, weeklyTokens, modalities, providers, csrfToken: csrfOf(exchange) });
    sendHtml(exchange.request, exchange.response, 200, page);
  });

  addRoute('GET', '/rankings', async (exchange) => {
    const period = PERIODS.find((candidate) => candidate === exchange.query.period) ?? 'week';
    const page = renderRankingsPage({ catalog, period, rankings: await data.rankings(period), csrfToken: csrfOf(exchange) });
    sendHtml(exchange.request, exchange.response, 200, page);
  });

  addRoute('GET', '/providers', async (exchange) => {
    const statistics = new Map(await Promise.all(models.map(async (model) => [model.id, await data.endpointStatistics(model)] as const)));
    const entries: ProviderEntry[] = providers.map((provider) => ({
      provider,
      endpoints: models.flatMap((model) =>
        model.endpoints
          .filter((endpoint) => endpoint.provider.slug === provider.slug)
          .map((endpoint) => ({ endpoint, modelName: model.name, statistics: statistics.get(model.id)!(endpoint) })),
      ),
    }));
    sendHtml(exchange.request, exchange.response, 200, renderProvidersPage({ entries, csrfToken: csrfOf(exchange) }));
  });

  addRoute('GET', '/:author/:slug', async (exchange) => {
    const { author = '', slug = '' } = exchange.params;
    // Unknown two-segment API paths keep the API's JSON 404.
    if (author === 'api') throw new GatewayError('not_found', `No route for GET /${author}/${slug}`);
    const model = catalog.models.get(`${author}/${slug}`);
    if (!model) {
      notFound(exchange, csrfOf(exchange));
      return;
    }
    const window = UPTIME_WINDOWS.find((candidate) => candidate.name === exchange.query.uptime) ?? UPTIME_WINDOWS[0]!;
    const at = dependencies.now();
    const [statistics, apps, dailyTokens, uptime] = await Promise.all([
      data.endpointStatistics(model),
      data.topAppsForModel(model.id, at - 7 * 24 * HOUR, 10),
      data.modelDailyTokens(model.id, 30),
      Promise.all(model.endpoints.map(async (endpoint) => ({
        label: endpoint.tag === endpoint.provider.slug ? endpoint.provider.name : `${endpoint.provider.name} (${endpoint.tag})`,
        points: await data.endpointUptimeSeries(endpoint.id, at - window.spanMs, window.bucketMs),
      }))),
    ]);
    const page = renderModelPage({
      model,
      family: familyOf(model, models),
      endpointsData: encodeModelEndpoints(model, statistics),
      apps,
      dailyTokens,
      uptime,
      uptimeWindows: UPTIME_WINDOWS,
      uptimeWindow: window.name,
      samples: sampleCode(gatewayBaseUrl(exchange.request, 'localhost'), model.id),
      csrfToken: csrfOf(exchange),
    });
    sendHtml(exchange.request, exchange.response, 200, page);
  });
}

/** The base model and its static variants (`author/slug:free`…), base first. */
function familyOf(model: Model, models: Model[]): Model[] {
  const base = model.id.split(':')[0] ?? model.id;
  return models.filter((candidate) => candidate.id === base || candidate.id.startsWith(`${base}:`)).sort((a, b) => (a.id === base ? -1 : b.id === base ? 1 : a.id.localeCompare(b.id)));
}

/** The HTML 404 page, for browsers asking for a page that is not there. */
export function notFound({ request, response }: Exchange, csrfToken?: string): void {
  const path = (request.url ?? '/').split('?')[0] ?? '/';
  sendHtml(request, response, 404, renderNotFoundPage({ path: path.slice(0, 200), csrfToken }));
}

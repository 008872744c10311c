import { GatewayError } from '../../spec/errors.js';
import { parseUsdAmount } from '../../metering/usd-amount.js';
import type { Exchange } from '../../http/exchange.js';
import type { ApiKeyRecord, LimitReset } from '../../store/store-types.js';
import { html } from '../html.js';
import { renderPage } from '../layout.js';
import {
  csrfTokenMatches, expiredSessionCookie, isSameOrigin, reachedOverTls, sessionCookie, type ManagementSession,
} from '../management-sessions.js';
import { ACTIVITY_WINDOWS, renderActivityPage } from '../pages/activity-page.js';
import { renderCreditsPage } from '../pages/credits-page.js';
import { renderGenerationPage, renderGenerationsPage } from '../pages/generations-page.js';
import { renderKeysPage, type KeysPageInput } from '../pages/keys-page.js';
import { renderLoginPage } from '../pages/login-page.js';
import { redirect, sendHtml } from '../send-html.js';
import type { AddPageRoute, PageDependencies } from './page-route-types.js';
import { notFound } from './public-page-routes.js';
import { readFormBody } from './read-form-body.js';

const DAY = 24 * 60 * 60 * 1000;
const HASH = /^[0-9a-f]{64}$/;
const PAGE_SIZE = 50;
const LIMIT_RESETS: LimitReset[] = ['daily', 'weekly', 'monthly'];

/** Only same-site paths (`/keys`), never `//host` or a scheme, so login cannot redirect away. */
function safeNext(value: string | null | undefined): string {
  return typeof value === 'string' && /^\/(?![/\\])[\x21-\x7e]*$/.test(value) ? value : '/keys';
}

/** Management pages: a login form trading the management key for an in-memory session. */
export function registerManagementPageRoutes(addRoute: AddPageRoute, dependencies: PageDependencies): void {
  const { data, sessions, store, keys, authenticator, catalog } = dependencies;

  /** The session of a GET, or a redirect to the login form (undefined: already answered). */
  const viewer = (exchange: Exchange): ManagementSession | undefined => {
    const session = sessions.find(exchange.request);
    if (!session) redirect(exchange.response, `/login?next=${encodeURIComponent(exchange.request.url ?? '/keys')}`);
    return session;
  };

  /** A form post: session, same origin and CSRF token, or a 403 page. */
  const poster = async (exchange: Exchange): Promise<{ session: ManagementSession; form: URLSearchParams } | undefined> => {
    const form = await readFormBody(exchange.request);
    const session = sessions.find(exchange.request);
    if (!session || !isSameOrigin(exchange.request) || !csrfTokenMatches(session, form.get('csrf'))) {
      const body = html`<h1>Session expired</h1><p>This form could not be accepted: the session expired or the form did not come from this gateway. <a href="/login">Log in</a> and try again.</p>`;
      sendHtml(exchange.request, exchange.response, 403, renderPage({ title: 'Forbidden', active: 'none', body }));
      return undefined;
    }
    return { session, form };
  };

  const keysPage = async (session: ManagementSession, extra: Partial<KeysPageInput> = {}): Promise<KeysPageInput> => {
    const records = await store.keys.listKeys({ includeDisabled: true, includeManagement: false, offset: 0, limit: 500 });
    return { keys: await Promise.all(records.map(async (record) => ({ record, usage: await keys.usage(record) }))), csrfToken: session.csrfToken, ...extra };
  };

  const keyNames = async (hashes: Iterable<string>): Promise<Map<string, string>> => {
    const names = new Map<string, string>();
    for (const hash of new Set(hashes)) {
      const record = await store.keys.getKey(hash);
      if (record) names.set(hash, record.name);
    }
    return names;
  };

  addRoute('GET', '/login', async ({ request, response, query }) => {
    const next = safeNext(query.next);
    if (sessions.find(request)) redirect(response, next);
    else sendHtml(request, response, 200, renderLoginPage({ next }));
  });

  addRoute('POST', '/login', async ({ request, response }) => {
    const form = await readFormBody(request);
    const next = safeNext(form.get('next'));
    const key = (form.get('key') ?? '').trim();
    const refuse = (error: string): void => sendHtml(request, response, 401, renderLoginPage({ next, error }));
    if (!isSameOrigin(request)) return refuse('This form must be sent from this gateway’s own page.');
    try {
      await authenticator.authenticateManagement(`Bearer ${key}`);
    } catch (error) {
      if (error instanceof GatewayError && (error.kind === 'unauthorized' || error.kind === 'forbidden')) return refuse('That is not a management key of this gateway.');
      throw error;
    }
    const session = sessions.open();
    redirect(response, next, { 'set-cookie': sessionCookie(session, sessions.ttlMs, reachedOverTls(request)) });
  });

  addRoute('POST', '/logout', async (exchange) => {
    const accepted = await poster(exchange);
    if (!accepted) return;
    sessions.close(accepted.session.id);
    redirect(exchange.response, '/models', { 'set-cookie': expiredSessionCookie() });
  });

  addRoute('GET', '/keys', async (exchange) => {
    const session = viewer(exchange);
    if (!session) return;
    const created = session.createdKey;
    session.createdKey = undefined;
    sendHtml(exchange.request, exchange.response, 200, renderKeysPage(await keysPage(session, created ? { created } : {})));
  });

  addRoute('POST', '/keys', async (exchange) => {
    const accepted = await poster(exchange);
    if (!accepted) return;
    const { session, form } = accepted;
    const name = (form.get('name') ?? '').trim().slice(0, 100);
    const limitText = (form.get('limit') ?? '').trim();
    const parsedLimit = limitText === '' ? null : parseUsdAmount(limitText, 'The limit', { positive: false });
    const limit = parsedLimit?.ok ? parsedLimit.amount : null;
    const reset = LIMIT_RESETS.find((candidate) => candidate === form.get('limit_reset')) ?? null;
    const error = !name ? 'Give the key a name.' : parsedLimit !== null && !parsedLimit.ok ? `${parsedLimit.message} (an amount in USD such as 25 or 2.50).` : undefined;
    if (error) {
      sendHtml(exchange.request, exchange.response, 400, renderKeysPage(await keysPage(session, { error })));
      return;
    }
    const { plaintext } = await keys.create({ name, limit, limitReset: limit === null ? null : reset, expiresAt: null, isManagement: false });
    // Post/redirect/get, so a reload cannot create a second key: the plaintext waits in the
    // in-memory session for the one page view that shows it, then is dropped.
    session.createdKey = { name, plaintext };
    redirect(exchange.response, '/keys');
  });

  for (const action of ['disable', 'enable'] as const) {
    addRoute('POST', `/keys/:hash/${action}`, async (exchange) => {
      const accepted = await poster(exchange);
      if (!accepted) return;
      const hash = exchange.params.hash ?? '';
      const record: ApiKeyRecord | undefined = HASH.test(hash) ? await store.keys.getKey(hash) : undefined;
      if (!record || record.isManagement) return notFound(exchange, accepted.session.csrfToken);
      await keys.update(hash, { disabled: action === 'disable' });
      authenticator.invalidate(hash);
      redirect(exchange.response, '/keys');
    });
  }

  addRoute('GET', '/activity', async (exchange) => {
    const session = viewer(exchange);
    if (!session) return;
    const days = ACTIVITY_WINDOWS.find((candidate) => String(candidate) === exchange.query.days) ?? 30;
    const report = await data.activity(dependencies.now() - days * DAY);
    sendHtml(exchange.request, exchange.response, 200, renderActivityPage({ catalog, days, report, csrfToken: session.csrfToken }));
  });

  addRoute('GET', '/credits', async (exchange) => {
    const session = viewer(exchange);
    if (session) sendHtml(exchange.request, exchange.response, 200, renderCreditsPage({ credits: await data.credits(), csrfToken: session.csrfToken }));
  });

  addRoute('POST', '/credits', async (exchange) => {
    const accepted = await poster(exchange);
    if (!accepted) return;
    const { session, form } = accepted;
    const { addCredits } = dependencies;
    const parsed = parseUsdAmount(form.get('amount') ?? '', 'The amount', { positive: true });
    if (addCredits === undefined || !parsed.ok) {
      const error = addCredits === undefined ? 'Credits are not enabled on this gateway (billing.credits).' : parsed.ok ? '' : parsed.message;
      sendHtml(exchange.request, exchange.response, 400, renderCreditsPage({ credits: await data.credits(), csrfToken: session.csrfToken, error }));
      return;
    }
    const note = (form.get('note') ?? '').trim().slice(0, 200);
    await addCredits(parsed.amount, note === '' ? null : note);
    redirect(exchange.response, '/credits');
  });

  addRoute('GET', '/generations', async (exchange) => {
    const session = viewer(exchange);
    if (!session) return;
    const before = Number(exchange.query.before);
    const records = await data.recentGenerations({ limit: PAGE_SIZE, ...(Number.isSafeInteger(before) && before > 0 ? { before } : {}) });
    const nextBefore = records.length === PAGE_SIZE ? (records.at(-1)?.createdAt ?? null) : null;
    const page = renderGenerationsPage({ records, keyNames: await keyNames(records.map((record) => record.apiKeyHash)), nextBefore, csrfToken: session.csrfToken });
    sendHtml(exchange.request, exchange.response, 200, page);
  });

  addRoute('GET', '/generations/:id', async (exchange) => {
    const session = viewer(exchange);
    if (!session) return;
    const id = exchange.params.id ?? '';
    const record = /^[\w-]{1,100}$/.test(id) ? await data.generation(id) : undefined;
    if (!record) return notFound(exchange, session.csrfToken);
    const keyName = (await keyNames([record.apiKeyHash])).get(record.apiKeyHash);
    sendHtml(exchange.request, exchange.response, 200, renderGenerationPage({ record, keyName, csrfToken: session.csrfToken }));
  });
}

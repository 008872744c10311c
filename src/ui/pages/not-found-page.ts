import { html, type SafeHtml } from '../html.js';
import { renderPage } from '../layout.js';

/** The 404 page: says what was not found and where to look instead. */
export function renderNotFoundPage(input: { path: string; csrfToken?: string | undefined }): SafeHtml {
  const body = html`<h1>Not found</h1><p>There is no page at <code>${input.path}</code>.</p>
<p>Models have pages at <code>/author/slug</code>; see the <a href="/models">catalog</a> for every model this gateway serves.</p>`;
  return renderPage({ title: 'Not found', active: 'none', body, csrfToken: input.csrfToken });
}

import { html, type SafeHtml } from '../html.js';
import { renderPage } from '../layout.js';

/** The management login: the management key, exchanged for a session cookie. */
export function renderLoginPage(input: { next: string; error?: string }): SafeHtml {
  const body = html`<h1>Log in</h1>
<p class="muted">Management pages (keys, activity, credits, generations) need the gateway's management key: <code>SWITCHBOARD_MANAGEMENT_KEY</code>, or the key printed on first start.</p>
${input.error ? html`<p class="error" role="alert">${input.error}</p>` : ''}
<form method="post" action="/login" class="filters">
<input type="hidden" name="next" value="${input.next}">
<label>Management key<input type="password" name="key" autocomplete="current-password" required size="60"></label>
<button type="submit">Log in</button>
</form>`;
  return renderPage({ title: 'Log in', active: 'login', body });
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { renderNotFoundPage } from './pages/not-found-page.js';
import { sendHtml } from './send-html.js';

/** A browser asking for a page (not an API client): it gets the HTML 404 page. */
export function wantsHtmlPage(request: IncomingMessage, path: string): boolean {
  return (request.method === 'GET' || request.method === 'HEAD') && !path.startsWith('/api/') && String(request.headers.accept ?? '').includes('text/html');
}

export function sendNotFoundPage(request: IncomingMessage, response: ServerResponse, path: string): void {
  sendHtml(request, response, 404, renderNotFoundPage({ path: path.slice(0, 200) }));
}

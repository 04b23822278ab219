/**
 * Response headers on everything the server sends — the web app, its assets, the API, errors and
 * the API docs (issue #7 item 10).
 *
 * The policy fits the built app: Vite emits only external module scripts (no inline script), and
 * antd writes its CSS-in-JS into <style> elements at run time, which needs style-src 'unsafe-inline'
 * (styles cannot run code; scripts stay 'self' only). Swagger UI at /api/docs loads the same way:
 * external scripts, inline styles, data: images.
 */
import type { FastifyInstance } from 'fastify';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
};

export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    for (const [name, value] of Object.entries(HEADERS)) void reply.header(name, value);
    // API answers carry signed-in data: no browser or proxy may keep a copy (a shared computer's back button).
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
    return payload;
  });
}

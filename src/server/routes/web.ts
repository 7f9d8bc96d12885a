// The web app: the built files of web/ (`npm run build:web` → web/dist) served by the same server as the API.
// Hashed assets are cached for a year; every other path that is not an API route gets index.html, so the app's
// own router draws the page (a reload on /incidents/abc works). A Content-Security-Policy keeps the page to this
// origin: nothing is fetched from the internet.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import fastifyStatic from '@fastify/static';

export const WEB_DIST = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // MapLibre and uPlot set element styles inline.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  // MapLibre runs its worker from a blob: URL.
  "worker-src 'self' blob:",
  "child-src 'self' blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

const NOT_BUILT = `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Truce</title>
<body style="font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem">
<h1>Truce</h1><p>The API is running, but the web app has not been built yet.</p>
<p>Build it with <code>npm run build:web</code> (<code>npm start</code> does this for you), then reload this page.</p>
<p><a href="/api/docs">Browse the API</a> · <a href="/api/openapi.json">OpenAPI document</a> · <a href="/api/releases">Releases</a></p></body></html>`;

let cached: { mtimeMs: number; html: string } | null = null;
function indexHtml(): string | null {
  const file = join(WEB_DIST, 'index.html');
  if (!existsSync(file)) return null;
  const mtimeMs = statSync(file).mtimeMs;
  if (!cached || cached.mtimeMs !== mtimeMs) cached = { mtimeMs, html: readFileSync(file, 'utf8') };
  return cached.html;
}

function sendApp(reply: FastifyReply) {
  const html = indexHtml();
  return reply
    .header('content-security-policy', CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'same-origin')
    .header('cache-control', 'no-cache')
    .type('text/html; charset=utf-8')
    .send(html ?? NOT_BUILT);
}

export const webRoutes: FastifyPluginAsync = async (app) => {
  await app.register(fastifyStatic, {
    root: join(WEB_DIST, 'assets'),
    prefix: '/assets/',
    wildcard: true,
    decorateReply: false,
    index: false,
    // Vite names every asset by its content hash: a changed file has a new name.
    immutable: true,
    maxAge: '365d',
    setHeaders: (reply) => reply.header('x-content-type-options', 'nosniff'),
  });

  app.get('/', { schema: { hide: true } }, async (_req, reply) => sendApp(reply));

  app.get('/*', { schema: { hide: true } }, async (req, reply) => {
    const path = req.url.split('?')[0]!;
    // An unknown API path or a missing file is a 404, not the app.
    if (path.startsWith('/api/') || path === '/api' || /\.[a-z0-9]{1,8}$/i.test(path)) {
      return reply.status(404).send({ error: { code: 'not-found', message: `no route ${req.method} ${path}; see /api/docs` } });
    }
    return sendApp(reply);
  });
};

/*
 * The workbench's service worker (issue #10 item 2), hand-written: it keeps the app shell — index.html, the hashed
 * /assets/ files, the icons and the manifest — so the installed workbench opens without a connection. It controls only
 * the pages under /inspection/ (registered with that scope by web/src/service_worker.ts). API requests are never
 * answered from here: the app keeps its own offline data (IndexedDB: the outbox, the drafts, the day's objects).
 */
const CACHE = 'suiji-shell-v1';
const SHELL = ['/', '/manifest.webmanifest', '/icon-192.png', '/icon-512.png'];

/** The /assets/ files index.html names (the entry script, its CSS and preloaded chunks). */
function assetsOf(html) {
  return [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((match) => match[1]);
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(SHELL);
    const index = await cache.match('/');
    if (index) await cache.addAll(assetsOf(await index.text()));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
    await self.clients.claim();
  })());
});

/** Network first for pages (a new release shows at once), the kept shell when there is no connection. */
async function navigation(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put('/', response.clone());
    return response;
  } catch (error) {
    const shell = await cache.match('/');
    if (shell) return shell;
    throw error;
  }
}

/** Hashed assets never change: the kept copy, or fetch and keep it (the pages' chunks, as they are first opened). */
async function asset(request) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') event.respondWith(navigation(request));
  else if (url.pathname.startsWith('/assets/') || SHELL.includes(url.pathname)) event.respondWith(asset(request));
});

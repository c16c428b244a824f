/* The runner's service worker: a kiosk keeps working without network after its first load.
 * - the runner page and its assets are precached at install (the list is written in at build time);
 * - instrument versions are immutable: cache-first, kept for good;
 * - /api/access/:code is network-first, falling back to the last answer;
 * - responses are never cached: the page's IndexedDB outbox holds them until the server acknowledges them.
 * Staff pages (/admin) are not handled here. */
const PRECACHE = self.__ANA_PRECACHE__
const VERSION = self.__ANA_VERSION__
const SHELL = `ana-shell-${VERSION}`
const DATA = 'ana-data-v1'

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.addAll(['/runner.html', ...PRECACHE]))
      .then(() => self.skipWaiting()),
  )
})

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('ana-shell-') && k !== SHELL).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  )
})

self.addEventListener('fetch', (event) => {
  const request = event.request
  if (request.method !== 'GET') return
  const url = new URL(request.url)
  if (url.origin !== self.location.origin) return

  if (request.mode === 'navigate' && /^\/(s|k)\//.test(url.pathname)) {
    event.respondWith(fetch(request).catch(() => caches.match('/runner.html')))
    return
  }
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(caches.match(request).then((hit) => hit ?? fetch(request).then((res) => keep(SHELL, request, res))))
    return
  }
  if (/^\/api\/instruments\/[^/]+\/versions\/\d+$/.test(url.pathname)) {
    event.respondWith(caches.match(request).then((hit) => hit ?? fetch(request).then((res) => keep(DATA, request, res))))
    return
  }
  if (url.pathname.startsWith('/api/access/')) {
    event.respondWith(
      fetch(request)
        .then((res) => keep(DATA, request, res))
        .catch(() => caches.match(request).then((hit) => hit ?? Response.error())),
    )
  }
})

function keep(cacheName, request, response) {
  if (response.ok) {
    const copy = response.clone()
    void caches.open(cacheName).then((cache) => cache.put(request, copy))
  }
  return response
}

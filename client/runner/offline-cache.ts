import type { Access } from '../api/access'

/** The cache the service worker reads instrument versions and access answers from (see service-worker.js). */
const DATA_CACHE = 'ana-data-v1'

/**
 * Right after the first load, stores what a kiosk needs to keep going without network: the access answer and
 * every instrument version the code offers. The page writes the Cache API itself because on a first visit the
 * service worker does not control the page yet.
 */
export async function cacheForOffline(code: string, access: Access): Promise<void> {
  if (typeof caches === 'undefined') return
  try {
    const cache = await caches.open(DATA_CACHE)
    await cache.put(`/api/access/${encodeURIComponent(code)}`, new Response(JSON.stringify(access), { headers: { 'content-type': 'application/json' } }))
    await Promise.all(
      access.instruments.map(async (i) => {
        const url = `/api/instruments/${encodeURIComponent(i.slug)}/versions/${i.version}`
        if (!(await cache.match(url))) await cache.add(url)
      }),
    )
  } catch {
    // Offline use is a bonus on top of the outbox; a failure here costs only that.
  }
}

import { createHash } from 'node:crypto'
import { promisify } from 'node:util'
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import type { Domain } from '../instruments/domains'
import { ROLES } from '../vocabulary/roles'
import { toGrid, type DistrictGrid } from './comparison-grid'
import { compareDistrict } from './comparison.service'
import type { ComparisonFilters } from './comparison.queries'
import { districtCrossTab, schoolProfile, type ProfileOptions } from './profiles.service'
import { comparisonBasis, profileBasis, releasedAdministrations } from './release-views.queries'
import { dropOutdatedViews, hasStoredView, storedView, storeView } from './release-views.repository'

/**
 * Figures as a release serves them. A release is cut once and read many times, and every reader of it would compute
 * the same comparison (percentiles, ranks, intervals) and the same profiles: each view is computed once per release
 * and basis (release-views.queries.ts: the administration, the schools' names and regions, the versions offered...),
 * kept with its JSON text and compressed bytes, and served with a strong ETag naming that release and basis, so a
 * repeat visit gets 304.
 *
 * The database is the source of truth: every read asks it for the current basis (a few milliseconds), so a cut in
 * another server process, a renamed school or a new code is seen at once, and only figures that follow from an
 * unchanged basis are reused. Where they come from, fastest first: this process's memory (one bounded store per
 * database handle: an app, a bench's pool); the views a background job stored for the release (release_views: the
 * district comparison's whole-district views, built once for every process); else computed from the rollups, as
 * before. Reads never write.
 */
export interface ServedView<T> {
  etag: string
  /** The figures (parsed from the stored JSON when first asked for). */
  readonly body: T
  /** The body as JSON, computed once. */
  text(): string
  /** The JSON compressed (br or gzip) off the event loop, computed once per encoding. */
  encoded(encoding: Encoding): Promise<Buffer>
}

type Encoding = 'br' | 'gzip'
const brotli = promisify(brotliCompress)
const gzipped = promisify(gzip)

const MAX_VIEWS = 256

class ViewStore {
  private readonly views = new Map<string, ServedView<unknown>>()
  get<T>(etag: string): ServedView<T> | undefined {
    const view = this.views.get(etag)
    if (view) {
      // Least recently used goes first: a hit moves to the end.
      this.views.delete(etag)
      this.views.set(etag, view)
    }
    return view as ServedView<T> | undefined
  }
  set(view: ServedView<unknown>): void {
    this.views.set(view.etag, view)
    while (this.views.size > MAX_VIEWS) this.views.delete(this.views.keys().next().value!)
  }
}

const stores = new WeakMap<object, ViewStore>()
function storeOf(db: Kysely<Database>): ViewStore {
  let store = stores.get(db)
  if (!store) stores.set(db, (store = new ViewStore()))
  return store
}

const domainDigests = new WeakMap<Domain[], string>()
function domainsDigest(domains: Domain[]): string {
  let digest = domainDigests.get(domains)
  if (!digest) domainDigests.set(domains, (digest = createHash('sha256').update(JSON.stringify(domains)).digest('base64url')))
  return digest
}

/** A strong ETag: the figures, and so the bytes, are a function of the key (the release and the basis). */
function etagOf(key: string): string {
  return `"${createHash('sha256').update(key).digest('base64url').slice(0, 32)}"`
}

/** A view of a computed body, or of stored JSON (parsed only if something asks for the body: the route sends the text). */
function makeView<T>(etag: string, from: { body: T } | { json: string }): ServedView<T> {
  let body: T | undefined = 'body' in from ? from.body : undefined
  let text: string | undefined = 'json' in from ? from.json : undefined
  const encoded: Partial<Record<Encoding, Promise<Buffer>>> = {}
  const view: ServedView<T> = {
    etag,
    get body() {
      return (body ??= JSON.parse(text!) as T)
    },
    text: () => (text ??= JSON.stringify(body)),
    // The quality @fastify/compress uses for API answers (app.ts).
    encoded: (encoding) =>
      (encoded[encoding] ??=
        encoding === 'br'
          ? brotli(view.text(), { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(view.text()) } })
          : gzipped(view.text())),
  }
  return view
}

/** Whether the window is still open now: the release info's `nextAt` says so, so a view changes when it ends. */
function windowOpen(administration: { closes_at: Date; closed_at: Date | null } | null, now: Date): boolean | null {
  if (!administration) return null
  const end = administration.closed_at && administration.closed_at < administration.closes_at ? administration.closed_at : administration.closes_at
  return end > now
}

interface ViewSpec<B, T> {
  readBasis: () => Promise<B>
  keyOf: (basis: B) => string
  compute: () => Promise<T>
  /** Whether release_views may hold this view (the comparison's whole-district views). */
  stored: boolean
}

/**
 * A view from memory or release_views when its basis is unchanged; else computed, and kept only if the basis was
 * still the same once it was done (a cut that lands meanwhile makes the next read compute it again).
 */
async function served<B, T>(db: Kysely<Database>, spec: ViewSpec<B, T>): Promise<{ view: ServedView<T>; basis: B; kept: boolean }> {
  const store = storeOf(db)
  const basis = await spec.readBasis()
  const etag = etagOf(spec.keyOf(basis))
  const held = store.get<T>(etag)
  if (held) return { view: held, basis, kept: true }
  const json = spec.stored ? await storedView(db, etag) : undefined
  if (json !== undefined) {
    const view = makeView<T>(etag, { json })
    store.set(view)
    return { view, basis, kept: true }
  }
  const view = makeView(etag, { body: await spec.compute() })
  const kept = etagOf(spec.keyOf(await spec.readBasis())) === etag
  if (kept) store.set(view)
  return { view, basis, kept }
}

type ComparisonOptions = { minCellSize: number; domains: Domain[] }

function comparisonSpec(db: Kysely<Database>, filters: ComparisonFilters, options: ComparisonOptions) {
  const view = { role: filters.role ?? null, region: filters.region ?? null, cohort: filters.cohort ?? null, gradeBand: filters.gradeBand ?? null }
  return {
    view: JSON.stringify(view),
    spec: {
      readBasis: () => comparisonBasis(db, filters),
      keyOf: (basis: Awaited<ReturnType<typeof comparisonBasis>>) =>
        JSON.stringify(['comparison', filters.administrationId, view, basis, windowOpen(basis.administration, new Date()), options.minCellSize, domainsDigest(options.domains)]),
      compute: () => compareDistrict(db, filters, { ...options, source: 'rollups' }),
      // The whole-district views are the ones built ahead (buildReleaseViews).
      stored: filters.region === undefined && filters.cohort === undefined && filters.gradeBand === undefined,
    },
  }
}

/** The district comparison as a release serves it (compareDistrict from the rollups, computed once per basis). */
export async function servedComparison(db: Kysely<Database>, filters: ComparisonFilters, options: ComparisonOptions) {
  return (await served(db, comparisonSpec(db, filters, options).spec)).view
}

const grids = new WeakMap<ServedView<unknown>, ServedView<DistrictGrid>>()

/** A served comparison as the heat map reads it (comparison-grid.ts), made once per view, with an ETag of its own. */
export function gridOf(view: ServedView<Awaited<ReturnType<typeof compareDistrict>>>): ServedView<DistrictGrid> {
  let grid = grids.get(view)
  if (!grid) grids.set(view, (grid = makeView(etagOf(`${view.etag} grid`), { body: toGrid(view.body) })))
  return grid
}

/**
 * The district's cross-tab as a release serves it: every school's cross-tab read once per basis (the same basis as
 * the comparison: the release, the administration, the schools), then kept.
 */
export async function servedDistrictCrossTab(db: Kysely<Database>, administrationId: number, kind: string, measure: 'need' | 'asset', options: Omit<ProfileOptions, 'source'>) {
  const spec = {
    readBasis: () => comparisonBasis(db, { administrationId }),
    keyOf: (basis: Awaited<ReturnType<typeof comparisonBasis>>) =>
      JSON.stringify(['district-crosstab', administrationId, kind, measure, basis, windowOpen(basis.administration, new Date()), options.minCellSize, domainsDigest(options.domains)]),
    compute: () => districtCrossTab(db, administrationId, kind, measure, { ...options, source: 'rollups' }),
    stored: false,
  }
  return (await served(db, spec)).view
}

/** A school's profile as a release serves it (schoolProfile from the rollups, computed once per basis). */
export async function servedProfile(db: Kysely<Database>, schoolId: number, administrationId: number | undefined, options: Omit<ProfileOptions, 'source'>) {
  const spec = {
    readBasis: () => profileBasis(db, schoolId, administrationId),
    keyOf: (basis: Awaited<ReturnType<typeof profileBasis>>) =>
      JSON.stringify([
        'profile',
        schoolId,
        administrationId ?? null,
        basis,
        windowOpen(basis?.administration ?? null, new Date()),
        options.minCellSize,
        options.highNeedThreshold,
        domainsDigest(options.domains),
      ]),
    compute: () => schoolProfile(db, schoolId, administrationId, { ...options, source: 'rollups' }),
    stored: false,
  }
  return (await served(db, spec)).view
}

/**
 * Builds, once per release and basis, the views every district analyst opens first: each released administration's
 * whole-district comparison, all voices and each role, stored in release_views for every server process (and kept
 * in this one's memory). Views of releases that have been superseded are dropped. Returns how many it built.
 */
export async function buildReleaseViews(db: Kysely<Database>, options: ComparisonOptions & { only?: number }): Promise<number> {
  await dropOutdatedViews(db)
  let built = 0
  for (const { administration_id: administrationId } of await releasedAdministrations(db)) {
    if (options.only !== undefined && administrationId !== options.only) continue
    for (const role of [undefined, ...ROLES]) {
      const { view: name, spec } = comparisonSpec(db, { administrationId, role }, { minCellSize: options.minCellSize, domains: options.domains })
      const basis = await spec.readBasis()
      if (!basis.release || (await hasStoredView(db, etagOf(spec.keyOf(basis))))) continue
      const { view, basis: read, kept } = await served(db, spec)
      if (!kept || !read.release) continue
      await storeView(db, { etag: view.etag, releaseId: read.release.id, view: name, body: view.text() })
      built += 1
    }
  }
  return built
}

/** Which of our encodings the client takes (an encoding with q=0 is refused), br first as @fastify/compress chooses. */
function encodingFor(request: FastifyRequest): Encoding | null {
  const taken = new Set(
    (request.headers['accept-encoding'] ?? '')
      .toLowerCase()
      .split(',')
      .flatMap((part) => {
        const [name, ...params] = part.split(';').map((s) => s.trim())
        const q = params.find((p) => p.startsWith('q='))
        return q !== undefined && !(Number(q.slice(2)) > 0) ? [] : [name]
      }),
  )
  return taken.has('br') ? 'br' : taken.has('gzip') ? 'gzip' : null
}

/**
 * Sends a served view: 304 when the client holds it (If-None-Match), else its JSON, compressed once for every
 * reader. `private, no-cache`: a browser keeps it and asks each time, and no shared cache keeps figures.
 */
export async function sendView(request: FastifyRequest, reply: FastifyReply, view: ServedView<unknown>) {
  reply.header('etag', view.etag).header('cache-control', 'private, no-cache').header('vary', 'accept-encoding')
  const held = request.headers['if-none-match']
  if (held && held.split(',').some((tag) => tag.trim() === view.etag)) return reply.code(304).send()
  reply.type('application/json; charset=utf-8')
  const encoding = encodingFor(request)
  if (encoding === null) return reply.send(view.text())
  const bytes = await view.encoded(encoding)
  return reply.header('content-encoding', encoding).send(bytes)
}

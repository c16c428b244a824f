import type { ColumnType, Generated, Insertable, Selectable } from 'kysely'
import type { HoldReason } from '../disclosure/review-rule'

import type { ItemMeasure, Measure } from '../vocabulary/measures'
import type { AccountRole, Role, StaffRole } from '../vocabulary/roles'
import type { Channel, Mode } from '../vocabulary/channels'
import type { PartnerType, ServiceDelivery } from '../vocabulary/partners'

export type { AccountRole, Channel, Measure, PartnerType, Role, ServiceDelivery, StaffRole }
export type VersionStatus = 'draft' | 'published' | 'retired'
export type TranslationStatus = 'draft' | 'reviewed'

type Timestamp = ColumnType<Date, Date | string, Date | string>
type Json<T> = ColumnType<T, string, string>

export interface SchoolsTable {
  id: Generated<number>
  /** The district's own short code. */
  code: string
  name: string
  /** '' until the district gives one (a school from the state's file has none). */
  region: Generated<string>
  cohort: string | null
  grades: string
  enrollment_students: number | null
  enrollment_families: number | null
  enrollment_staff: number | null
  /** The state's school code: California's 14-digit CDS code (county, district, school). */
  state_code: string | null
  street: string | null
  city: string | null
  zip: string | null
  /** Students per grade band, keyed as instruments ask ('tk-2', '3-5'); {} when unknown. */
  enrollment_grade_bands: ColumnType<Record<string, number>, string | undefined, string>
  /** Students per home language (a language tag: 'en', 'es', 'zh-Hant'); {} when unknown. */
  enrollment_languages: ColumnType<Record<string, number>, string | undefined, string>
  archived_at: Timestamp | null
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

export interface InstrumentsTable {
  slug: string
  role: Role
  created_at: Generated<Date>
}

export interface InstrumentVersionsTable {
  id: Generated<number>
  slug: string
  version: number
  status: VersionStatus
  definition: Json<Record<string, unknown>>
  content_hash: string
  translations: Json<Record<string, TranslationStatus>>
  published_at: Timestamp | null
  created_at: Generated<Date>
  /** The school a designer version belongs to; null for a district template. */
  owner_school_id: Generated<number | null>
}

/** A draft in the instrument designer: edited freely, published as a new immutable version. */
export interface InstrumentDraftsTable {
  id: Generated<number>
  slug: string
  owner_school_id: number | null
  base_version_id: number | null
  definition: Json<Record<string, unknown>>
  translations: Json<Record<string, TranslationStatus>>
  /** string key → locale → hash of the English text that translation was made from. */
  translation_hashes: Json<Record<string, Record<string, string>> | null>
  revision: Generated<number>
  created_by: number | null
  created_at: Generated<Date>
  updated_by: number | null
  updated_at: Generated<Date>
  published_version_id: number | null
}

export interface AdministrationsTable {
  id: Generated<number>
  name: string
  opens_at: Timestamp
  closes_at: Timestamp
  mode: Mode
  closed_at: Timestamp | null
  created_at: Generated<Date>
  /** The IANA time zone the window was entered in (the district's). */
  time_zone: Generated<string>
  updated_at: Generated<Date>
  /** Who runs it, from its creator's role; only district-run administrations are baselines (previous, default). */
  run_by: Generated<RunBy>
}

export type RunBy = 'district' | 'school'

/** A school's own version of an instrument for one role, in place of the administration's. */
export interface AdministrationSchoolInstrumentsTable {
  administration_id: number
  school_id: number
  role: Role
  instrument_version_id: number
  updated_at: Generated<Date>
}

export interface AdministrationInstrumentsTable {
  administration_id: number
  instrument_version_id: number
  role: Role
}

export interface AccessCodesTable {
  code: string
  administration_id: number
  school_id: number
  revoked_at: Timestamp | null
  created_at: Generated<Date>
}

export interface ResponsesTable {
  id: string
  school_id: number
  administration_id: number
  instrument_version_id: number
  role: Role
  locale: string
  channel: Channel
  started_at: Timestamp | null
  submitted_at: Timestamp | null
  received_at: Generated<Date>
  answers: Json<Record<string, unknown>>
  payload_hash: string
  // The response's scores, a slot per position of its version's layout (instrument_version_items and _domains);
  // read them as rows through the response_items, response_domain_scores and response_contexts views.
  item_choices: (string | null)[]
  item_scores: (number | null)[]
  domain_scores: (number | null)[]
  domain_items: (number | null)[]
  /** Per domain score, the bits (instrument_version_items.domain_bit) of the items that scored: which items it averages. */
  domain_masks: ColumnType<(string | null)[], (number | null)[], never>
  context_kinds: string[]
  context_values: string[]
  /** The release that took this response in; null until one does (then it counts nowhere but in live bands). */
  release_id: Generated<number | null>
  /** The review hold a cut put it in (a burst, or beyond enrollment): it joins a release only once that is approved. */
  hold_id: Generated<number | null>
}

export type HoldStatus = 'held' | 'approved' | 'set-aside'

/** New responses a cut held back for review: one group of one school and role (server/disclosure/review-rule.ts). */
export interface ReviewHoldsTable {
  id: Generated<number>
  administration_id: number
  school_id: number
  role: Role
  reasons: HoldReason[]
  first_received_at: Timestamp
  last_received_at: Timestamp
  responses: number
  held_at: Generated<Date>
  status: Generated<HoldStatus>
  decided_at: Timestamp | null
  decided_by: number | null
  decided_by_email: string | null
}

/** An administration's numbered cut: staff read figures of its current release, never the rows of the moment. */
export interface ReleasesTable {
  id: Generated<number>
  administration_id: number
  number: number
  cut_at: Generated<Date>
  /** Cut after the window ended: the last release unless the window is extended. */
  final: boolean
  cut_by: number | null
}

/** A slot of a version's item scores: position p of every response's item arrays holds this item. */
export interface InstrumentVersionItemsTable {
  instrument_version_id: number
  position: number
  item_id: string
  domain: string
  measures: ItemMeasure
  /** A need or asset item's domain slot; null for signals and service grids. */
  domain_position: number | null
  /** Its bit in a respondent's set of answered items of that domain. */
  domain_bit: number | null
}

/** A slot of a version's domain scores. */
export interface InstrumentVersionDomainsTable {
  instrument_version_id: number
  position: number
  domain: string
  measures: Measure
}

/** A view: one row per item score, unnested from responses.item_choices and item_scores. */
export interface ResponseItemsTable {
  response_id: string
  school_id: number
  administration_id: number
  role: Role
  item_id: string
  domain: string
  measures: ItemMeasure
  choice: string
  score: number | null
}

/** A view: one row per domain score, unnested from responses.domain_scores. */
export interface ResponseDomainScoresTable {
  response_id: string
  school_id: number
  administration_id: number
  role: Role
  domain: string
  measures: Measure
  score: number
  items: number
}

/** A view: one row per context answer, unnested from responses.context_kinds and context_values. */
export interface ResponseContextsTable {
  response_id: string
  school_id: number
  administration_id: number
  role: Role
  kind: string
  value: string
}

/**
 * A view: one row per response and context kind, the respondent's category of that kind: the value they gave, or
 * 'multiple' when they gave several (a multi-select), so a breakdown counts each person once.
 */
export type ResponseCategoriesTable = ResponseContextsTable

/** A staff role, or 'pending': an account made at a first sign-in with the district's accounts, with no rights yet. */
export type AuditOutcome = 'success' | 'failure' | 'refused'

export interface UsersTable {
  id: Generated<number>
  email: string
  /** Null: the person signs in with the district's accounts, or has not used their password link yet. */
  password_hash: string | null
  role: AccountRole
  created_at: Generated<Date>
  disabled_at: Timestamp | null
}

export interface UserSchoolsTable {
  user_id: number
  school_id: number
}

export interface SessionsTable {
  token_hash: Buffer
  user_id: number
  csrf_token: string
  created_at: Generated<Date>
  last_seen_at: Generated<Date>
}

/** A staff member's read-only API token (Bearer), stored hashed; shown once when made. */
export interface ApiTokensTable {
  id: Generated<number>
  user_id: number
  name: string
  token_hash: Buffer
  created_at: Generated<Date>
  expires_at: Date
  last_used_at: Date | null
  revoked_at: Date | null
  revoked_by: number | null
}

/** The district's sign-in settings: one row. */
export interface SignInSettingsTable {
  id: Generated<boolean>
  passwords_enabled: Generated<boolean>
  open_domains: Generated<string[]>
  updated_at: Generated<Date>
}

export interface PasswordLinksTable {
  token_hash: Buffer
  user_id: number
  created_by: number | null
  created_at: Generated<Date>
  expires_at: Timestamp
  used_at: Timestamp | null
}

export interface OidcSignInsTable {
  state_hash: Buffer
  nonce: string
  code_verifier: string
  created_at: Generated<Date>
}

export interface LoginFailuresTable {
  email: string
  failures: number
  last_failed_at: Timestamp
}

/**
 * Sign-in attempts counted before the password is checked: a client overall (email ''), a client at one account,
 * or an account from every client (client ''). A client is an HMAC of its address (server/auth/auth.service.ts).
 */
export interface SignInThrottleTable {
  client: string
  email: string
  /** Failed sign-ins, and those being checked right now (given back when the password was right). */
  failures: number
  last_at: Timestamp
}

export interface AuditLogTable {
  id: Generated<string>
  at: Generated<Date>
  actor_id: number | null
  actor_email: string | null
  action: string
  outcome: AuditOutcome
  target: string | null
  detail: ColumnType<Record<string, unknown>, string | undefined, string>
}

/** numeric and bigint come back from pg as strings, so sums stay exact until the service reads them. */
type Numeric = ColumnType<string, string | number, string | number>

/** Domain-score rollups per school, role, domain and measure; context '' / '' is all respondents. */
export interface DomainRollupsTable {
  administration_id: number
  context_kind: string
  context_value: string
  school_id: number
  role: Role
  domain: string
  measures: Measure
  n: Numeric
  score_sum: Numeric
  score_squares: Numeric
  /** Generated from the sums by PostgreSQL (never written). */
  mean: ColumnType<string, never, never>
  variance: ColumnType<string | null, never, never>
}

/** Domain scores counted by floor(score), for the share at or above a whole-number threshold. */
export interface DomainScoreHistogramTable {
  school_id: number
  administration_id: number
  role: Role
  domain: string
  measures: Measure
  score_floor: number
  n: Numeric
}

/** Respondents per set of items they gave a scored answer to, within a domain and measure. */
export interface DomainItemSetsTable {
  school_id: number
  administration_id: number
  role: Role
  domain: string
  measures: Measure
  /** Sorted itemIds, separated by one space. */
  items: string
  n: Numeric
}

/** Stored responses not yet folded into the rollups. */
export interface RollupPendingTable {
  school_id: number
  response_id: string
}

export interface ItemChoiceRollupsTable {
  school_id: number
  administration_id: number
  item_id: string
  domain: string
  measures: ItemMeasure
  role: Role
  choice: string
  n: Numeric
  scored: Numeric
  score_sum: Numeric
  score_squares: Numeric
}


/** A partner organization of the asset map. */
export interface PartnerOrganizationsTable {
  id: Generated<number>
  name: string
  type: PartnerType
  created_at: Generated<Date>
}

/** A service a partner offers: the domains it addresses, how, when, in which languages; its schools are linked apart. */
export interface PartnerServicesTable {
  id: Generated<number>
  organization_id: number
  name: string
  domains: string[]
  delivery: ServiceDelivery
  hours: Generated<string>
  languages: Generated<string[]>
  capacity: number | null
  /** Dates as YYYY-MM-DD (read with to_char, so no time zone shifts them). */
  active_from: ColumnType<Date | null, string | null, string | null>
  active_until: ColumnType<Date | null, string | null, string | null>
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

export interface PartnerServiceSchoolsTable {
  service_id: number
  school_id: number
}

/** A view a release serves, built once per release (server/profiles/release-views.job.ts), keyed by its strong ETag. */
export interface ReleaseViewsTable {
  etag: string
  release_id: number
  view: string
  /** The view's JSON, as served. */
  body: string
  built_at: Generated<Date>
}

export interface Database {
  users: UsersTable
  user_schools: UserSchoolsTable
  sessions: SessionsTable
  api_tokens: ApiTokensTable
  login_failures: LoginFailuresTable
  sign_in_throttle: SignInThrottleTable
  sign_in_settings: SignInSettingsTable
  password_links: PasswordLinksTable
  oidc_sign_ins: OidcSignInsTable
  audit_log: AuditLogTable
  schools: SchoolsTable
  instruments: InstrumentsTable
  instrument_versions: InstrumentVersionsTable
  instrument_drafts: InstrumentDraftsTable
  instrument_version_items: InstrumentVersionItemsTable
  instrument_version_domains: InstrumentVersionDomainsTable
  administrations: AdministrationsTable
  administration_instruments: AdministrationInstrumentsTable
  administration_school_instruments: AdministrationSchoolInstrumentsTable
  access_codes: AccessCodesTable
  responses: ResponsesTable
  releases: ReleasesTable
  release_views: ReleaseViewsTable
  review_holds: ReviewHoldsTable
  response_items: ResponseItemsTable
  response_domain_scores: ResponseDomainScoresTable
  response_contexts: ResponseContextsTable
  response_categories: ResponseCategoriesTable
  domain_rollups: DomainRollupsTable
  domain_score_histogram: DomainScoreHistogramTable
  item_choice_rollups: ItemChoiceRollupsTable
  domain_item_sets: DomainItemSetsTable
  rollup_pending: RollupPendingTable
  partner_organizations: PartnerOrganizationsTable
  partner_services: PartnerServicesTable
  partner_service_schools: PartnerServiceSchoolsTable
}

export type School = Selectable<SchoolsTable>
export type NewSchool = Insertable<SchoolsTable>
export type InstrumentVersionRow = Selectable<InstrumentVersionsTable>
export type InstrumentDraftRow = Selectable<InstrumentDraftsTable>

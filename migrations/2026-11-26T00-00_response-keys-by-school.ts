import { sql, type Kysely } from 'kysely'

// A response's item, domain and context rows are keyed by school first: (school_id, response_id, …). A fold joins a
// batch of pending responses to them on (school_id, response_id); with keys led by response_id alone, a planner
// without fresh statistics (a new database, the busy first hour of an administration) took the school index and
// filtered, reading every row of the school for each pending response, so a fold grew with the square of a school's
// size (4.3 s for 300 pending responses of one school, 0.4 s with these keys). A key led by school_id and response_id
// serves that join exactly, and is the key a table distributed by school must have (DESIGN.md, "Beyond one machine").
const KEYS: Record<string, string[]> = {
  response_items: ['school_id', 'response_id', 'item_id'],
  response_domain_scores: ['school_id', 'response_id', 'domain', 'measures'],
  response_contexts: ['school_id', 'response_id', 'kind', 'value'],
}

export async function up(db: Kysely<any>): Promise<void> {
  for (const [table, columns] of Object.entries(KEYS)) {
    await sql`alter table ${sql.table(table)} drop constraint ${sql.id(`${table}_pkey`)},
              add constraint ${sql.id(`${table}_pkey`)} primary key (${sql.join(columns.map((c) => sql.id(c)))})`.execute(db)
  }
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only')
}

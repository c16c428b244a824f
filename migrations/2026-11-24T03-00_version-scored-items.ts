import { sql, type Kysely } from 'kysely'

// Every scored (need or asset) item's `ana` object of a version, wherever it sits (a question, a matrix row or a
// checkbox choice), kept beside the definition: the profile matches items across administrations on every read,
// and reading this small array costs far less than searching the whole definition with its ten languages.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table instrument_versions add column scored_items jsonb generated always as
      (jsonb_path_query_array(definition, '$.**.ana ? (@.measures == "need" || @.measures == "asset")')) stored`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only')
}

import { sql, type Kysely } from 'kysely'

// Each domain rollup's mean and sample variance, kept beside its sums: PostgreSQL computes them when a fold changes
// the row instead of on every read of a whole district. The same numeric expressions as the full scan's
// (server/profiles/moments.ts), so both give the same digits.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table domain_rollups
      add column mean numeric generated always as (score_sum / n) stored,
      add column variance numeric generated always as
        (case when n > 1 then (n * score_squares - score_sum * score_sum) / (n * (n - 1)) end) stored`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only')
}

import { Migrator, type Kysely, type MigrationResultSet } from 'kysely'
import { migrations } from '../../migrations/index'

export function migrator(db: Kysely<any>): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => migrations } })
}

/** Runs every pending migration; Kysely holds a lock and runs them in one transaction, so running twice is safe. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const { error, results }: MigrationResultSet = await migrator(db).migrateToLatest()
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')
    // Not a migration but the connection or the lock: keep the original error (and its code) for the caller.
    if (!failed) throw error
    const reason = error instanceof Error ? error.message : String(error)
    throw new Error(`Migration ${failed.migrationName} failed: ${reason}`)
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}

export async function migrationState(db: Kysely<any>): Promise<{ applied: number; pending: number; latest: string | null }> {
  const all = await migrator(db).getMigrations()
  const applied = all.filter((m) => m.executedAt !== undefined)
  return { applied: applied.length, pending: all.length - applied.length, latest: applied.at(-1)?.name ?? null }
}

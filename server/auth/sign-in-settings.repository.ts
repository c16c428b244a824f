import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/schema'

/** The district's sign-in settings (one row, made by the migration). */
export function signInSettings(db: Kysely<Database>) {
  return db.selectFrom('sign_in_settings').select(['passwords_enabled', 'open_domains']).executeTakeFirstOrThrow()
}

export async function updateSignInSettings(db: Kysely<Database>, settings: { passwordsEnabled: boolean; openDomains: string[] }) {
  await db
    .updateTable('sign_in_settings')
    .set({ passwords_enabled: settings.passwordsEnabled, open_domains: sql<string[]>`${settings.openDomains}::text[]`, updated_at: sql`now()` })
    .execute()
}

import { sql, type Kysely } from 'kysely'

// Sign-in attempts counted in the database, before the password is checked, so a burst of concurrent guesses
// cannot pass a limit (an in-memory count checked before and raised after the password let them all through).
// Three kinds of rows share the table: a client overall (email ''), a client at one account, an account from
// every client (client ''). A client is named by an HMAC of its address, never the address (server/auth/).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sign_in_throttle')
    .addColumn('client', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    // Failed sign-ins, and those being checked right now (given back when the password was right).
    .addColumn('failures', 'integer', (c) => c.notNull().check(sql`failures >= 0`))
    .addColumn('last_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('sign_in_throttle_pkey', ['client', 'email'])
    .addCheckConstraint('sign_in_throttle_key_check', sql`client <> '' or email <> ''`)
    .execute()
  // Housekeeping deletes rows by age.
  await db.schema.createIndex('sign_in_throttle_last_at_idx').on('sign_in_throttle').column('last_at').execute()
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only')
}

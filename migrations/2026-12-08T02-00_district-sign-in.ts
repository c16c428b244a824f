import { sql, type Kysely } from 'kysely'

// Going live without a developer (server/auth/): sign-in with the district's identity provider (OpenID Connect),
// accounts that wait for an admin to grant them a role, one-time links to set a password, and the district's
// sign-in settings. An account made for sign-in with the district's accounts (or waiting for its link) has no
// password: password_hash is null.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table users alter column password_hash drop not null`.execute(db)
  // 'pending': created at a first sign-in with the district's accounts; sees nothing until an admin grants a role.
  await sql`alter table users drop constraint users_role_check`.execute(db)
  await sql`alter table users add constraint users_role_check check (role in ('district-admin', 'district-analyst', 'school-team', 'pending'))`.execute(db)

  // One row: whether passwords are allowed, and the email domains whose staff get a pending account at first sign-in.
  await db.schema
    .createTable('sign_in_settings')
    .addColumn('id', 'boolean', (c) => c.primaryKey().defaultTo(true).check(sql`id`))
    .addColumn('passwords_enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('open_domains', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await sql`insert into sign_in_settings (id) values (true)`.execute(db)

  // A link an admin copies to a person to set their password. Only the SHA-256 of its token is stored; it works
  // once (used_at) and until expires_at.
  await db.schema
    .createTable('password_links')
    .addColumn('token_hash', 'bytea', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .execute()
  await db.schema.createIndex('password_links_user_idx').on('password_links').column('user_id').execute()

  // A sign-in with the district's accounts under way: the state (its SHA-256), nonce and PKCE verifier, taken
  // (deleted) when the identity provider sends the person back, so a state works once.
  await db.schema
    .createTable('oidc_sign_ins')
    .addColumn('state_hash', 'bytea', (c) => c.primaryKey())
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('code_verifier', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only')
}

import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/schema'

/** How long a person has at the identity provider before the sign-in must start again. */
const FLOW_MINUTES = 10

export async function insertOidcSignIn(db: Kysely<Database>, flow: { stateHash: Buffer; nonce: string; codeVerifier: string }) {
  // Abandoned sign-ins go as new ones start: the table holds only the last few minutes'.
  await db.deleteFrom('oidc_sign_ins').where(sql<boolean>`created_at < now() - make_interval(mins => ${FLOW_MINUTES})`).execute()
  await db.insertInto('oidc_sign_ins').values({ state_hash: flow.stateHash, nonce: flow.nonce, code_verifier: flow.codeVerifier }).execute()
}

/** Takes a sign-in under way (it works once); undefined when it was taken already or is too old. */
export function takeOidcSignIn(db: Kysely<Database>, stateHash: Buffer) {
  return db
    .deleteFrom('oidc_sign_ins')
    .where('state_hash', '=', stateHash)
    .returning(['nonce', 'code_verifier', sql<boolean>`created_at > now() - make_interval(mins => ${FLOW_MINUTES})`.as('fresh')])
    .executeTakeFirst()
}

/** An account made at a first sign-in, with no rights; undefined when the address has an account already. */
export function insertPendingUser(db: Kysely<Database>, email: string) {
  return db
    .insertInto('users')
    .values({ email, password_hash: null, role: 'pending' })
    .onConflict((oc) => oc.column('email').doNothing())
    .returning(['id', 'email', 'role', 'disabled_at'])
    .executeTakeFirst()
}

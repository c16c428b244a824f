// The database that npm run seed:large fills and npm run bench:profiles reads: a database of its own on the
// PostgreSQL server named by DATABASE_URL (or the local one), never the databases the tests use.
import pg from 'pg'

export const LARGE_DATABASE = 'ana_large'
const MARKER = 'ana seed:large'
const FORBIDDEN = /^(postgres|test|template\d|ana_test_.*|ana_template_.*|ana_bench_.*)$/

export interface LargeDatabase {
  name: string
  /** The server's maintenance database, to create or drop `name`. */
  serverUrl: string
  url: string
}

/** `--database <name>` picks another name; DATABASE_URL only says which server. */
export function largeDatabase(name: string = LARGE_DATABASE, env: NodeJS.ProcessEnv = process.env): LargeDatabase {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`--database must be a plain lower-case name (got ${name})`)
  if (FORBIDDEN.test(name)) throw new Error(`Refusing to use the database "${name}": the tests and the server use it. Pick another --database.`)
  const server = new URL(env.DATABASE_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/postgres')
  server.pathname = '/postgres'
  const url = new URL(server)
  url.pathname = `/${name}`
  return { name, serverUrl: server.toString(), url: url.toString() }
}

async function withServer<T>(target: LargeDatabase, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: target.serverUrl })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

/** The database's comment; undefined when there is no such database. */
async function commentOf(client: pg.Client, name: string): Promise<string | null | undefined> {
  const { rows } = await client.query<{ comment: string | null }>(
    `select shobj_description(oid, 'pg_database') as comment from pg_database where datname = $1`,
    [name],
  )
  return rows[0]?.comment
}

/** Drops and creates the database, but only one that seed:large created (it carries a comment saying so). */
export function recreateLargeDatabase(target: LargeDatabase): Promise<void> {
  return withServer(target, async (client) => {
    const comment = await commentOf(client, target.name)
    if (comment !== undefined && comment !== MARKER) {
      throw new Error(`The database "${target.name}" exists and was not created by seed:large; drop it yourself or pick another --database.`)
    }
    await client.query(`drop database if exists ${target.name} with (force)`)
    await client.query(`create database ${target.name}`)
    await client.query(`comment on database ${target.name} is '${MARKER}'`)
  })
}

/** True when the database exists and was filled by seed:large. */
export function isLargeDatabase(target: LargeDatabase): Promise<boolean> {
  return withServer(target, async (client) => {
    return (await commentOf(client, target.name)) === MARKER
  })
}

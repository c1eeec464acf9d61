import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import * as schema from './schema/index'

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database }
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]
/** Either the database or an open transaction: query functions accept both. */
export type DbOrTx = Db | Tx

/** Migrations are read from the source tree (the Remix build bundles this file elsewhere). */
export const migrationsFolder = path.resolve(process.env.MIGRATIONS_DIR ?? path.join(process.cwd(), 'db', 'migrations'))

/**
 * Open (and migrate) a SQLite database.
 *
 * Pragmas, and why:
 * - journal_mode=WAL: readers never block the single writer, so page loads stay
 *   fast while an import or the NLP worker writes.
 * - synchronous=NORMAL: with WAL this is durable against application crashes
 *   and only risks the last transactions on power loss, at a fraction of FULL's
 *   fsync cost; acceptable for this workload, and each meeting event is still
 *   committed before it is broadcast.
 * - foreign_keys=ON: SQLite leaves them off by default; the schema relies on them.
 * - busy_timeout=5000: a second process (CLI import while the server runs)
 *   waits for the write lock instead of failing with SQLITE_BUSY.
 */
export function openDb(file: string, { migrate: runMigrations = true } = {}): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
  const sqlite = new Database(file)
  if (file !== ':memory:') sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  const db = drizzle(sqlite, { schema }) as Db
  if (runMigrations) migrate(db, { migrationsFolder })
  return db
}

const globalForDb = globalThis as unknown as { __teahouseDb?: Db }

/**
 * The process-wide database. Remembered on globalThis so the server entry and
 * the Remix build (which bundles its own copy of this module) share one connection.
 */
export function getDb(): Db {
  if (!globalForDb.__teahouseDb) {
    globalForDb.__teahouseDb = openDb(process.env.DATABASE_PATH ?? './data/teahouse.db')
  }
  return globalForDb.__teahouseDb
}

/** Install a specific database as the process-wide one (tests, server start). */
export function setDb(db: Db | undefined) {
  globalForDb.__teahouseDb = db
}

export function closeDb() {
  globalForDb.__teahouseDb?.$client.close()
  globalForDb.__teahouseDb = undefined
}

// The one door from route modules to the database layer. The `.server` suffix
// makes the Remix compiler leave all of this (and better-sqlite3, argon2…) out
// of the browser bundle.
export { getDb, type Db, type DbOrTx } from '#db/client'
export * from '#db/schema/index'
export * from '#db/queries/audit'
export * from '#db/queries/auth'
export * from '#db/queries/complaints'
export * from '#db/queries/notifications'
export * from '#db/queries/pii'
export * from '#db/queries/units'
export { and, asc, count, desc, eq, gt, gte, inArray, isNull, lt, lte, ne, notInArray, or, sql } from 'drizzle-orm'
export * from '#db/queries/intake'
export * from '#db/queries/topics'
export * from '#db/queries/taxonomy'
export * from '#db/queries/stats'
export * from '#db/queries/panels'
export * from '#db/queries/meetings'
export * from '#db/queries/outcomes'

import { eq } from 'drizzle-orm'
import type { DbOrTx } from '../client'
import type { UnitKind } from '../enums'
import { units } from '../schema/index'

export type UnitRow = typeof units.$inferSelect

type UnitTree = { byId: Map<number, UnitRow>; byCode: Map<string, UnitRow>; children: Map<number, number[]> }
// Kept on globalThis: server.ts (live updates) and the built app (pages) each load a
// copy of this module, and a unit changed on a page must be seen by both at once.
const shared = globalThis as unknown as { __teahouseUnits?: { db: unknown; tree: UnitTree } }

/** All units, indexed; cached per database until `invalidateUnits()` (units change rarely). */
export function getUnitTree(db: DbOrTx): UnitTree {
  const cache = shared.__teahouseUnits
  if (cache && cache.db === db) return cache.tree
  const rows = db.select().from(units).all()
  const tree: UnitTree = { byId: new Map(), byCode: new Map(), children: new Map() }
  for (const u of rows) {
    tree.byId.set(u.id, u)
    tree.byCode.set(u.code, u)
    if (u.parentId != null) tree.children.set(u.parentId, [...(tree.children.get(u.parentId) ?? []), u.id])
  }
  shared.__teahouseUnits = { db, tree }
  return tree
}

export function invalidateUnits() {
  shared.__teahouseUnits = undefined
}

/** The unit and its ancestors, nearest first. */
export function unitAncestry(db: DbOrTx, unitId: number): UnitRow[] {
  const { byId } = getUnitTree(db)
  const out: UnitRow[] = []
  let cur = byId.get(unitId)
  while (cur) {
    out.push(cur)
    cur = cur.parentId != null ? byId.get(cur.parentId) : undefined
  }
  return out
}

/** True when `scopeUnitId` is `unitId` or one of its ancestors (null scope = everywhere). */
export function unitCovers(db: DbOrTx, scopeUnitId: number | null, unitId: number | null): boolean {
  if (scopeUnitId == null) return true
  if (unitId == null) return false
  return unitAncestry(db, unitId).some(u => u.id === scopeUnitId)
}

/** Ids of the unit and all its descendants. */
export function unitDescendantIds(db: DbOrTx, unitId: number): number[] {
  const { children } = getUnitTree(db)
  const out: number[] = []
  const stack = [unitId]
  while (stack.length) {
    const id = stack.pop()!
    out.push(id)
    stack.push(...(children.get(id) ?? []))
  }
  return out
}

/**
 * Ids of the units a scope reaches: each scope unit and all its descendants,
 * once each. A null scope (everywhere) stays null.
 */
export function unitIdsWithin(db: DbOrTx, scopeUnitIds: readonly number[]): number[]
export function unitIdsWithin(db: DbOrTx, scopeUnitIds: readonly number[] | null): number[] | null
export function unitIdsWithin(db: DbOrTx, scopeUnitIds: readonly number[] | null): number[] | null {
  return scopeUnitIds && [...new Set(scopeUnitIds.flatMap(id => unitDescendantIds(db, id)))]
}

/** The units (of `kind`, if given) a scope reaches; a null scope reaches all of them. */
export function unitsWithin(db: DbOrTx, scopeUnitIds: readonly number[] | null, kind?: UnitKind): UnitRow[] {
  const reached = scopeUnitIds && new Set(unitIdsWithin(db, scopeUnitIds))
  return listUnits(db, kind).filter(u => !reached || reached.has(u.id))
}

export function listUnits(db: DbOrTx, kind?: UnitKind): UnitRow[] {
  const all = [...getUnitTree(db).byId.values()]
  return kind ? all.filter(u => u.kind === kind) : all
}

export function getUnitByCode(db: DbOrTx, code: string): UnitRow | undefined {
  return getUnitTree(db).byCode.get(code)
}

export function getUnit(db: DbOrTx, id: number): UnitRow | undefined {
  return getUnitTree(db).byId.get(id)
}

export function createUnit(db: DbOrTx, input: typeof units.$inferInsert): UnitRow {
  const row = db.insert(units).values(input).returning().get()
  invalidateUnits()
  return row
}

export function renameUnit(db: DbOrTx, id: number, nameZh: string) {
  db.update(units).set({ nameZh }).where(eq(units.id, id)).run()
  invalidateUnits()
}

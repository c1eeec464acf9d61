import { expect, it } from 'vitest'
import { createTestDb, seedTestUnits } from '#tests/db-utils'

// server.ts (live updates) and the built app (pages) each load their own copy of
// the units module; a unit added on a page must be known to live updates at once.
it('a unit created through one copy of the units module is known to every other copy', async () => {
  // A query string makes the module loader load a separate copy, as the two bundles do.
  type Units = typeof import('../../../db/queries/units')
  const copy = (name: string) => import(/* @vite-ignore */ `../../../db/queries/units?${name}`) as Promise<Units>
  const live = await copy('live-updates')
  const pages = await copy('pages')
  const db = createTestDb()
  const u = seedTestUnits(db)
  expect(live.unitAncestry(db, u.czq.id).map(x => x.code)).toEqual(['gs-czq', 'gs-xh', 'gs'])
  const added = pages.createUnit(db, { kind: 'community', code: 'gs-new', nameZh: '新社区', nameEn: 'New', parentId: u.street.id })
  expect(live.unitAncestry(db, added.id).map(x => x.code)).toEqual(['gs-new', 'gs-xh', 'gs'])
})

import { expect, it } from 'vitest'
import { createTestDb, seedTestUnits } from '#tests/db-utils'

// server.ts (live updates) and the built app (pages) each load their own copy of
// the units module; a unit added on a page must be known to live updates at once.
it('a unit created through one copy of the units module is known to every other copy', async () => {
  const live = await import('../../../db/queries/units?live-updates')
  const pages = await import('../../../db/queries/units?pages')
  const db = createTestDb()
  const u = seedTestUnits(db)
  expect(live.unitAncestry(db, u.czq.id).map(x => x.code)).toEqual(['gs-czq', 'gs-xh', 'gs'])
  const added = pages.createUnit(db, { kind: 'community', code: 'gs-new', nameZh: '新社区', nameEn: 'New', parentId: u.street.id })
  expect(live.unitAncestry(db, added.id).map(x => x.code)).toEqual(['gs-new', 'gs-xh', 'gs'])
})

import { describe, expect, it } from 'vitest'
import AdminUnits, { loader } from '#app/routes/_admin+/admin_.units'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'
import { renderPage } from '#tests/render-page'

describe('a unit’s settings on /admin/units', () => {
  it('are headed by its kind and name, punctuated in the reader’s language', async () => {
    const db = createTestDb()
    const u = seedTestUnits(db)
    const admin = await createLoggedInUser(db, 'admin', null)
    for (const [locale, heading] of [
      ['zh', '社区：长征桥社区'],
      ['en', 'Community: Changzhengqiao'],
    ] as const) {
      const path = `/admin/units?unit=${u.czq.id}`
      const res = await callRoute(loader, makeRequest(path, { cookie: `${admin.cookie}; th_prefs=${locale}.0.0` }))
      const html = await renderPage(AdminUnits, { path, locale, loaderData: await res.json() })
      const h2 = /<div class="card stack" id="settings"><h2>(.*?)<\/h2>/
        .exec(html)?.[1]
        ?.replace(/<code>.*?<\/code>/, '')
        .replace(/<[^>]+>/g, '')
        .trim()
      expect(h2).toBe(heading)
    }
  })
})

import { describe, expect, it } from 'vitest'
import AdminHome, { loader } from '#app/routes/_admin+/admin'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'
import { renderPage } from '#tests/render-page'

// A new administrator finds on /admin every page that sets up a street office, the imports included.
describe('the administration page', () => {
  it('leads to the complaint import and the deliberator pool as well as units, accounts, tokens and outbox', async () => {
    const db = createTestDb()
    seedTestUnits(db)
    const admin = await createLoggedInUser(db, 'admin', null)
    for (const [locale, names] of [
      ['zh', ['社区与部门', '账号与权限', '批量导入诉求', '议事员库']],
      ['en', ['Communities and departments', 'Accounts and roles', 'Import complaints', 'Deliberator pool']],
    ] as const) {
      const res = await callRoute(loader, makeRequest('/admin', { cookie: `${admin.cookie}; th_prefs=${locale}.0.0` }))
      const html = await renderPage(AdminHome, { path: '/admin', locale, loaderData: await res.json() })
      const nav = /<nav [^>]*>(.*?)<\/nav>/.exec(html)?.[1] ?? ''
      const links = [...nav.matchAll(/<a [^>]*href="([^"]+)"[^>]*>(.*?)<\/a>/g)].map(m => `${m[2]} ${m[1]}`)
      expect(links).toEqual(expect.arrayContaining([`${names[0]} /admin/units`, `${names[1]} /admin/users`, `${names[2]} /import`, `${names[3]} /pool`]))
    }
  })

  it('lists the units as “kind: name” punctuated in the reader’s language', async () => {
    const db = createTestDb()
    seedTestUnits(db)
    const admin = await createLoggedInUser(db, 'admin', null)
    for (const [locale, line] of [
      ['zh', '社区：长征桥社区'],
      ['en', 'Community: Changzhengqiao'],
    ] as const) {
      const res = await callRoute(loader, makeRequest('/admin', { cookie: `${admin.cookie}; th_prefs=${locale}.0.0` }))
      const html = await renderPage(AdminHome, { path: '/admin', locale, loaderData: await res.json() })
      const items = [...html.matchAll(/<li>((?:(?!<li>).)*?)<code>gs-czq<\/code>/g)].map(m => m[1].replace(/<[^>]+>/g, '').trim())
      expect(items).toEqual([line])
    }
  })
})

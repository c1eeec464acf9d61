import { describe, expect, it } from 'vitest'
import AdminHome, { loader } from '#app/routes/_admin+/admin'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'
import { renderPage } from '#tests/render-page'

/** The roles cell of each account on /admin, by username. */
async function rolesByUser(locale: 'zh' | 'en') {
  const db = createTestDb()
  seedTestUnits(db)
  const admin = await createLoggedInUser(db, 'admin', null)
  const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
  const res = await callRoute(loader, makeRequest('/admin', { cookie: `${admin.cookie}; th_prefs=${locale}.0.0` }))
  const html = await renderPage(AdminHome, { path: '/admin', locale, loaderData: await res.json() })
  const roles = (username: string) => {
    const row = new RegExp(`<tr[^>]*><th[^>]*>${username}</th>(.*?)</tr>`).exec(html)?.[1] ?? ''
    const cells = [...row.matchAll(/<span class="cell-value">(.*?)<\/span><\/td>/g)].map(m => m[1]!.replace(/<[^>]+>/g, ''))
    return cells[1]
  }
  return { admin: roles(admin.username), worker: roles(worker.username) }
}

describe('the accounts on the administration page', () => {
  it('name a role held everywhere by the role alone, and a scoped one with its unit, in English', async () => {
    expect(await rolesByUser('en')).toEqual({ admin: 'Administrator', worker: 'Community worker (Changzhengqiao)' })
  })

  it('do the same in Chinese', async () => {
    expect(await rolesByUser('zh')).toEqual({ admin: '管理员', worker: '社区工作者（长征桥社区）' })
  })
})

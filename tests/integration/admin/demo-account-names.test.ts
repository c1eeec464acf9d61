import { describe, expect, it } from 'vitest'
import { zh } from '#app/i18n/zh'
import AdminHome, { loader } from '#app/routes/_admin+/admin'
import { DEMO_ACCOUNTS, DEMO_COMMUNITIES, DEMO_DEPARTMENTS, DEMO_STREET } from '#db/demo-data'
import { createSession } from '#db/queries/auth'
import { users } from '#db/schema/index'
import { seedDemo } from '#db/seed'
import { callRoute, createTestDb, makeRequest } from '#tests/db-utils'
import { renderPage } from '#tests/render-page'

// The demo accounts are named as people are: the role and the unit are the app's to say, in the reader's language,
// so an English page does not read “周老师（促动师）” with the role left in Chinese.

const ROLE_WORDS = Object.entries(zh)
  .filter(([key]) => key.startsWith('role.'))
  .map(([, label]) => label)
const UNIT_WORDS = [DEMO_STREET, ...DEMO_COMMUNITIES, ...DEMO_DEPARTMENTS].flatMap(u => [u.nameZh, ...('aliases' in u ? u.aliases : [])])

describe('the demo accounts’ names', () => {
  it('carry no role or unit on the English administration page, each account named by a person’s name', async () => {
    const db = createTestDb()
    await seedDemo(db, { complaints: 0, pool: 0, history: false })
    const admin = db
      .select()
      .from(users)
      .all()
      .find(u => u.username === 'admin')!
    const cookie = `th_session=${createSession(db, admin.id).id}; th_prefs=en.0.0`
    const res = await callRoute(loader, makeRequest('/admin', { cookie }))
    const html = await renderPage(AdminHome, { path: '/admin', locale: 'en', loaderData: await res.json() })
    for (const { username } of DEMO_ACCOUNTS) {
      const name = new RegExp(
        `<th[^>]*>${username}</th><td[^>]*>(?:<span class="cell-label"[^>]*>.*?</span>)?<span class="cell-value"><span lang="zh-CN">([^<]*)</span>`,
      ).exec(html)?.[1]
      expect(name, username).toMatch(/^\p{Script=Han}{2,4}$/u)
      for (const word of [...ROLE_WORDS, ...UNIT_WORDS]) expect(name, `${username}: ${word}`).not.toContain(word)
    }
  })
})

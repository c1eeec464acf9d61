import { describe, expect, it } from 'vitest'
import AdminTokens, { loader } from '#app/routes/_admin+/admin_.tokens'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'
import { renderPage } from '#tests/render-page'

describe('the API tokens page', () => {
  it('is written for admins using its form: no developer command line, in either language', async () => {
    const db = createTestDb()
    seedTestUnits(db)
    const admin = await createLoggedInUser(db, 'admin', null)
    for (const locale of ['zh', 'en'] as const) {
      const res = await callRoute(loader, makeRequest('/admin/tokens', { cookie: `${admin.cookie}; th_prefs=${locale}.0.0` }))
      const html = await renderPage(AdminTokens, { path: '/admin/tokens', locale, loaderData: await res.json() })
      const visible = html.replace(/<script[^>]*>.*?<\/script>/gs, '').replace(/<[^>]+>/g, ' ')
      expect(visible).not.toMatch(/npm|--role|--unit|--scope|命令行|command line/i)
      expect(visible).toContain(locale === 'zh' ? '令牌只能用于 /api/ 与 /open311/ 接口' : 'Tokens work only on /api/ and /open311/')
    }
  })
})

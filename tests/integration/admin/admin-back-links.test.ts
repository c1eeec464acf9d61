import { describe, expect, it } from 'vitest'
import AdminOutbox, { loader as outboxLoader } from '#app/routes/_admin+/admin_.outbox'
import AdminTokens, { loader as tokensLoader } from '#app/routes/_admin+/admin_.tokens'
import AdminUnits, { loader as unitsLoader } from '#app/routes/_admin+/admin_.units'
import AdminUsers, { loader as usersLoader } from '#app/routes/_admin+/admin_.users'
import { SYSTEM } from '#db/queries/audit'
import { queueMessage, recordDeliveryAttempt } from '#db/queries/messages'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'
import { renderPage } from '#tests/render-page'

// Every page under /admin leads back to it, named in the reader's language, as the first link of the page.
const PAGES = [
  ['/admin/units', AdminUnits, unitsLoader],
  ['/admin/users', AdminUsers, usersLoader],
  ['/admin/tokens', AdminTokens, tokensLoader],
  ['/admin/outbox', AdminOutbox, outboxLoader],
] as const

describe('the administration pages', () => {
  it('each lead back to /admin', async () => {
    const db = createTestDb()
    seedTestUnits(db)
    const admin = await createLoggedInUser(db, 'admin', null)
    for (const [path, Page, loader] of PAGES)
      for (const [locale, name] of [
        ['zh', '系统管理'],
        ['en', 'Administration'],
      ] as const) {
        const res = await callRoute(loader, makeRequest(path, { cookie: `${admin.cookie}; th_prefs=${locale}.0.0` }))
        const html = await renderPage(Page, { path, locale, loaderData: await res.json() })
        const first = /<a [^>]*href="([^"]+)"[^>]*>(.*?)<\/a>/.exec(html)
        // The arrow is a drawn icon hidden from screen readers, so the link's words are only where it goes.
        expect([path, first?.[1], first?.[2].replace(/<[^>]+>/g, '')]).toEqual([path, '/admin', name])
        expect(first?.[2]).toMatch(/^<svg class="icon" aria-hidden="true"/)
      }
  })
})

describe('the outbox’s pages', () => {
  it('are turned by links named in words, not bare arrows a screen reader reads as “left arrow”', async () => {
    const db = createTestDb()
    seedTestUnits(db)
    const admin = await createLoggedInUser(db, 'admin', null)
    for (const [locale, prev, next] of [
      ['zh', '上一页', '下一页'],
      ['en', 'Previous', 'Next'],
    ] as const) {
      const res = await callRoute(outboxLoader, makeRequest('/admin/outbox', { cookie: `${admin.cookie}; th_prefs=${locale}.0.0` }))
      // The middle page of three: both links show.
      const loaderData = { ...((await res.json()) as object), page: 2, pages: 3 }
      const html = await renderPage(AdminOutbox, { path: '/admin/outbox?page=2', locale, loaderData })
      const pager = html.slice(html.lastIndexOf('<nav'))
      const links = [...pager.matchAll(/<a [^>]*>(.*?)<\/a>/g)].map(m => m[1])
      expect(links).toEqual([prev, next])
    }
  })

  it('name the sending service in words, not by its code', async () => {
    const db = createTestDb()
    seedTestUnits(db)
    const admin = await createLoggedInUser(db, 'admin', null)
    const m = queueMessage(
      db,
      { kind: 'panel.invitation', subjectType: 'panel_member', subjectId: 1, recipientName: '王阿姨', toPhone: '13800001111', body: '邀请' },
      SYSTEM,
    )
    recordDeliveryAttempt(db, { id: m.id, provider: 'outbox', result: { ok: true, ref: null } }, SYSTEM)
    for (const [locale, said] of [
      ['zh', '仅存发件箱'],
      ['en', 'outbox only'],
    ] as const) {
      const res = await callRoute(outboxLoader, makeRequest('/admin/outbox', { cookie: `${admin.cookie}; th_prefs=${locale}.0.0` }))
      const html = await renderPage(AdminOutbox, { path: '/admin/outbox', locale, loaderData: await res.json() })
      const row = html.slice(html.indexOf('王阿姨'))
      expect(row).toContain(said)
      expect(row).not.toMatch(/ · outbox</)
    }
  })
})

import { describe, expect, it } from 'vitest'
import { type Locale } from '#app/i18n/index'
import ComplaintDetail, { action, loader } from '#app/routes/_intake+/complaints.$id'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'
import { renderPage } from '#tests/render-page'

/** A worker saves the official reply to a complaint of the channel given; the notice the page then shows. */
async function saveReply(channel: 'web' | 'petition', locale: Locale) {
  const db = createTestDb()
  const units = seedTestUnits(db)
  const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
  const { complaint } = createComplaint(
    db,
    { channel, communityId: units.czq.id, subject: '反映小区围墙倒塌', body: '小区东侧围墙倒了一段，一直没人修。' },
    SYSTEM,
  )
  const path = `/complaints/${complaint.id}`
  const params = { id: String(complaint.id) }
  const res = await callRoute(action, makeRequest(path, { cookie: worker.cookie, form: { intent: 'reply', reply: '您好，围墙已列入本月维修计划。' } }), params)
  expect(res.status).toBe(200)
  const actionData = await res.json()
  const loaderData = await (await callRoute(loader, makeRequest(path, { cookie: worker.cookie }), params)).json()
  const html = await renderPage(ComplaintDetail, { path, locale, loaderData, actionData })
  return html.match(/<p role="status"[^>]*>([^<]*)<\/p>/)?.[1]
}

describe('the notice after saving an official reply', () => {
  it('on a petition says it is saved and, being a petition, not published', async () => {
    expect(await saveReply('petition', 'zh')).toBe('答复已保存。信访件的答复不公开，也不在查询页显示。')
    expect(await saveReply('petition', 'en')).toBe('Reply saved. A petition’s reply is never published, nor shown on the tracking page.')
  })

  it('on any other complaint still says it is published after review', async () => {
    expect(await saveReply('web', 'zh')).toBe('答复已保存，等待审核后公开。反映人可在查询页看到（已隐去个人信息）。')
    expect(await saveReply('web', 'en')).toBe(
      'Reply saved; it will be published after review. The resident sees it on the tracking page, without personal details.',
    )
  })
})

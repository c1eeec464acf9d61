import { beforeEach, describe, expect, it } from 'vitest'
import { replyToComplaint } from '#app/commands/complaints.server'
import { makeT, type Locale } from '#app/i18n/index'
import ComplaintDetail, { action, loader } from '#app/routes/_intake+/complaints.$id'
import { formErrorText } from '#app/utils/form-errors'
import type { Db } from '#db/client'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'
import { control, describedBy, occurrences, renderPage } from '#tests/render-page'

let db: Db
let units: ReturnType<typeof seedTestUnits>
beforeEach(() => {
  db = createTestDb()
  units = seedTestUnits(db)
})

async function setup() {
  const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
  const { complaint } = createComplaint(
    db,
    { channel: 'web', communityId: units.czq.id, subject: '咨询小区充电棚在哪里', body: '想问小区的电动车充电棚在哪里，晚上能不能充电。' },
    SYSTEM,
  )
  return { worker, complaint }
}

/** Save `reply` as the official reply, then the page as it comes back. */
async function saveReply(reply: string, locale: Locale) {
  const { worker, complaint } = await setup()
  const path = `/complaints/${complaint.id}`
  const params = { id: String(complaint.id) }
  const res = await callRoute(action, makeRequest(path, { cookie: worker.cookie, form: { intent: 'reply', reply } }), params)
  const actionData = (await res.json()) as { result: { error: Record<string, string[]> } }
  const loaderData = await (await callRoute(loader, makeRequest(path, { cookie: worker.cookie }), params)).json()
  return { status: res.status, actionData, html: await renderPage(ComplaintDetail, { path, locale, loaderData, actionData }) }
}

describe('saving an official reply to a complaint', () => {
  it('refuses an empty reply once, beside the reply box, saying the reply is what is missing', async () => {
    const { status, actionData, html } = await saveReply('   ', 'zh')
    expect(status).toBe(400)
    expect(Object.keys(actionData.result.error)).toEqual(['reply'])
    const message = formErrorText(makeT('zh'), actionData.result.error.reply![0]!)
    expect(message).toBe('请填写答复后再保存。')
    expect(control(html, 'reply')).toContain('aria-invalid="true"')
    expect(describedBy(html, 'reply')).toEqual([message])
    expect(occurrences(html, message)).toBe(1)
    expect(occurrences(html, makeT('zh')('answers.error.empty'))).toBe(0)
  })

  it('says the same in English', async () => {
    const { html } = await saveReply('', 'en')
    expect(describedBy(html, 'reply')).toEqual(['Write the reply before saving.'])
    expect(occurrences(html, 'Write the reply before saving.')).toBe(1)
    expect(occurrences(html, makeT('en')('answers.error.empty'))).toBe(0)
  })

  it('the reply command refuses an empty reply with the same message', async () => {
    const { worker, complaint } = await setup()
    const ctx = { db, actor: { kind: 'user', id: worker.id } as const, notify: { toUser() {}, toUnit() {} } }
    let refusal: unknown
    try {
      replyToComplaint(ctx, { complaintId: complaint.id, reply: ' ' })
    } catch (e) {
      refusal = e
    }
    expect(refusal).toMatchObject({ messageKey: 'answers.error.replyEmpty', field: 'reply' })
  })
})

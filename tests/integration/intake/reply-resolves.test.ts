import { beforeEach, describe, expect, it } from 'vitest'
import { type Locale } from '#app/i18n/index'
import ComplaintDetail, { action, loader } from '#app/routes/_intake+/complaints.$id'
import Track, { loader as trackLoader } from '#app/routes/_public+/track.$code'
import type { Db } from '#db/client'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint, getComplaint, setComplaintStatus } from '#db/queries/complaints'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'
import { control, renderPage } from '#tests/render-page'

// A worker answering a resident's question usually has nothing more to do for it:
// the reply form offers to resolve the report in the same step.

let db: Db
let units: ReturnType<typeof seedTestUnits>
beforeEach(() => {
  db = createTestDb()
  units = seedTestUnits(db)
})

const QUESTION = { subject: '咨询小区充电棚在哪里', body: '想问小区的电动车充电棚在哪里，晚上能不能充电。' }
const COMPLAINT = { subject: '楼下饭店油烟扰民', body: '楼下饭店每天晚上油烟很大，窗户都不敢开。' }

async function setup(text: { subject: string; body: string }) {
  const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
  const { complaint } = createComplaint(db, { channel: 'web', communityId: units.czq.id, ...text }, SYSTEM)
  const path = `/complaints/${complaint.id}`
  const params = { id: String(complaint.id) }
  const page = async (locale: Locale = 'zh', actionData?: object) => {
    const loaderData = await (await callRoute(loader, makeRequest(path, { cookie: worker.cookie }), params)).json()
    return renderPage(ComplaintDetail, { path, locale, loaderData, actionData })
  }
  const reply = async (form: Record<string, string>) => {
    const res = await callRoute(action, makeRequest(path, { cookie: worker.cookie, form: { intent: 'reply', ...form } }), params)
    return { status: res.status, data: (await res.json()) as { ok?: boolean; message?: string } }
  }
  return { worker, complaint, page, reply }
}

const auditActions = (complaintId: number) =>
  (
    db.$client
      .prepare(
        `select action from audit_events where (subject_type = 'complaint' and subject_id = ?)
           or (subject_type = 'answer' and subject_id in (select id from answers where complaint_id = ?)) order by id`,
      )
      .all(String(complaintId), complaintId) as { action: string }[]
  ).map(r => r.action)

describe('replying to a report can resolve it in the same step', () => {
  it('offers it ticked for a question, and resolving writes the status, its history and audit row beside the reply', async () => {
    const { complaint, page, reply } = await setup(QUESTION)
    const box = control(await page(), 'resolve')
    expect(box).toContain('type="checkbox"')
    expect(box).toContain('checked')
    const { status, data } = await reply({ reply: '充电棚在小区北门东侧，晚上十点前可以充电。', resolve: '1' })
    expect(status).toBe(200)
    expect(data.message).toBe('intake.reply.savedResolved')
    expect(getComplaint(db, complaint.id)?.status).toBe('resolved')
    expect(auditActions(complaint.id)).toEqual(expect.arrayContaining(['answer.reply_recorded', 'complaint.status']))
    const history = db.$client.prepare('select status from complaint_status_events where complaint_id = ? order by id').all(complaint.id) as {
      status: string
    }[]
    expect(history.map(h => h.status)).toContain('resolved')
  })

  it('leaves the report as it was when the box is not ticked', async () => {
    const { complaint, reply } = await setup(QUESTION)
    const before = getComplaint(db, complaint.id)?.status
    const { data } = await reply({ reply: '充电棚在小区北门东侧。' })
    expect(data.message).toBe('answers.reply.saved')
    expect(getComplaint(db, complaint.id)?.status).toBe(before)
    expect(auditActions(complaint.id)).not.toContain('complaint.status')
  })

  it('offers it unticked for a complaint about a problem, which usually needs work after the reply', async () => {
    const { page } = await setup(COMPLAINT)
    const box = control(await page(), 'resolve')
    expect(box).toContain('type="checkbox"')
    expect(box).not.toContain('checked')
  })

  it('does not offer it once the report is resolved or closed', async () => {
    const { complaint, page } = await setup(QUESTION)
    setComplaintStatus(db, complaint.id, 'closed', SYSTEM)
    expect(control(await page(), 'resolve')).toBe('')
  })

  it('is labelled in the reader’s language', async () => {
    const { page } = await setup(QUESTION)
    // The status it sets is 已解决 (resolved), not 已办结 (closed), which staff set later.
    expect(await page('zh')).toContain('保存答复的同时将此诉求设为“已解决”')
    expect(await page('en')).toContain('Also mark this report resolved')
  })
})

describe('the resident’s tracking page after a reply that resolved the report', () => {
  it('shows the report settled, not still at its first step, and promises no rating that never comes', async () => {
    const { complaint, reply } = await setup(QUESTION)
    await reply({ reply: '充电棚在小区北门东侧，晚上十点前可以充电。', resolve: '1' })
    const path = `/track/${complaint.trackingCode}`
    const loaderData = (await (await callRoute(trackLoader, makeRequest(path), { code: complaint.trackingCode })).json()) as { nextStep: string }
    expect(loaderData.nextStep).toBe('intake.track.next.answered')
    const html = await renderPage(Track, { path, locale: 'zh', loaderData })
    const steps = html.match(/<ol class="loop-steps"[\s\S]*?<\/ol>/)![0]
    expect(steps).toContain('已答复')
    expect(steps).not.toContain('class="current"')
    expect(steps).not.toContain('议事')
    expect(html).not.toContain('评价')
    const en = await renderPage(Track, { path, locale: 'en', loaderData })
    expect(en).toContain('Answered')
  })
})

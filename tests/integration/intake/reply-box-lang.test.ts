import { beforeEach, describe, expect, it } from 'vitest'
import ComplaintDetail, { action, loader } from '#app/routes/_intake+/complaints.$id'
import { PREFS_COOKIE } from '#app/utils/cookies'
import type { Db } from '#db/client'
import { recordComplaintReply, reviewAnswer } from '#db/queries/answers'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'
import { unmarkedChinese } from '#tests/lang-marks'
import { renderPage } from '#tests/render-page'

let db: Db
let units: ReturnType<typeof seedTestUnits>
beforeEach(() => {
  db = createTestDb()
  units = seedTestUnits(db)
})

// A complaint answered before, and another on the same question whose reply box may draw on that answer.
async function setup() {
  const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
  const file = (subject: string, body: string) => createComplaint(db, { channel: 'web', communityId: units.czq.id, subject, body }, SYSTEM).complaint
  const earlier = file('咨询公积金能否支付房租', '一直租房住，公积金能不能取出来交房租？')
  const past = recordComplaintReply(
    db,
    { complaintId: earlier.id, reply: '无自有住房的职工可以申请提取公积金支付房租，每年一次。如有问题请拨打【电话】联系网格员【姓名】。' },
    SYSTEM,
  )
  reviewAnswer(db, { answerId: past.id, decision: 'publish' }, SYSTEM)
  const asked = file('公积金交房租怎么办理', '租房的能不能用公积金交房租，要什么手续？')
  const page = async (complaintId: number, query = '', actionData?: object) => {
    const path = `/complaints/${complaintId}${query}`
    const res = await callRoute(loader, makeRequest(path, { cookie: `${worker.cookie}; ${PREFS_COOKIE}=en.0.0` }), { id: String(complaintId) })
    return renderPage(ComplaintDetail, { path, locale: 'en', loaderData: (await res.json()) as object, actionData })
  }
  const post = async (complaintId: number, form: Record<string, string>) =>
    (await callRoute(action, makeRequest(`/complaints/${complaintId}`, { cookie: worker.cookie, form }), { id: String(complaintId) })).json() as Promise<object>
  return { earlier, asked, pastId: past.id, page, post }
}

/** The reply section: its heading to the end of its form. */
const replySection = (html: string) => /<section [^>]*aria-labelledby="reply-h"[^>]*>[\s\S]*?<\/section>/.exec(html)?.[0] ?? ''
const replyBox = (html: string) => /<textarea [^>]*id="reply"[^>]*>/.exec(html)?.[0] ?? ''

describe('the reply box on an English page', () => {
  it('marks the saved reply it holds as Chinese', async () => {
    const { earlier, page } = await setup()
    const html = await page(earlier.id)
    expect(replySection(html)).toContain('无自有住房的职工')
    expect(replyBox(html)).toContain('lang="zh-CN"')
    expect(unmarkedChinese(replySection(html))).toEqual([])
  })

  it('marks a past reply drawn into it as Chinese, and leaves the English around it unmarked', async () => {
    const { asked, pastId, page } = await setup()
    const html = await page(asked.id, `?draftFrom=${pastId}`)
    expect(replySection(html)).toContain('无自有住房的职工')
    expect(replyBox(html)).toContain('lang="zh-CN"')
    expect(unmarkedChinese(replySection(html))).toEqual([])
    // The label, heading and notes are the page's English.
    expect(/<label [^>]*for="reply"[^>]*>/.exec(html)?.[0]).not.toContain('lang=')
    expect(/<section [^>]*aria-labelledby="reply-h"[^>]*>/.exec(html)?.[0]).not.toContain('lang=')
  })

  it('marks the placeholders a refused reply still holds as Chinese where the refusal names them', async () => {
    const { asked, page, post } = await setup()
    const refused = await post(asked.id, { intent: 'reply', reply: '您好！如有问题请拨打【电话】联系网格员【姓名】。' })
    const html = await page(asked.id, '', refused)
    const errors = /<ul [^>]*id="reply-error"[^>]*>[\s\S]*?<\/ul>/.exec(html)?.[0] ?? ''
    expect(errors).toContain('The reply still holds placeholders')
    expect(errors).toContain('<span lang="zh-CN">【电话】</span>')
    expect(unmarkedChinese(replySection(html))).toEqual([])
  })
})

import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import SupervisePage, * as supervise from '#app/routes/_outcomes+/supervise'
import { recordDecision } from '#db/queries/decisions'
import { createWorkOrders, postWorkOrderUpdate, transitionWorkOrder } from '#db/queries/work-orders'
import { workOrders } from '#db/schema/index'
import { callRoute, makeRequest } from '#tests/db-utils'
import { occurrences, renderPage } from '#tests/render-page'
import { asUser, dispatchedOrder, outcomeScenario, type Scenario } from './fixtures'

let s: Scenario
let orderId: number
beforeEach(async () => {
  s = await outcomeScenario()
  orderId = dispatchedOrder(s)
  moveTo('accepted')
})

const version = () => s.db.select().from(workOrders).where(eq(workOrders.id, orderId)).get()!.version
const moveTo = (to: string, note?: string) =>
  transitionWorkOrder(s.db, { workOrderId: orderId, to, expectedVersion: version(), note: note ?? null }, asUser(s.users.dept))

async function page(locale: 'zh' | 'en', path = '/supervise') {
  const loaderData = await (await callRoute(supervise.loader, makeRequest(path, { cookie: s.users.supervisor.cookie }))).json()
  return renderPage(SupervisePage, { path, locale, loaderData })
}

describe('what the supervisor reads before verifying', () => {
  it('the department’s last report, when the work was handed in without a note', async () => {
    postWorkOrderUpdate(s.db, { workOrderId: orderId, note: '东侧划线已完成，见照片', progress: 80 }, asUser(s.users.dept))
    moveTo('awaiting_verification')
    expect(occurrences(await page('zh'), '东侧划线已完成，见照片')).toBe(1)
  })

  it('the note given on handing in, when there is one', async () => {
    postWorkOrderUpdate(s.db, { workOrderId: orderId, note: '东侧划线已完成', progress: 80 }, asUser(s.users.dept))
    moveTo('awaiting_verification', '全部完工，请核验')
    const html = await page('zh')
    expect(occurrences(html, '全部完工，请核验')).toBe(1)
  })

  it('no photos is said as such, not as photos to open', async () => {
    moveTo('in_progress')
    moveTo('awaiting_verification')
    const en = await page('en')
    expect(en).not.toContain('0 photos')
    expect(occurrences(en, 'No photos were posted with this work order.')).toBe(1)
    expect(occurrences(await page('zh'), '这张工作单没有上传现场照片。')).toBe(1)
  })
})

describe('what the supervisor is told after verifying', () => {
  it('says the order is verified and waits for the street office to close it, not that it is closed', async () => {
    moveTo('in_progress')
    moveTo('awaiting_verification')
    const zh = await page('zh', '/supervise?done=verified')
    const status = /<p role="status"[^>]*>(.*?)<\/p>/.exec(zh)?.[1] ?? ''
    expect(status).toContain('已核验')
    expect(status).not.toContain('已办结')
    expect(status).toContain('街道')
    const en = await page('en', '/supervise?done=verified')
    expect(/<p role="status"[^>]*>(.*?)<\/p>/.exec(en)?.[1]).toContain('street office')
  })
})

describe('several orders waiting', () => {
  it('each verify and send-back button says which order it is for', async () => {
    moveTo('in_progress')
    moveTo('awaiting_verification')
    const { decision } = recordDecision(s.db, { meetingId: s.meeting.id, title: '错峰放学', voteSeq: 2 }, asUser(s.users.worker))
    const second = createWorkOrders(
      s.db,
      {
        decisionId: decision.id,
        departmentIds: [s.units.traffic.id],
        title: '设置接送等候区',
        problem: '路口拥堵',
        dueAt: new Date(Date.now() + 10 * 86400_000),
        dispatch: true,
      },
      asUser(s.users.street),
    ).orders[0]!.id
    for (const to of ['accepted', 'in_progress', 'awaiting_verification']) {
      const v = s.db.select().from(workOrders).where(eq(workOrders.id, second)).get()!.version
      transitionWorkOrder(s.db, { workOrderId: second, to, expectedVersion: v }, asUser(s.users.dept))
    }
    const html = await page('zh')
    const buttons = [...html.matchAll(/<button [^>]*name="to"[^>]*>/g)].map(m => m[0])
    expect(buttons).toHaveLength(4)
    const describedTitles = buttons.map(b => {
      const ids = /aria-describedby="([^"]+)"/.exec(b)?.[1]?.split(' ') ?? []
      return ids.map(id => new RegExp(`id="${id}"[^>]*>(.*?)</`).exec(html)?.[1]).join(' ')
    })
    expect(describedTitles.sort()).toEqual(['施划临时停车位', '施划临时停车位', '设置接送等候区', '设置接送等候区'].sort())
  })
})

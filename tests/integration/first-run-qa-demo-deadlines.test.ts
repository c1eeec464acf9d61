import { beforeAll, describe, expect, it } from 'vitest'
import { chinaDay } from '#db/dates'
import { seedDemo } from '#db/seed'
import { createTestDb } from '#tests/db-utils'

// The demo's year of history as a new user meets it on /orders and in the bell:
// an order reopened by a poor rating months ago, redone and verified since, was
// given its new deadline on the day it was reopened, not on the day the demo
// was seeded. A verified order "due" weeks from now, and a July message saying
// it is "now due" next January, read as nonsense.

const now = new Date('2026-12-01T08:30:00Z')
let db: ReturnType<typeof createTestDb>
beforeAll(async () => {
  db = createTestDb()
  await seedDemo(db, { now })
}, 120_000)

type Order = { id: number; title: string; status: string; dueAt: number; closedAt: number | null }
const orders = () => db.$client.prepare('select id, title, status, due_at dueAt, closed_at closedAt from work_orders').all() as Order[]

describe('the demo history’s reopened work orders', () => {
  it('exist: a poor rating reopened some delivered orders, which were redone and verified', () => {
    const reopened = db.$client.prepare("select count(*) n from audit_events where action = 'work_order.reopen'").get() as { n: number }
    expect(reopened.n).toBeGreaterThan(0)
  })

  it('carry deadlines in the past, on or after the day their redone work was handed in', () => {
    const late = orders()
      .filter(o => o.status === 'verified' && o.dueAt > now.getTime())
      .map(o => `${o.title}: due ${chinaDay(new Date(o.dueAt))}`)
    expect(late).toEqual([])
  })

  it('are told to the department and the street with the deadline they were given then', () => {
    const rows = db.$client
      .prepare("select params, link, created_at createdAt from notifications where message_key = 'outcome.notify.reopenedOrderDue'")
      .all() as { params: string; link: string; createdAt: number }[]
    expect(rows.length).toBeGreaterThan(0)
    const byId = new Map(orders().map(o => [`/orders/${o.id}`, o]))
    for (const r of rows) {
      const due = JSON.parse(r.params).due as string
      const order = byId.get(r.link)!
      expect(due).toBe(chinaDay(new Date(order.dueAt)))
      // Weeks after the message, never months after today.
      expect(due > chinaDay(new Date(r.createdAt))).toBe(true)
      expect(due <= chinaDay(now)).toBe(true)
    }
  })

  it('keep history and audit in step with the order', () => {
    for (const o of orders().filter(o => o.status === 'verified')) {
      const events = db.$client.prepare("select to_due_at toDueAt from work_order_events where work_order_id = ? and kind = 'deadline'").all(o.id) as {
        toDueAt: number
      }[]
      for (const e of events) expect(e.toDueAt).toBeLessThanOrEqual(now.getTime())
      const audits = db.$client
        .prepare(
          "select after from audit_events where subject_type = 'work_order' and subject_id = ? and action in ('work_order.deadline', 'work_order.reopen')",
        )
        .all(String(o.id)) as { after: string }[]
      for (const a of audits) expect(Date.parse(JSON.parse(a.after).dueAt)).toBeLessThanOrEqual(now.getTime())
    }
  })
})

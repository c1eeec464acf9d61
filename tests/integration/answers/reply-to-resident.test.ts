import { replyToComplaint } from '#app/commands/complaints.server'
import * as track from '#app/routes/_public+/track.$code'
import { processComplaint } from '#app/services/nlp.server'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { writeCategoryCorrection } from '#db/queries/corrections'
import { listNotifications } from '#db/queries/notifications'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'

// Synthetic residents: the names and phones below are made up.
async function setup(channel: 'web' | 'petition') {
  const db = createTestDb()
  const units = seedTestUnits(db)
  const resident = await createLoggedInUser(db, 'resident', 'gs-czq')
  const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
  const { complaint } = createComplaint(
    db,
    {
      channel,
      communityId: units.czq.id,
      subject: '咨询小区充电棚在哪里',
      body: '我是钱小梅，电话13900003333，想问小区的电动车充电棚在哪里。',
      complainantName: '钱小梅',
      complainantPhone: '13900003333',
      complainantUserId: resident.id,
    },
    SYSTEM,
  )
  const pushed: number[] = []
  const ctx = { db, actor: { kind: 'user', id: worker.id } as const, notify: { toUser: (id: number) => pushed.push(id), toUnit() {} } as never }
  replyToComplaint(ctx, { complaintId: complaint.id, reply: '钱小梅您好！充电棚在小区北门东侧，扫码付费充电。如有疑问请致电13900003333。' })
  const page = async () =>
    (await (await callRoute(track.loader, makeRequest(`/track/${complaint.trackingCode}`), { code: complaint.trackingCode })).json()) as {
      found: boolean
      reply: { text: string; repliedAt: string } | null
      nextStep: string | null
    }
  return { db, resident, complaint, pushed, page }
}

describe('an official reply reaches the resident who asked', () => {
  it('shows on the tracking page without the resident’s name or phone, and the resident is told', async () => {
    const { db, resident, complaint, pushed, page } = await setup('web')
    const { reply } = await page()
    expect(reply?.text).toContain('充电棚在小区北门东侧')
    expect(reply?.text).not.toMatch(/钱小梅|13900003333/)
    const [notice] = listNotifications(db, resident.id)
    expect(notice).toMatchObject({ kind: 'complaint', messageKey: 'intake.notify.replied', link: `/track/${complaint.trackingCode}` })
    expect(JSON.stringify(notice!.params)).not.toMatch(/钱小梅|13900003333/)
    expect(pushed).toEqual([resident.id])
  })

  it('the tracking page’s next step says the report was answered, not that it waits to become a topic', async () => {
    const { page } = await setup('web')
    expect((await page()).nextStep).toBe('intake.track.next.replied')
  })

  it('a petition’s tracking page shows progress only: its reply stays off the page', async () => {
    const { page } = await setup('petition')
    expect((await page()).reply).toBeNull()
    expect((await page()).nextStep).toBe('intake.track.next.received')
  })
})

describe('the tracking page’s history', () => {
  it('shows each step once: a worker recategorising the report adds no second “classified” line', async () => {
    const db = createTestDb()
    const units = seedTestUnits(db)
    const { complaint } = createComplaint(db, { channel: 'web', communityId: units.czq.id, subject: '楼道灯坏了', body: '三楼楼道灯坏了一个月了。' }, SYSTEM)
    processComplaint(db, complaint.id)
    db.transaction(tx => writeCategoryCorrection(tx, { complaintId: complaint.id, path: ['城乡建设'] }, SYSTEM))
    const res = await callRoute(track.loader, makeRequest(`/track/${complaint.trackingCode}`), { code: complaint.trackingCode })
    const { history } = (await res.json()) as { history: { status: string }[] }
    expect(history.map(h => h.status)).toEqual(['received', 'classified'])
  })
})

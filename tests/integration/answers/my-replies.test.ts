import { describe, expect, it } from 'vitest'
import { replyToComplaint } from '#app/commands/complaints.server'
import * as me from '#app/routes/_account+/me'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'

// A resident's own list of reports says which ones staff have answered, as the
// tracking page does: a question answered is not still "being grouped" to her.
describe('my reports', () => {
  it('mark the reports that have an official reply, with its day; a petition’s reply stays off the list as off its tracking page', async () => {
    const db = createTestDb()
    const units = seedTestUnits(db)
    const resident = await createLoggedInUser(db, 'resident', 'gs-czq')
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const file = (subject: string, channel: 'web' | 'petition') =>
      createComplaint(db, { channel, communityId: units.czq.id, subject, body: `${subject}，请问怎么办理？`, complainantUserId: resident.id }, SYSTEM).complaint
    const answered = file('小区停车位怎么申请', 'web')
    const waiting = file('老人助餐在哪里', 'web')
    const petition = file('垃圾分类几点收', 'petition')
    const ctx = { db, actor: { kind: 'user', id: worker.id } as const, notify: { toUser() {}, toUnit() {} } as never }
    replyToComplaint(ctx, { complaintId: answered.id, reply: '您好！请到物业服务中心登记排队。' })
    replyToComplaint(ctx, { complaintId: petition.id, reply: '您好！早上 7:00–9:00 投放。' })

    const res = await callRoute(me.loader, makeRequest('/me', { cookie: resident.cookie }))
    const { mine } = (await res.json()) as { mine: { id: number; repliedAt: string | null }[] }
    const repliedAt = (id: number) => mine.find(c => c.id === id)?.repliedAt
    expect(repliedAt(answered.id)).toMatch(/^\d{4}-\d{2}-\d{2}T/)
    expect(repliedAt(waiting.id)).toBeNull()
    expect(repliedAt(petition.id)).toBeNull()
  })
})

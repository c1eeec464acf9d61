import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { loader as minutesLoader } from '#app/routes/_meetings+/meetings.$id.minutes'
import { loader as minutesMdLoader } from '#app/routes/_meetings+/meetings.$id.minutes[.]md'
import { meetingParticipants, meetings, minutes, users } from '#db/schema/index'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits, insertTopic } from '#tests/db-utils'

describe('published minutes of an open meeting', () => {
  it('name the participants by pseudonym for the public and by name for participants', async () => {
    const db = createTestDb()
    const u = seedTestUnits(db)
    const member = await createLoggedInUser(db, 'resident', 'gs-czq')
    db.update(users).set({ displayName: '张三丰' }).where(eq(users.id, member.id)).run()
    const topic = insertTopic(db, { unitId: u.czq.id, status: 'approved', title: '小河小学路口拥堵' })
    const meeting = db
      .insert(meetings)
      .values({ topicId: topic.id, title: '议事会', mode: 'online', startsAt: new Date(), checkInToken: 't', isPublic: true, status: 'ended' })
      .returning()
      .get()
    db.insert(meetingParticipants).values({ meetingId: meeting.id, userId: member.id, role: 'deliberator' }).run()
    db.insert(minutes)
      .values({ meetingId: meeting.id, markdown: '## 出席\n- 张三丰\n\n张三丰：建议高峰期临时停车。', status: 'published', publishedAt: new Date() })
      .run()
    const params = { id: String(meeting.id) }
    const anon = await (await callRoute(minutesLoader, makeRequest(`/meetings/${meeting.id}/minutes`), params)).json()
    expect(anon.markdown).toContain('议事员 1：建议高峰期临时停车。')
    expect(anon.markdown).not.toContain('张三丰')
    const md = await (await callRoute(minutesMdLoader, makeRequest(`/meetings/${meeting.id}/minutes.md`), params)).text()
    expect(md).not.toContain('张三丰')
    const own = await (await callRoute(minutesLoader, makeRequest(`/meetings/${meeting.id}/minutes`, { cookie: member.cookie }), params)).json()
    expect(own.markdown).toContain('张三丰')
  })

  it('mask phone and ID numbers typed into statements in the public copy, the page and the Markdown file alike', async () => {
    const db = createTestDb()
    const u = seedTestUnits(db)
    const member = await createLoggedInUser(db, 'resident', 'gs-czq')
    const topic = insertTopic(db, { unitId: u.czq.id, status: 'approved', title: '小河小学路口拥堵' })
    const meeting = db
      .insert(meetings)
      .values({ topicId: topic.id, title: '议事会', mode: 'online', startsAt: new Date(), checkInToken: 't', isPublic: true, status: 'ended' })
      .returning()
      .get()
    db.insert(meetingParticipants).values({ meetingId: meeting.id, userId: member.id, role: 'deliberator' }).run()
    const said = '有问题打我电话13911112222，身份证330102199001011234。'
    db.insert(minutes)
      .values({ meetingId: meeting.id, markdown: `## 发言\n\n${said}`, status: 'published', publishedAt: new Date() })
      .run()
    const params = { id: String(meeting.id) }
    const page = (await (await callRoute(minutesLoader, makeRequest(`/meetings/${meeting.id}/minutes`), params)).json()).markdown as string
    const md = await (await callRoute(minutesMdLoader, makeRequest(`/meetings/${meeting.id}/minutes.md`), params)).text()
    for (const publicCopy of [page, md]) {
      expect(publicCopy).toContain('有问题打我电话139****2222')
      for (const secret of ['13911112222', '1112222', '330102199001011234', '199001011234']) expect(publicCopy).not.toContain(secret)
    }
    const own = await (await callRoute(minutesLoader, makeRequest(`/meetings/${meeting.id}/minutes`, { cookie: member.cookie }), params)).json()
    expect(own.markdown).toContain(said)
  })
})

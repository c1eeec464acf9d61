import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { loader as minutesLoader } from '#app/routes/_meetings+/meetings.$id.minutes'
import { loader as minutesMdLoader } from '#app/routes/_meetings+/meetings.$id.minutes[.]md'
import PublicTopicPage, { loader as publicTopicLoader } from '#app/routes/_public+/public.topics.$id'
import { meetingParticipants, meetings, minutes, users } from '#db/schema/index'
import { ANON_COOKIE, callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits, insertTopic } from '#tests/db-utils'
import { renderPage } from '#tests/render-page'

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

  it('replace phone and ID numbers, e-mails, WeChat ids, flats and introduced names typed into statements in the public copy, the page and the Markdown file alike', async () => {
    const db = createTestDb()
    const u = seedTestUnits(db)
    const member = await createLoggedInUser(db, 'resident', 'gs-czq')
    const topic = insertTopic(db, { unitId: u.czq.id, status: 'approved', title: '小河小学路口拥堵', isPublic: true })
    const meeting = db
      .insert(meetings)
      .values({ topicId: topic.id, title: '议事会', mode: 'online', startsAt: new Date(), checkInToken: 't', isPublic: true, status: 'ended' })
      .returning()
      .get()
    db.insert(meetingParticipants).values({ meetingId: meeting.id, userId: member.id, role: 'deliberator' }).run()
    const said = '我叫王小红，有问题打我电话13588889999，身份证330102199001011234，微信wangxh1988，邮箱wxh@example.com，座机0571-87654321，住3栋2单元501室。'
    db.insert(minutes)
      .values({ meetingId: meeting.id, markdown: `## 发言\n\n${said}`, status: 'published', publishedAt: new Date() })
      .run()
    const params = { id: String(meeting.id) }
    const read = async (cookie?: string) => {
      const request = (path: string) => makeRequest(path, cookie ? { cookie } : {})
      const page = (await (await callRoute(minutesLoader, request(`/meetings/${meeting.id}/minutes`), params)).json()).markdown as string
      const md = await (await callRoute(minutesMdLoader, request(`/meetings/${meeting.id}/minutes.md`), params)).text()
      return [page, md]
    }
    const secrets = ['13588889999', '135****9999', '9999', '330102199001011234', '1234', 'wangxh1988', 'wxh@example.com', '87654321', '501', '王小红']
    for (const publicCopy of await read()) {
      expect(publicCopy).toContain('有问题打我电话【电话】')
      for (const p of ['我叫【姓名】', '身份证【证件号】', '微信【账号】', '邮箱【邮箱】', '3栋【地址】']) expect(publicCopy).toContain(p)
      for (const secret of secrets) expect(publicCopy).not.toContain(secret)
    }
    // English readers read the placeholders in English.
    for (const publicCopy of await read(`${ANON_COOKIE}; th_prefs=en.0.0`)) {
      expect(publicCopy).toContain('有问题打我电话[phone]')
      expect(publicCopy).toContain('身份证[ID number]')
      expect(publicCopy).not.toContain('【')
      for (const secret of secrets) expect(publicCopy).not.toContain(secret)
    }
    // The topic's public page carries the same copy, its placeholders in the reader's language.
    for (const locale of ['zh', 'en'] as const) {
      const path = `/public/topics/${topic.id}`
      const cookie = locale === 'en' ? `${ANON_COOKIE}; th_prefs=en.0.0` : ANON_COOKIE
      const loaderData = await (await callRoute(publicTopicLoader, makeRequest(path, { cookie }), { id: String(topic.id) })).json()
      const html = (await renderPage(PublicTopicPage, { path, locale, loaderData })).replace(/<script[\s\S]*?<\/script>/g, '')
      expect(html).toContain(locale === 'en' ? '[phone]' : '【电话】')
      if (locale === 'en') expect(html).not.toContain('【电话】')
      for (const secret of secrets) expect(html).not.toContain(secret)
    }
    const own = await (await callRoute(minutesLoader, makeRequest(`/meetings/${meeting.id}/minutes`, { cookie: member.cookie }), params)).json()
    expect(own.markdown).toContain(said)
  })
})

import { and, eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import { en } from '#app/i18n/en'
import { makeT, type TFunction } from '#app/i18n/index'
import { zh } from '#app/i18n/zh'
import * as room from '#app/routes/_meetings+/meetings.$id._index'
import * as checkin from '#app/routes/_meetings+/meetings.$id.checkin'
import * as consoleRoute from '#app/routes/_meetings+/meetings.$id.console'
import * as minutesRoute from '#app/routes/_meetings+/meetings.$id.minutes'
import * as minutesMd from '#app/routes/_meetings+/meetings.$id.minutes[.]md'
import * as observe from '#app/routes/_meetings+/meetings.$id.observe'
import * as projector from '#app/routes/_meetings+/meetings.$id.projector'
import * as list from '#app/routes/_meetings+/meetings._index'
import * as create from '#app/routes/_meetings+/meetings.new'
import { formErrorText } from '#app/utils/form-errors'
import { runMeetingCommand, getMeeting } from '#db/queries/meetings'
import { meetingEvents, meetingParticipants, meetings, minutes, notifications } from '#db/schema/index'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits, ANON_COOKIE } from '#tests/db-utils'
import { insertApprovedTopic } from '#tests/integration/realtime/helpers'

let db: ReturnType<typeof createTestDb>
let units: ReturnType<typeof seedTestUnits>
beforeEach(() => {
  db = createTestDb()
  units = seedTestUnits(db)
})

const form = (over: Record<string, string> = {}) => ({
  title: '小河小学路口议事会',
  mode: 'hybrid',
  startsAt: '2030-11-22T19:00',
  place: '长征桥社区会议室',
  speakerSeconds: '120',
  agenda: '情况通报 | 10\n方案讨论 | 40',
  isPublic: 'on',
  ...over,
})

async function scheduled(opts: { isPublic?: boolean } = {}) {
  const topic = insertApprovedTopic(db, units.czq.id)
  const fac = await createLoggedInUser(db, 'facilitator', 'gs-xh')
  const res = await callRoute(
    create.action,
    makeRequest('/meetings/new', {
      cookie: fac.cookie,
      form: form({ topicId: String(topic.id), facilitatorIds: String(fac.id), ...(opts.isPublic === false ? { isPublic: '' } : {}) }),
    }),
  )
  expect(res.status).toBe(302)
  const id = Number(/\/meetings\/(\d+)\/console/.exec(res.headers.get('location')!)![1])
  if (opts.isPublic === false) db.update(meetings).set({ isPublic: false }).where(eq(meetings.id, id)).run()
  return { topic, fac, id }
}

describe('scheduling', () => {
  it('offers only approved topics in the organiser’s area and validates the form', async () => {
    const mine = insertApprovedTopic(db, units.czq.id, '长征桥的议题')
    insertApprovedTopic(db, units.hm.id, '和睦的议题')
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const res = await callRoute(create.loader, makeRequest('/meetings/new', { cookie: worker.cookie }))
    const data = (await res.json()) as { topics: { title: string }[] }
    expect(data.topics.map(t => t.title)).toEqual(['长征桥的议题'])

    const bad = await callRoute(
      create.action,
      makeRequest('/meetings/new', { cookie: worker.cookie, form: form({ topicId: String(mine.id), agenda: '情况通报', place: '', title: '' }) }),
    )
    expect(bad.status).toBe(400)
    const body = (await bad.json()) as { result: { error: Record<string, string[]>; initialValue: Record<string, string> } }
    expect(body.result.error).toMatchObject({ agenda: ['meetings.error.agenda'], place: ['meetings.error.placeOrLink'], title: ['meetings.error.required'] })
    expect(body.result.initialValue.startsAt).toBe('2030-11-22T19:00')

    const otherArea = insertApprovedTopic(db, units.hm.id)
    const refused = await callRoute(
      create.action,
      makeRequest('/meetings/new', { cookie: worker.cookie, form: form({ topicId: String(otherArea.id), facilitatorIds: String(worker.id) }) }),
    )
    expect(refused.status).toBe(400)
    // Refused by the scheduling rules rather than the form: the same field error, and what was typed is kept.
    const refusal = (await refused.json()) as { result: { error: Record<string, string[]> }; initialValue: Record<string, string> }
    expect(refusal.result.error).toEqual({ topicId: ['meetings.error.topic'] })
    expect(refusal.initialValue).toMatchObject({ title: '小河小学路口议事会', agenda: '情况通报 | 10\n方案讨论 | 40' })

    const ok = await callRoute(
      create.action,
      makeRequest('/meetings/new', { cookie: worker.cookie, form: form({ topicId: String(mine.id), facilitatorIds: String(worker.id) }) }),
    )
    expect(ok.status).toBe(302)
    const m = db.select().from(meetings).get()!
    expect(m).toMatchObject({ mode: 'hybrid', isPublic: true, speakerSeconds: 120, status: 'scheduled' })
    expect(m.startsAt.toISOString()).toBe('2030-11-22T11:00:00.000Z')
    expect(getMeeting(db, m.id)!.agenda.map(a => [a.title, a.plannedMinutes])).toEqual([
      ['情况通报', 10],
      ['方案讨论', 40],
    ])
    expect(db.select().from(meetingParticipants).all()).toEqual([expect.objectContaining({ userId: worker.id, role: 'facilitator' })])

    const resident = await createLoggedInUser(db, 'resident', 'gs-czq')
    expect((await callRoute(create.loader, makeRequest('/meetings/new', { cookie: resident.cookie }))).status).toBe(403)
    expect((await callRoute(list.loader, makeRequest('/meetings', { cookie: worker.cookie }))).status).toBe(200)
  })

  it('lets only the facilitator open the console and add participants by username', async () => {
    const { fac, id } = await scheduled()
    const resident = await createLoggedInUser(db, 'resident', 'gs-czq')
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    expect((await callRoute(consoleRoute.loader, makeRequest(`/meetings/${id}/console`, { cookie: worker.cookie }), { id: String(id) })).status).toBe(403)
    const page = await callRoute(consoleRoute.loader, makeRequest(`/meetings/${id}/console`, { cookie: fac.cookie }), { id: String(id) })
    expect(page.status).toBe(200)
    expect(((await page.json()) as { inviteQr: string }).inviteQr).toMatch(/^data:image\/png;base64,/)

    const unknown = await callRoute(
      consoleRoute.action,
      makeRequest(`/meetings/${id}/console`, { cookie: fac.cookie, form: { intent: 'add-participant', username: 'nobody', role: 'deliberator' } }),
      { id: String(id) },
    )
    expect(unknown.status).toBe(400)
    const added = await callRoute(
      consoleRoute.action,
      makeRequest(`/meetings/${id}/console`, { cookie: fac.cookie, form: { intent: 'add-participant', username: resident.username, role: 'deliberator' } }),
      { id: String(id) },
    )
    expect(added.status).toBe(200)
    const byWorker = await callRoute(
      consoleRoute.action,
      makeRequest(`/meetings/${id}/console`, { cookie: worker.cookie, form: { intent: 'add-participant', username: worker.username, role: 'deliberator' } }),
      { id: String(id) },
    )
    expect(byWorker.status).toBe(403)
    expect(db.select().from(meetingParticipants).where(eq(meetingParticipants.userId, resident.id)).get()).toMatchObject({ role: 'deliberator' })
  })
})

describe('assigning facilitators', () => {
  it('a worker assigns the area’s facilitator, who then runs the console; the worker does not become one', async () => {
    const topic = insertApprovedTopic(db, units.czq.id)
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const fac = await createLoggedInUser(db, 'facilitator', 'gs-xh')
    const elsewhere = await createLoggedInUser(db, 'facilitator', 'gs-hm')
    const page = (await (await callRoute(create.loader, makeRequest('/meetings/new', { cookie: worker.cookie }))).json()) as {
      facilitators: { userId: number; self: boolean }[]
      defaultFacilitators: number[]
    }
    expect(page.facilitators.map(f => f.userId).sort()).toEqual([worker.id, fac.id].sort())
    expect(page.defaultFacilitators).toEqual([])

    const none = await callRoute(create.action, makeRequest('/meetings/new', { cookie: worker.cookie, form: form({ topicId: String(topic.id) }) }))
    expect(none.status).toBe(400)
    expect(((await none.json()) as { result: { error: Record<string, string[]> } }).result.error).toEqual({ facilitatorIds: ['meetings.error.facilitator'] })
    const outside = await callRoute(
      create.action,
      makeRequest('/meetings/new', { cookie: worker.cookie, form: form({ topicId: String(topic.id), facilitatorIds: String(elsewhere.id) }) }),
    )
    expect(outside.status).toBe(400)
    expect(db.select().from(meetings).all()).toEqual([])

    const ok = await callRoute(
      create.action,
      makeRequest('/meetings/new', { cookie: worker.cookie, form: form({ topicId: String(topic.id), facilitatorIds: String(fac.id) }) }),
    )
    expect(ok.status).toBe(302)
    const m = db.select().from(meetings).get()!
    expect(ok.headers.get('location')).toBe(`/meetings?scheduled=${m.id}`)
    expect(db.select({ userId: meetingParticipants.userId, role: meetingParticipants.role }).from(meetingParticipants).all()).toEqual([
      { userId: fac.id, role: 'facilitator' },
    ])
    expect(db.select({ userId: notifications.userId, messageKey: notifications.messageKey, link: notifications.link }).from(notifications).all()).toEqual([
      { userId: fac.id, messageKey: 'meetings.notify.assigned', link: `/meetings/${m.id}/console` },
    ])
    expect((await callRoute(consoleRoute.loader, makeRequest(`/meetings/${m.id}/console`, { cookie: fac.cookie }), { id: String(m.id) })).status).toBe(200)
    expect((await callRoute(consoleRoute.loader, makeRequest(`/meetings/${m.id}/console`, { cookie: worker.cookie }), { id: String(m.id) })).status).toBe(403)
    const listed = (await (await callRoute(list.loader, makeRequest(`/meetings?scheduled=${m.id}`, { cookie: worker.cookie }))).json()) as {
      scheduled: string | null
    }
    expect(listed.scheduled).toBe(m.title)
    // The confirmation sends the organiser to the list as the page names it.
    expect(zh['meetings.scheduled']).toContain(`“${zh['meetings.mine']}”`)
    expect(en['meetings.scheduled']).toContain(`“${en['meetings.mine']}”`)
  })

  it('refuses a start time in the past with a clear message', async () => {
    const topic = insertApprovedTopic(db, units.czq.id)
    const fac = await createLoggedInUser(db, 'facilitator', 'gs-xh')
    const res = await callRoute(
      create.action,
      makeRequest('/meetings/new', {
        cookie: fac.cookie,
        form: form({ topicId: String(topic.id), facilitatorIds: String(fac.id), startsAt: '2020-01-06T19:00' }),
      }),
    )
    expect(res.status).toBe(400)
    expect(((await res.json()) as { result: { error: Record<string, string[]> } }).result.error).toEqual({ startsAt: ['meetings.error.pastStart'] })
    expect(db.select().from(meetings).all()).toEqual([])
  })

  it('says beside each field what is wrong and what the rule is, in the reader’s language', async () => {
    const topic = insertApprovedTopic(db, units.czq.id)
    const fac = await createLoggedInUser(db, 'facilitator', 'gs-xh')
    const res = await callRoute(
      create.action,
      makeRequest('/meetings/new', {
        cookie: fac.cookie,
        form: form({
          topicId: String(topic.id),
          facilitatorIds: String(fac.id),
          mode: 'online',
          title: '议'.repeat(450),
          link: 'meet.example.cn/room 3',
          speakerSeconds: '5',
        }),
      }),
    )
    expect(res.status).toBe(400)
    const { error } = ((await res.json()) as { result: { error: Record<string, string[]> } }).result
    const shown = (t: TFunction) => Object.fromEntries(Object.entries(error).map(([field, messages]) => [field, messages.map(m => formErrorText(t, m))]))
    expect(shown(makeT('zh'))).toEqual({
      title: ['太长了：最多 200 个字。'],
      link: ['链接须以 https:// 或 http:// 开头，例如 https://meeting.example.cn/123。'],
      speakerSeconds: ['须在 30–1800 秒之间。'],
    })
    expect(shown(makeT('en'))).toEqual({
      title: ['Too long: at most 200 characters.'],
      link: ['A link must start with https:// or http://, e.g. https://meeting.example.cn/123.'],
      speakerSeconds: ['Must be between 30 and 1800 seconds.'],
    })

    const tooLong = await callRoute(
      create.action,
      makeRequest('/meetings/new', {
        cookie: fac.cookie,
        form: form({ topicId: String(topic.id), facilitatorIds: String(fac.id), speakerSeconds: '99999', place: '会'.repeat(201) }),
      }),
    )
    const refused = ((await tooLong.json()) as { result: { error: Record<string, string[]> } }).result.error
    expect(Object.fromEntries(Object.entries(refused).map(([f, m]) => [f, formErrorText(makeT('zh'), m[0]!)]))).toEqual({
      place: '太长了：最多 200 个字。',
      speakerSeconds: '须在 30–1800 秒之间。',
    })
    expect(db.select().from(meetings).all()).toEqual([])
  })

  it('refuses an agenda over its length as too long, naming the limit, not as badly formatted', async () => {
    const topic = insertApprovedTopic(db, units.czq.id)
    const fac = await createLoggedInUser(db, 'facilitator', 'gs-xh')
    // Thirty well-formed items, each under the 200 characters an item keeps, together over 5000.
    const agenda = Array.from({ length: 30 }, (_, i) => `${'议'.repeat(170)}${i} | 10`).join('\n')
    const res = await callRoute(
      create.action,
      makeRequest('/meetings/new', { cookie: fac.cookie, form: form({ topicId: String(topic.id), facilitatorIds: String(fac.id), agenda }) }),
    )
    expect(res.status).toBe(400)
    const { error } = ((await res.json()) as { result: { error: Record<string, string[]> } }).result
    expect(Object.fromEntries(Object.entries(error).map(([f, m]) => [f, m.map(x => formErrorText(makeT('zh'), x))]))).toEqual({
      agenda: ['太长了：最多 5000 个字。'],
    })
    expect(db.select().from(meetings).all()).toEqual([])
  })
})

describe('who sees which view', () => {
  it('room for participants; open meetings send others to the public view; private ones refuse them', async () => {
    const open = await scheduled()
    const outsider = await createLoggedInUser(db, 'resident', 'gs-czq')
    const r = await callRoute(room.loader, makeRequest(`/meetings/${open.id}`, { cookie: outsider.cookie }), { id: String(open.id) })
    expect(r.status).toBe(302)
    expect(r.headers.get('location')).toBe(`/meetings/${open.id}/observe`)
    expect((await callRoute(room.loader, makeRequest(`/meetings/${open.id}`, { cookie: open.fac.cookie }), { id: String(open.id) })).status).toBe(200)
    expect((await callRoute(room.loader, makeRequest(`/meetings/${open.id}`), { id: String(open.id) })).status).toBe(302) // → login
    expect((await callRoute(observe.loader, makeRequest(`/meetings/${open.id}/observe`), { id: String(open.id) })).status).toBe(200)
    expect((await callRoute(projector.loader, makeRequest(`/meetings/${open.id}/projector`), { id: String(open.id) })).status).toBe(200)

    const closed = await scheduled({ isPublic: false })
    expect((await callRoute(room.loader, makeRequest(`/meetings/${closed.id}`, { cookie: outsider.cookie }), { id: String(closed.id) })).status).toBe(403)
    expect((await callRoute(observe.loader, makeRequest(`/meetings/${closed.id}/observe`), { id: String(closed.id) })).status).toBe(404)
    expect(
      (await callRoute(projector.loader, makeRequest(`/meetings/${closed.id}/projector`, { cookie: outsider.cookie }), { id: String(closed.id) })).status,
    ).toBe(403)
    expect((await callRoute(room.loader, makeRequest('/meetings/999', { cookie: outsider.cookie }), { id: '999' })).status).toBe(404)
    expect((await callRoute(room.loader, makeRequest('/meetings/abc', { cookie: outsider.cookie }), { id: 'abc' })).status).toBe(404)
  })
})

describe('QR check-in', () => {
  it('checks a participant in once with the meeting token, and refuses bad tokens and outsiders', async () => {
    const { fac, id } = await scheduled()
    const resident = await createLoggedInUser(db, 'resident', 'gs-czq')
    const outsider = await createLoggedInUser(db, 'resident', 'gs-czq')
    await callRoute(
      consoleRoute.action,
      makeRequest(`/meetings/${id}/console`, { cookie: fac.cookie, form: { intent: 'add-participant', username: resident.username, role: 'deliberator' } }),
      { id: String(id) },
    )
    const token = db.select({ t: meetings.checkInToken }).from(meetings).where(eq(meetings.id, id)).get()!.t
    const post = (cookie: string, tk: string) =>
      callRoute(checkin.action, makeRequest(`/meetings/${id}/checkin?token=x`, { cookie, form: { token: tk } }), { id: String(id) })

    const wrong = await post(resident.cookie, 'wrong-token')
    expect(wrong.status).toBe(400)
    expect(((await wrong.json()) as { result: { error: Record<string, string[]> } }).result.error).toEqual({ token: ['checkin.invalid'] })
    expect((await post(outsider.cookie, token)).status).toBe(403)
    const ok = await post(resident.cookie, token)
    expect(await ok.json()).toEqual({ done: 'checkin.done' })
    expect(await (await post(resident.cookie, token)).json()).toEqual({ done: 'checkin.already' })
    const rows = db
      .select()
      .from(meetingEvents)
      .where(and(eq(meetingEvents.meetingId, id), eq(meetingEvents.type, 'attendance.checkin')))
      .all()
    expect(rows).toEqual([expect.objectContaining({ actorId: resident.id, payload: { key: `u:${resident.id}`, name: '测试resident', room: true } })])

    // Without a token only the facilitator (or recorder) sees the big QR code; a participant is told to scan it, an outsider that they are not invited.
    const page = async (cookie: string) => (await callRoute(checkin.loader, makeRequest(`/meetings/${id}/checkin`, { cookie }), { id: String(id) })).json()
    expect(await page(resident.cookie)).toEqual(expect.objectContaining({ mode: 'scan', qr: '', token: '', invited: true }))
    expect(await page(outsider.cookie)).toEqual(expect.objectContaining({ mode: 'scan', qr: '', token: '', invited: false }))
    const facPage = await page(fac.cookie)
    expect(facPage.mode).toBe('qr')
    expect(facPage.qr).toMatch(/^data:image\/png;base64,/)
    // CSRF is checked first.
    const noCsrf = new Request(`http://localhost/meetings/${id}/checkin`, {
      method: 'POST',
      headers: { cookie: resident.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${token}`,
    })
    expect((await callRoute(checkin.action, noCsrf, { id: String(id) })).status).toBe(403)
  })
})

describe('minutes', () => {
  it('drafts from the log, is approved only after the meeting ends, then published and readable by the public', async () => {
    const { fac, id } = await scheduled()
    const resident = await createLoggedInUser(db, 'resident', 'gs-czq')
    await callRoute(
      consoleRoute.action,
      makeRequest(`/meetings/${id}/console`, { cookie: fac.cookie, form: { intent: 'add-participant', username: resident.username, role: 'deliberator' } }),
      { id: String(id) },
    )
    const cmd = (userId: number, role: 'facilitator' | 'deliberator', type: string, payload: object = {}) =>
      runMeetingCommand(db, {
        meetingId: id,
        actor: { userId, role, name: role === 'facilitator' ? '促动师' : '王阿姨' },
        type,
        payload,
        idempotencyKey: `${type}-${Math.random()}`,
        agendaItemIds: [],
        speakerSeconds: 120,
      })
    cmd(fac.id, 'facilitator', 'meeting.start')
    cmd(resident.id, 'deliberator', 'statement.post', { text: '建议增设潮汐车位' })

    const params = { id: String(id) }
    const page = await callRoute(minutesRoute.loader, makeRequest(`/meetings/${id}/minutes`, { cookie: fac.cookie }), params)
    const draft = (await page.json()) as { draft: string; saved: boolean; meetingEnded: boolean }
    expect(draft.saved).toBe(false)
    expect(draft.draft).toContain('建议增设潮汐车位')
    // Participants do not see an unapproved draft; the public is sent to log in.
    const asResident = (await (await callRoute(minutesRoute.loader, makeRequest(`/meetings/${id}/minutes`, { cookie: resident.cookie }), params)).json()) as {
      markdown: string | null
    }
    expect(asResident.markdown).toBeNull()
    expect((await callRoute(minutesRoute.loader, makeRequest(`/meetings/${id}/minutes`), params)).status).toBe(302)

    const post = (cookie: string, f: Record<string, string>) =>
      callRoute(minutesRoute.action, makeRequest(`/meetings/${id}/minutes`, { cookie, form: f }), params)
    expect((await post(resident.cookie, { intent: 'save', markdown: 'x' })).status).toBe(403)
    expect((await post(fac.cookie, { intent: 'save', markdown: '' })).status).toBe(400)
    expect((await post(fac.cookie, { intent: 'approve', markdown: draft.draft })).status).toBe(409) // still live
    cmd(fac.id, 'facilitator', 'meeting.end')
    expect((await post(fac.cookie, { intent: 'approve', markdown: `${draft.draft}\n会后跟进。` })).status).toBe(200)
    expect(db.select().from(minutes).get()).toMatchObject({ status: 'approved', approvedBy: fac.id })
    expect((await post(fac.cookie, { intent: 'save', markdown: 'late edit' })).status).toBe(200) // back to draft…
    expect((await post(fac.cookie, { intent: 'approve', markdown: `${draft.draft}\n会后跟进。` })).status).toBe(200) // …and approved again
    expect((await post(fac.cookie, { intent: 'publish' })).status).toBe(200)
    expect((await post(fac.cookie, { intent: 'save', markdown: 'after publish' })).status).toBe(409)

    const pub = (await (await callRoute(minutesRoute.loader, makeRequest(`/meetings/${id}/minutes`, { cookie: ANON_COOKIE }), params)).json()) as {
      markdown: string
      status: string
    }
    expect(pub.status).toBe('published')
    expect(pub.markdown).toContain('会后跟进。')
    const md = await callRoute(minutesMd.loader, makeRequest(`/meetings/${id}/minutes.md`), params)
    expect(md.status).toBe(200)
    expect(md.headers.get('content-type')).toContain('text/markdown')
    expect(await md.text()).toContain('建议增设潮汐车位')
  })
})

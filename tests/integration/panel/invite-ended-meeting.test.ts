import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import { makeT, type Locale } from '#app/i18n/index'
import * as minutesRoute from '#app/routes/_meetings+/meetings.$id.minutes'
import * as observeRoute from '#app/routes/_meetings+/meetings.$id.observe'
import InvitationPage, * as inviteRoute from '#app/routes/_panels+/invite.$token'
import * as icsRoute from '#app/routes/_panels+/invite.$token_.ics'
import { buildPanelRequest, drawPanel, savePanelAndInvite, type Db, type PanelOptions } from '#app/utils/db.server'
import { createMeeting } from '#db/queries/meetings'
import { auditEvents, deliberators, meetingParticipants, meetings, notifications, panelMembers, users } from '#db/schema/index'
import { ANON_COOKIE, CSRF, callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'
import { renderPage } from '#tests/render-page'
import { createApprovedTopic, seedPool } from './helpers'

let db: Db
beforeEach(() => {
  db = createTestDb()
  seedTestUnits(db)
  seedPool(db)
})

const OPTS: PanelOptions = { seats: 8, seed: 'ended', roleSeats: {}, quotas: {}, alternates: 4, language: 'zh' }

/** A drawn panel whose meeting (open to the public and in the community's room unless said) is scheduled; nobody has answered yet. */
async function invitation(opts: { isPublic?: boolean; online?: string } = {}) {
  const topic = createApprovedTopic(db)
  const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
  const facilitator = await createLoggedInUser(db, 'facilitator', 'gs-xh')
  const drawn = await drawPanel(buildPanelRequest(db, topic, OPTS))
  if (!drawn.ok) throw new Error('draw failed')
  const { panel } = savePanelAndInvite(db, { topicId: topic.id, request: drawn.request, result: drawn.result }, { kind: 'user', id: worker.id })
  const meeting = createMeeting(
    db,
    {
      topicId: topic.id,
      title: '小河小学路口议事会',
      mode: opts.online ? 'online' : 'in_person',
      startsAt: new Date(Date.now() + 2 * 86_400_000),
      place: opts.online ? null : '长征桥社区会议室',
      link: opts.online ?? null,
      isPublic: opts.isPublic ?? true,
      speakerSeconds: 120,
      agenda: [{ title: '方案讨论', plannedMinutes: 40 }],
    },
    { kind: 'user', id: facilitator.id },
  )
  const row = db.select().from(panelMembers).where(eq(panelMembers.panelId, panel.id)).all()[0]!
  return { meetingId: meeting.id, panelId: panel.id, row, token: row.inviteToken! }
}

/** As `invitation`, and the first member has accepted on this phone. */
async function acceptedInvitation(opts: { isPublic?: boolean; online?: string } = {}) {
  const { meetingId, token } = await invitation(opts)
  const res = await callRoute(inviteRoute.action, makeRequest(`/invite/${token}`, { form: { intent: 'accept' } }), { token })
  expect(res.status).toBe(302)
  // The phone that accepted is logged in as the member.
  const session = /th_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0]
  return { meetingId, token, memberCookie: `${session}; th_csrf=${CSRF}` }
}

const end = (meetingId: number) => db.update(meetings).set({ status: 'ended' }).where(eq(meetings.id, meetingId)).run()

async function page(token: string, cookie: string, locale: Locale = 'zh') {
  const path = `/invite/${token}`
  const res = await callRoute(inviteRoute.loader, makeRequest(path, { cookie }), { token })
  expect(res.status).toBe(200)
  return renderPage(InvitationPage, { path, locale, loaderData: await res.json() })
}

const hrefs = (html: string) => [...html.matchAll(/href="([^"]+)"/g)].map(m => m[1]!)
const visible = (html: string) => html.replace(/<[^>]+>/g, '')

describe('the invitation page of a meeting that has ended', () => {
  it('says so, and leads the member to the minutes instead of the room, the calendar file or its QR code', async () => {
    const { meetingId, token, memberCookie } = await acceptedInvitation()
    const before = await page(token, memberCookie)
    expect(hrefs(before)).toContain(`/meetings/${meetingId}`)

    end(meetingId)
    for (const locale of ['zh', 'en'] as const) {
      const html = await page(token, memberCookie, locale)
      const t = makeT(locale)
      expect(visible(html)).toContain(t('invite.meetingEnded'))
      expect(visible(html)).not.toContain(t('invite.goMeeting'))
      expect(hrefs(html)).not.toContain(`/meetings/${meetingId}`)
      expect(hrefs(html).some(h => h.endsWith('/ics'))).toBe(false)
      expect(html).not.toContain(t('invite.meetingQr'))
      expect(hrefs(html)).toContain(`/meetings/${meetingId}/minutes`)
      expect(visible(html)).toContain(t('invite.goMinutes'))
    }
    // The member may open the page it leads to.
    const minutes = await callRoute(minutesRoute.loader, makeRequest(`/meetings/${meetingId}/minutes`, { cookie: memberCookie }), { id: String(meetingId) })
    expect(minutes.status).toBe(200)
  })

  it('leads a visitor who is not logged in to what the public may see of an open meeting', async () => {
    const { meetingId, token } = await acceptedInvitation()
    end(meetingId)
    const html = await page(token, ANON_COOKIE)
    expect(visible(html)).toContain(makeT('zh')('invite.meetingEnded'))
    const links = hrefs(html).filter(h => h.startsWith('/meetings/'))
    expect(links).toEqual([`/meetings/${meetingId}/observe`])
    const observe = await callRoute(observeRoute.loader, makeRequest(links[0]!, { cookie: ANON_COOKIE }), { id: String(meetingId) })
    expect(observe.status).toBe(200)
  })

  it('links nothing of a closed meeting for a visitor who may open none of its pages', async () => {
    const { meetingId, token } = await acceptedInvitation({ isPublic: false })
    end(meetingId)
    const html = await page(token, ANON_COOKIE)
    expect(visible(html)).toContain(makeT('zh')('invite.meetingEnded'))
    expect(hrefs(html).filter(h => h.startsWith('/meetings/'))).toEqual([])
  })
})

describe('an invitation nobody answered before its meeting ended', () => {
  /** Everything answering could have changed. */
  const state = (panelId: number, meetingId: number) => ({
    rows: db.select().from(panelMembers).where(eq(panelMembers.panelId, panelId)).all(),
    served: db.select({ id: deliberators.id, timesServed: deliberators.timesServed, userId: deliberators.userId }).from(deliberators).all(),
    users: db.select({ id: users.id }).from(users).all().length,
    participants: db.select().from(meetingParticipants).where(eq(meetingParticipants.meetingId, meetingId)).all(),
    audit: db.select({ action: auditEvents.action }).from(auditEvents).all().length,
    notifications: db.select({ id: notifications.id }).from(notifications).all().length,
  })

  it.each([
    ['accept', { intent: 'accept' }],
    ['decline', { intent: 'decline', reason: '那天有事' }],
  ] as const)('refuses a crafted %s with an error in the reader’s language, and changes nothing', async (_, form) => {
    const { meetingId, panelId, token } = await invitation()
    end(meetingId)
    const before = state(panelId, meetingId)
    const path = `/invite/${token}`
    const res = await callRoute(inviteRoute.action, makeRequest(path, { form }), { token })
    expect(res.status).toBe(409)
    const actionData = (await res.json()) as { error: string }
    expect(actionData.error).toBe('invite.error.meetingEnded')
    expect(state(panelId, meetingId)).toEqual(before)

    const loaded = await callRoute(inviteRoute.loader, makeRequest(path), { token })
    const loaderData = (await loaded.json()) as object
    for (const locale of ['zh', 'en'] as const) {
      const html = await renderPage(InvitationPage, { path, locale, loaderData, actionData })
      expect(/<p role="alert"[^>]*>([^<]*)</.exec(html)?.[1]).toBe(makeT(locale)('invite.error.meetingEnded'))
    }
  })

  it('says the meeting has ended and offers neither accept nor decline', async () => {
    const { meetingId, token } = await invitation()
    const open = await page(token, ANON_COOKIE)
    expect(open).toContain('value="accept"')
    expect(open).toContain('value="decline"')

    end(meetingId)
    for (const locale of ['zh', 'en'] as const) {
      const html = await page(token, ANON_COOKIE, locale)
      const t = makeT(locale)
      expect(visible(html)).toContain(t('invite.meetingEnded'))
      expect(html).not.toContain('<form')
      expect(visible(html)).not.toContain(t('invite.accept'))
      expect(visible(html)).not.toContain(t('invite.decline'))
      // Not answered: the page does not thank them for an answer they never gave.
      expect(visible(html)).not.toContain(t('invite.accepted'))
      expect(visible(html)).not.toContain(t('invite.declined'))
    }
  })
})

describe('the calendar file of a meeting that has ended', () => {
  const ROOM = 'https://meeting.tencent.com/dm/teahouse-room-42'
  const ics = (token: string, cookie = ANON_COOKIE) => callRoute(icsRoute.loader, makeRequest(`/invite/${token}/ics`, { cookie }), { token })

  it('is gone: no event with the online room’s link, but a word in the reader’s language that the meeting has ended', async () => {
    const { meetingId, token, memberCookie } = await acceptedInvitation({ online: ROOM })
    const live = await ics(token, memberCookie)
    expect(live.status).toBe(200)
    expect(await live.text()).toContain(ROOM)

    end(meetingId)
    for (const [locale, prefs] of [
      ['zh', 'th_prefs=zh.0.0'],
      ['en', 'th_prefs=en.0.0'],
    ] as const) {
      const res = await ics(token, `${memberCookie}; ${prefs}`)
      expect(res.status).toBe(410)
      expect(res.headers.get('content-type')).not.toContain('text/calendar')
      expect(res.headers.get('content-disposition')).toBeNull()
      const body = await res.text()
      expect(body).not.toContain(ROOM)
      expect(body).not.toContain('BEGIN:VEVENT')
      expect(body).toContain(makeT(locale)('invite.meetingEnded'))
    }
  })
})

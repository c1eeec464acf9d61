import { beforeEach, describe, expect, it } from 'vitest'
import type { Locale } from '#app/i18n/index'
import * as adminUsers from '#app/routes/_admin+/admin_.users'
import * as complaintPage from '#app/routes/_intake+/complaints.$id'
import * as consolePage from '#app/routes/_meetings+/meetings.$id.console'
import * as minutesPage from '#app/routes/_meetings+/meetings.$id.minutes'
import * as poolImport from '#app/routes/_panels+/pool.import'
import * as poolNew from '#app/routes/_panels+/pool.new'
import type { Db } from '#app/utils/db.server'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { meetingParticipants, meetings } from '#db/schema/index'
import { callRoute, createLoggedInUser, createTestDb, insertTopic, makeRequest, seedTestUnits } from '#tests/db-utils'
import { control, describedBy, renderPage } from '#tests/render-page'

// Staff forms left with a required field empty: the browser does not stop them with its own message (in
// the browser's language), the server refuses them and the page names the problem beside the field in
// the reader's language, with what was typed kept.

let db: Db
let units: ReturnType<typeof seedTestUnits>
beforeEach(() => {
  db = createTestDb()
  units = seedTestUnits(db)
})

type Route = { default: React.ComponentType; loader: (a: never) => unknown; action: (a: never) => unknown }

/** Post `form` to the page's action as the holder of `cookie`, then the page as it comes back in `locale`. */
async function refused(route: Route, path: string, cookie: string, form: Record<string, string>, locale: Locale, params: Record<string, string> = {}) {
  const withLocale = `${cookie}; th_prefs=${locale}.0.0`
  const res = await callRoute(route.action, makeRequest(path, { cookie: withLocale, form }), params)
  const actionData = (await res.json()) as object
  const loaderData = (await (await callRoute(route.loader, makeRequest(path, { cookie: withLocale }), params)).json()) as object
  return { status: res.status, html: await renderPage(route.default, { path, locale, loaderData, actionData }) }
}

/** The opening tag of the form holding the control named `name`. */
function formOf(html: string, name: string) {
  const at = html.indexOf(control(html, name))
  return at < 0
    ? ''
    : (html
        .slice(0, at)
        .match(/<form [^>]*>/g)
        ?.pop() ?? '')
}

/** The control is marked required for assistive technology, its form leaves checking to the app, and it points to the message. */
function expectAppMessage(html: string, name: string, message: string) {
  expect(formOf(html, name), name).toContain('novalidate')
  expect(control(html, name), name).toMatch(/required|aria-required="true"/)
  expect(control(html, name), name).toContain('aria-invalid="true"')
  expect(
    describedBy(html, name).map(text => text?.replaceAll('&#x27;', "'")),
    name,
  ).toContain(message)
}

const MESSAGES = {
  zh: { required: '请填写此项。', poolRequired: '请填写此项', consent: '必须记录本人的同意', password: '密码至少 10 个字符。', noFile: '请选择文件' },
  en: {
    required: 'Please fill this in.',
    poolRequired: 'Please fill this in',
    consent: "The person's consent must be recorded",
    password: 'Passwords have at least 10 characters.',
    noFile: 'Please choose a file',
  },
} as const

async function endedMeeting() {
  const fac = await createLoggedInUser(db, 'facilitator', 'gs-xh')
  const topic = insertTopic(db, { unitId: units.czq.id, status: 'approved', title: '小河小学路口拥堵' })
  const meeting = db
    .insert(meetings)
    .values({ topicId: topic.id, title: '议事会', mode: 'online', startsAt: new Date(), checkInToken: 't', isPublic: true, status: 'ended' })
    .returning()
    .get()
  db.insert(meetingParticipants).values({ meetingId: meeting.id, userId: fac.id, role: 'facilitator' }).run()
  return { fac, meeting }
}

for (const locale of ['zh', 'en'] as const) {
  const m = MESSAGES[locale]
  describe(`staff forms with a required field left empty (${locale})`, () => {
    it('the minutes: the empty text is refused beside the box, which keeps what was sent rather than the draft', async () => {
      const { fac, meeting } = await endedMeeting()
      const path = `/meetings/${meeting.id}/minutes`
      const { status, html } = await refused(minutesPage, path, fac.cookie, { intent: 'save', markdown: '  ' }, locale, { id: String(meeting.id) })
      expect(status).toBe(400)
      expectAppMessage(html, 'markdown', m.required)
      expect(html).toMatch(/<textarea [^>]*name="markdown"[^>]*>\s*<\/textarea>/)
    })

    it('adding a participant in the console: an empty username is refused beside the field', async () => {
      const { fac, meeting } = await endedMeeting()
      const path = `/meetings/${meeting.id}/console`
      const { status, html } = await refused(consolePage, path, fac.cookie, { intent: 'add-participant', username: '', role: 'observer' }, locale, {
        id: String(meeting.id),
      })
      expect(status).toBe(400)
      expectAppMessage(html, 'username', m.required)
      expect(control(html, 'role')).toBeTruthy()
      expect(html).toMatch(/<option value="observer" selected="">/)
    })

    it('adding a pool member: an empty name and consent text are refused beside each, the rest kept', async () => {
      const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
      const { status, html } = await refused(
        poolNew,
        '/pool/new',
        worker.cookie,
        { name: '', communityId: String(units.czq.id), building: '3幢', consentText: '', consent: 'on' },
        locale,
      )
      expect(status).toBe(400)
      expectAppMessage(html, 'name', m.poolRequired)
      expectAppMessage(html, 'consentText', m.consent)
      expect(control(html, 'building')).toContain('value="3幢"')
    })

    it('resetting a password: a short one is refused beside the field of that account', async () => {
      const admin = await createLoggedInUser(db, 'admin', null)
      const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
      const { status, html } = await refused(
        adminUsers,
        '/admin/users',
        admin.cookie,
        { intent: 'reset-password', userId: String(worker.id), password: '' },
        locale,
      )
      expect(status).toBe(400)
      const field = new RegExp(`<input [^>]*id="password-${worker.id}"[^>]*>`).exec(html)?.[0] ?? ''
      expect(field).toContain('aria-invalid="true"')
      expect(field).toMatch(/required|aria-required="true"/)
      const errorId = /aria-describedby="([^"]+)"/.exec(field)?.[1]
      expect(new RegExp(`id="${errorId}"[^>]*>(<li>)?${m.password}`).test(html)).toBe(true)
      expect(html.slice(html.lastIndexOf('<form', html.indexOf(field)), html.indexOf(field))).toContain('novalidate')
    })

    it('importing into the pool without a file: refused beside the file field', async () => {
      const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
      const { status, html } = await refused(poolImport, '/pool/import', worker.cookie, {}, locale)
      expect(status).toBe(400)
      expectAppMessage(html, 'file', m.noFile)
    })

    it('a complaint’s reply box leaves checking to the app', async () => {
      const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
      const { complaint } = createComplaint(
        db,
        { channel: 'web', communityId: units.czq.id, subject: '咨询小区充电棚在哪里', body: '想问小区的电动车充电棚在哪里，晚上能不能充电。' },
        SYSTEM,
      )
      const path = `/complaints/${complaint.id}`
      const { status, html } = await refused(complaintPage, path, worker.cookie, { intent: 'reply', reply: '' }, locale, { id: String(complaint.id) })
      expect(status).toBe(400)
      expect(formOf(html, 'reply')).toContain('novalidate')
      expect(formOf(html, 'note')).toContain('novalidate')
      expect(formOf(html, 'target')).toContain('novalidate')
    })
  })
}

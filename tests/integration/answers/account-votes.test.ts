import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import AnswerPage, { loader as answerLoader, action as answerAction } from '#app/routes/_answers+/answers.$id'
import { action as newComplaintAction } from '#app/routes/_intake+/complaints.new'
import type { Db } from '#db/client'
import { recordComplaintReply, reviewAnswer } from '#db/queries/answers'
import { SYSTEM } from '#db/queries/audit'
import { createSession } from '#db/queries/auth'
import { createComplaint } from '#db/queries/complaints'
import { answers, auditEvents } from '#db/schema/index'
import { ANON_COOKIE, CSRF, callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'
import { occurrences, renderPage } from '#tests/render-page'

// Synthetic messages; nothing here comes from real residents.
let db: Db
let answerId: number
beforeEach(() => {
  db = createTestDb()
  const u = seedTestUnits(db)
  const c = createComplaint(db, { channel: 'web', communityId: u.czq.id, subject: '咨询新生儿医保怎么办理', body: '孩子刚出生医保怎么参保' }, SYSTEM).complaint
  const a = recordComplaintReply(db, { complaintId: c.id, reply: '新生儿出生后九十天内参保缴费，自出生之日起享受医保待遇。' }, SYSTEM)
  answerId = reviewAnswer(db, { answerId: a.id, decision: 'publish' }, SYSTEM).id
})

const counts = () =>
  db
    .select({ helpful: answers.helpful, notHelpful: answers.notHelpful, avoided: answers.inquiriesAvoided })
    .from(answers)
    .where(eq(answers.id, answerId))
    .get()!

/** The same account signed in from two browsers: two sessions, two cookie jars. */
async function oneAccountTwoBrowsers() {
  const first = await createLoggedInUser(db, 'resident', 'gs-czq')
  const second = `th_session=${createSession(db, first.id).id}; th_csrf=${CSRF}`
  return { id: first.id, browsers: [first.cookie, second] as const }
}

const vote = async (cookie: string, verdict: 'helpful' | 'not_helpful') => {
  const res = await callRoute(answerAction, makeRequest(`/answers/${answerId}`, { cookie, form: { verdict } }), { id: String(answerId) })
  // What a browser keeps: the cookie it is given comes back with its next request.
  const set = res.headers.get('set-cookie')?.split(';')[0]
  return set ? `${cookie}; ${set}` : cookie
}
const page = async (cookie: string) =>
  (await (await callRoute(answerLoader, makeRequest(`/answers/${answerId}`, { cookie }), { id: String(answerId) })).json()) as {
    voted: boolean
    mine: 'helpful' | 'not_helpful' | null
  }
const feedbackAudit = () =>
  db
    .select()
    .from(auditEvents)
    .all()
    .filter(e => e.action.startsWith('answer.feedback.'))

describe('helpful votes count once per account', () => {
  test('one resident voting from two browsers is counted once', async () => {
    const { id, browsers } = await oneAccountTwoBrowsers()
    await vote(browsers[0], 'helpful')
    await vote(browsers[1], 'helpful')
    expect(counts()).toMatchObject({ helpful: 1, notHelpful: 0 })
    // The other browser is told the account has voted, and what it said.
    expect(await page(browsers[1])).toMatchObject({ voted: true, mine: 'helpful' })
    expect(feedbackAudit().map(e => [e.action, e.actorId])).toEqual([['answer.feedback.helpful', id]])
  })

  test('changing their mind replaces the earlier vote, from any browser', async () => {
    const { browsers } = await oneAccountTwoBrowsers()
    await vote(browsers[0], 'helpful')
    await vote(browsers[1], 'not_helpful')
    expect(counts()).toMatchObject({ helpful: 0, notHelpful: 1 })
    await vote(browsers[0], 'helpful')
    expect(counts()).toMatchObject({ helpful: 1, notHelpful: 0 })
    expect(await page(browsers[1])).toMatchObject({ voted: true, mine: 'helpful' })
    const audit = feedbackAudit()
    expect(audit.map(e => e.action)).toEqual(['answer.feedback.helpful', 'answer.feedback.not_helpful', 'answer.feedback.helpful'])
    expect(audit[1]).toMatchObject({ before: { verdict: 'helpful', avoided: false }, after: { verdict: 'not_helpful', avoided: false } })
  })

  test('in another browser the page shows the account’s verdict and offers the other one, not a second vote', async () => {
    const { browsers } = await oneAccountTwoBrowsers()
    await vote(browsers[0], 'helpful')
    const html = await renderPage(AnswerPage, { path: `/answers/${answerId}`, locale: 'zh', loaderData: await page(browsers[1]) })
    expect(occurrences(html, '您认为这条答复有帮助。')).toBe(1)
    expect(occurrences(html, '这条答复对您有帮助吗？')).toBe(0)
    expect(html).toMatch(/<button type="submit" name="verdict" value="not_helpful">改为“没有帮助”<\/button>/)
    expect(html).not.toContain('value="helpful"')
  })

  test('two residents count twice; anonymous visitors still count once per browser', async () => {
    const a = await createLoggedInUser(db, 'resident', 'gs-czq')
    const b = await createLoggedInUser(db, 'resident', 'gs-czq')
    await vote(a.cookie, 'helpful')
    await vote(b.cookie, 'helpful')
    const anon = await vote(ANON_COOKIE, 'helpful')
    await vote(anon, 'not_helpful')
    expect(counts()).toMatchObject({ helpful: 3, notHelpful: 0 })
    expect(await page(anon)).toMatchObject({ voted: true, mine: null })
    expect(await page(ANON_COOKIE)).toMatchObject({ voted: false, mine: null })
  })

  test('a signed-in vote also holds in its browser after signing out', async () => {
    const a = await createLoggedInUser(db, 'resident', 'gs-czq')
    const kept = await vote(a.cookie, 'helpful')
    const signedOut = kept.replace(/th_session=[^;]*;\s*/, '')
    await vote(signedOut, 'helpful')
    expect(counts()).toMatchObject({ helpful: 1 })
  })
})

describe('"this answers my question" counts once per account', () => {
  const answered = async (cookie: string) => {
    const res = await callRoute(
      newComplaintAction,
      makeRequest('/complaints/new', { cookie, form: { answerId: String(answerId), subject: '新生儿医保', body: '' } }),
    )
    expect(res.status).toBe(200)
  }

  test('from two browsers, an inquiry avoided and a helpful vote once; the answer page then counts no second helpful vote', async () => {
    const { id, browsers } = await oneAccountTwoBrowsers()
    await answered(browsers[0])
    await answered(browsers[1])
    expect(counts()).toEqual({ helpful: 1, notHelpful: 0, avoided: 1 })
    // It answered their question: that is their helpful vote.
    expect(await page(browsers[1])).toMatchObject({ voted: true, mine: 'helpful' })
    await vote(browsers[1], 'helpful')
    expect(counts()).toEqual({ helpful: 1, notHelpful: 0, avoided: 1 })
    expect(feedbackAudit().map(e => [e.action, e.actorId])).toEqual([['answer.feedback.avoided', id]])
  })
})

/** A browser's cookie jar: a cookie set again replaces the one of the same name, as a browser does. */
function browser(initial: string = ANON_COOKIE) {
  const jar = new Map<string, string>()
  const add = (header: string) => {
    for (const part of header.split(/;\s*/)) {
      const i = part.indexOf('=')
      if (i > 0) jar.set(part.slice(0, i), part.slice(i + 1))
    }
  }
  add(initial)
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
  const keep = (res: Response) => {
    const set = res.headers.get('set-cookie')
    if (set) add(set.split(';')[0]!)
  }
  return {
    cookie,
    signIn: (userId: number) => add(`th_session=${createSession(db, userId).id}`),
    signOut: () => jar.delete('th_session'),
    vote: async (verdict: 'helpful' | 'not_helpful') =>
      keep(await callRoute(answerAction, makeRequest(`/answers/${answerId}`, { cookie: cookie(), form: { verdict } }), { id: String(answerId) })),
    answered: async () =>
      keep(
        await callRoute(
          newComplaintAction,
          makeRequest('/complaints/new', { cookie: cookie(), form: { answerId: String(answerId), subject: '新生儿医保', body: '' } }),
        ),
      ),
  }
}

describe('a vote given before signing in, and again after, in the same browser', () => {
  test('counts once: the signed-in vote takes the place of the anonymous one', async () => {
    const resident = await createLoggedInUser(db, 'resident', 'gs-czq')
    const b = browser()
    await b.vote('helpful')
    expect(counts()).toMatchObject({ helpful: 1, notHelpful: 0 })
    b.signIn(resident.id)
    await b.vote('helpful')
    expect(counts()).toMatchObject({ helpful: 1, notHelpful: 0 })
    expect(await page(b.cookie())).toMatchObject({ voted: true, mine: 'helpful' })
    // The audit row says what it replaced.
    const last = feedbackAudit().at(-1)!
    expect(last).toMatchObject({ actorId: resident.id, before: { browser: { verdict: 'helpful', avoided: false } }, after: { verdict: 'helpful' } })
  })

  test('a different verdict after signing in replaces the anonymous one', async () => {
    const resident = await createLoggedInUser(db, 'resident', 'gs-czq')
    const b = browser()
    await b.vote('not_helpful')
    b.signIn(resident.id)
    await b.vote('helpful')
    expect(counts()).toMatchObject({ helpful: 1, notHelpful: 0 })
    // Changing their mind afterwards moves their one vote.
    await b.vote('not_helpful')
    expect(counts()).toMatchObject({ helpful: 0, notHelpful: 1 })
  })

  test('an account that had voted elsewhere still counts once', async () => {
    const { id, browsers } = await oneAccountTwoBrowsers()
    await vote(browsers[0], 'helpful')
    const b = browser()
    await b.vote('helpful')
    expect(counts()).toMatchObject({ helpful: 2 })
    b.signIn(id)
    await b.vote('not_helpful')
    expect(counts()).toMatchObject({ helpful: 0, notHelpful: 1 })
  })

  test('"this answers my question" before signing in and a helpful vote after count as one person', async () => {
    const resident = await createLoggedInUser(db, 'resident', 'gs-czq')
    const b = browser()
    await b.answered()
    expect(counts()).toEqual({ helpful: 1, notHelpful: 0, avoided: 1 })
    b.signIn(resident.id)
    await b.vote('helpful')
    expect(counts()).toEqual({ helpful: 1, notHelpful: 0, avoided: 1 })
  })

  test('the anonymous vote is taken over once: another account signing in there later counts its own vote', async () => {
    const first = await createLoggedInUser(db, 'resident', 'gs-czq')
    const second = await createLoggedInUser(db, 'resident', 'gs-czq')
    const b = browser()
    await b.vote('helpful')
    b.signIn(first.id)
    await b.vote('helpful')
    b.signOut()
    // Signed out, the browser has voted: no second anonymous vote.
    await b.vote('helpful')
    expect(counts()).toMatchObject({ helpful: 1 })
    b.signIn(second.id)
    await b.vote('helpful')
    expect(counts()).toMatchObject({ helpful: 2 })
  })
})

describe('cookies written before verdicts were kept', () => {
  test('still count as the browser’s vote, and are not taken over by an account', async () => {
    const resident = await createLoggedInUser(db, 'resident', 'gs-czq')
    const b = browser(`${ANON_COOKIE}; th_answers_voted=${answerId}; th_answers_avoided=${answerId}`)
    await b.vote('helpful')
    await b.answered()
    expect(counts()).toEqual({ helpful: 0, notHelpful: 0, avoided: 0 })
    expect(await page(b.cookie())).toMatchObject({ voted: true })
    b.signIn(resident.id)
    await b.vote('helpful')
    expect(counts()).toEqual({ helpful: 1, notHelpful: 0, avoided: 0 })
  })
})

describe('"this answers my question" is the browser’s helpful vote', () => {
  test('an anonymous visitor who said so on the report form is thanked on the answer page, not asked again, and counts once', async () => {
    const b = browser()
    await b.answered()
    expect(counts()).toEqual({ helpful: 1, notHelpful: 0, avoided: 1 })
    expect(await page(b.cookie())).toMatchObject({ voted: true })
    await b.vote('helpful')
    await b.vote('not_helpful')
    expect(counts()).toEqual({ helpful: 1, notHelpful: 0, avoided: 1 })
  })

  test('a resident who later finds it did not answer their question takes back the inquiry avoided with the helpful vote', async () => {
    const resident = await createLoggedInUser(db, 'resident', 'gs-czq')
    const b = browser(resident.cookie)
    await b.answered()
    expect(counts()).toEqual({ helpful: 1, notHelpful: 0, avoided: 1 })
    await b.vote('not_helpful')
    expect(counts()).toEqual({ helpful: 0, notHelpful: 1, avoided: 0 })
    // Changing their mind again restores the helpful vote, not the report they no longer said they did without.
    await b.vote('helpful')
    expect(counts()).toEqual({ helpful: 1, notHelpful: 0, avoided: 0 })
    expect(feedbackAudit().at(-2)).toMatchObject({ before: { verdict: 'helpful', avoided: true }, after: { verdict: 'not_helpful', avoided: false } })
  })
})

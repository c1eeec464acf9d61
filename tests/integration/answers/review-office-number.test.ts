import AnswersReview, { action as reviewAction, loader as reviewLoader } from '#app/routes/_answers+/answers.review'
import * as track from '#app/routes/_public+/track.$code'
import { DomainError } from '#db/errors'
import { getPublishedAnswer, recordComplaintReply, reviewAnswer } from '#db/queries/answers'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, postForm, seedTestUnits } from '#tests/db-utils'
import { control, describedBy, renderPage } from '#tests/render-page'

// Synthetic residents and offices: every name and number below is made up.
const OWN_PHONE = '13900003333'
const OWN_LANDLINE = '0571-86001111'
const BOOKING = '0571-88001234'
const REPLY = `钱小梅您好！社区卫生服务中心每周二、周四上午接种疫苗，需提前预约，预约电话${BOOKING}。请带好接种证。`

async function setup() {
  const db = createTestDb()
  const units = seedTestUnits(db)
  const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
  const { complaint } = createComplaint(
    db,
    {
      channel: 'web',
      communityId: units.czq.id,
      subject: '咨询孩子打疫苗怎么预约',
      body: `我是钱小梅，电话${OWN_PHONE}，家里座机${OWN_LANDLINE}，孩子该打疫苗了，怎么预约？`,
      complainantName: '钱小梅',
      complainantPhone: OWN_PHONE,
    },
    SYSTEM,
  )
  const actor = { kind: 'user', id: worker.id } as const
  const answer = recordComplaintReply(db, { complaintId: complaint.id, reply: REPLY }, actor)
  const cookie = (locale: 'zh' | 'en') => `${worker.cookie}; th_prefs=${locale}.0.0`
  const publish = (texts: Record<string, string>) =>
    postForm(reviewAction, '/answers/review', worker.cookie, { intent: 'publish', answerId: String(answer.id), ...texts })
  const reviewPage = async (actionData: object, locale: 'zh' | 'en') => {
    const loaderData = (await (await callRoute(reviewLoader, makeRequest('/answers/review', { cookie: cookie(locale) }))).json()) as object
    return renderPage(AnswersReview, { path: '/answers/review', locale, loaderData, actionData })
  }
  const trackPage = async () =>
    (await (await callRoute(track.loader, makeRequest(`/track/${complaint.trackingCode}`), { code: complaint.trackingCode })).json()) as {
      reply: { text: string } | null
    }
  return { db, worker, actor, answer, complaint, publish, reviewPage, trackPage }
}

describe('an office’s number in a reply', () => {
  it('is published as the worker approved it, beside their other edits, when the reply presents it as an office’s (预约电话)', async () => {
    const { db, answer, publish } = await setup()
    // The worker deletes the greeting and the last sentence, and writes the booking line back in as it was sent.
    const edited = `社区卫生服务中心每周二、周四上午接种疫苗，需提前预约，预约电话${BOOKING}。`
    const res = await publish({ publicQuestion: answer.publicQuestion, publicText: answer.publicText, publicReply: edited })
    expect(res.status).toBe(200)
    expect(getPublishedAnswer(db, answer.id)?.publicReply).toBe(edited)
  })

  it('stays in the reply as recorded, for the worker to review and on the resident’s tracking page; the resident’s own numbers do not', async () => {
    const { answer, trackPage } = await setup()
    expect(answer.publicReply).toContain(`预约电话${BOOKING}`)
    expect(answer.publicReply).not.toContain('钱小梅')
    expect(answer.publicText).not.toMatch(new RegExp(`${OWN_PHONE}|${OWN_LANDLINE}|钱小梅`))
    const { reply } = await trackPage()
    expect(reply?.text).toContain(`预约电话${BOOKING}`)
    expect(reply?.text).not.toContain('钱小梅')
  })
})

describe('publishing refuses, rather than silently changing what the worker approved, a text still holding personal data', () => {
  const refused = [
    ['a mobile', `如有疑问可致电${OWN_PHONE.replace('139', '138')}。`],
    ['a mobile given as an office’s', '办公室电话13800138000。'],
    ['a landline not presented as an office’s', '如有疑问请拨打0571-87654321。'],
    ['the resident’s own landline, even given as an office’s', `预约电话${OWN_LANDLINE}。`],
    ['the resident’s own landline without its area code', `预约电话${OWN_LANDLINE.slice(5)}。`],
  ] as const
  it.each(refused)('%s in the reply: refused beside the reply, every edit kept in the form, nothing published', async (_what, added) => {
    const { db, answer, publish, reviewPage } = await setup()
    const edited = `社区卫生服务中心每周二上午接种。${added}`
    const res = await publish({ publicQuestion: '孩子打疫苗怎么预约？', publicText: answer.publicText, publicReply: edited })
    expect(res.status).toBe(400)
    expect(getPublishedAnswer(db, answer.id)).toBeUndefined()
    for (const [locale, message] of [
      ['zh', /电话号码/],
      ['en', /phone number/],
    ] as const) {
      const html = await reviewPage((await res.clone().json()) as object, locale)
      const errors = describedBy(html, 'publicReply')
      expect(errors).toHaveLength(1)
      expect(errors[0]).toMatch(message)
      // Names what was found, never the value.
      expect(errors.join('')).not.toMatch(/[0-9]{5}/)
      expect(control(html, 'publicReply')).toContain('aria-invalid="true"')
      expect(html).toContain(`>${edited}</textarea>`)
      expect(control(html, 'publicQuestion')).toContain('value="孩子打疫苗怎么预约？"')
    }
  })

  it('names each kind found, in the field it is in: a name in the question, a phone in the resident’s words even after 预约电话', async () => {
    const { db, answer, publish, reviewPage } = await setup()
    const res = await publish({
      publicQuestion: '钱小梅咨询孩子打疫苗怎么预约',
      publicText: `孩子该打疫苗了，预约电话${BOOKING}打不通。`,
      publicReply: answer.publicReply,
    })
    expect(res.status).toBe(400)
    expect(getPublishedAnswer(db, answer.id)).toBeUndefined()
    const html = await reviewPage((await res.json()) as object, 'en')
    expect(describedBy(html, 'publicQuestion').join(' ')).toMatch(/name/)
    expect(describedBy(html, 'publicText').join(' ')).toMatch(/phone number/)
    expect(describedBy(html, 'publicReply')).toEqual([])
    expect(html).toContain('Not published')
  })

  it('a mobile is refused as personal, never to be published, without the hint to label it as an office’s; a bare landline gets that hint', async () => {
    const { publish, reviewPage } = await setup()
    const mobile = await publish({ publicReply: '社区卫生服务中心每周二上午接种疫苗，预约电话13800001234。' })
    expect(mobile.status).toBe(400)
    const mobileData = (await mobile.json()) as object
    const zh = describedBy(await reviewPage(mobileData, 'zh'), 'publicReply').join(' ')
    expect(zh).toContain('手机号码属于个人，一律不公开')
    expect(zh).not.toContain('请在号码前写明')
    const en = describedBy(await reviewPage(mobileData, 'en'), 'publicReply').join(' ')
    expect(en).toContain('Mobile numbers are personal and never published')
    expect(en).not.toMatch(/label|write .*before/i)

    const landline = await publish({ publicReply: '社区卫生服务中心每周二上午接种疫苗，请拨打0571-88886666。' })
    expect(landline.status).toBe(400)
    const said = describedBy(await reviewPage((await landline.json()) as object, 'zh'), 'publicReply').join(' ')
    expect(said).toContain('请在号码前写明')
    expect(said).not.toContain('手机号码属于个人')

    // Both: each is said.
    const both = await publish({ publicReply: '请拨打0571-88886666，或13800001234。' })
    const bothSaid = describedBy(await reviewPage((await both.json()) as object, 'zh'), 'publicReply').join(' ')
    expect(bothSaid).toContain('手机号码属于个人')
    expect(bothSaid).toContain('请在号码前写明')
  })

  it('the data layer refuses too, naming the field and the kind', () => {
    return setup().then(({ db, answer, actor }) => {
      let error: unknown
      try {
        reviewAnswer(db, { answerId: answer.id, decision: 'publish', publicReply: `请拨打${OWN_PHONE}咨询。` }, actor)
      } catch (e) {
        error = e
      }
      expect(error).toBeInstanceOf(DomainError)
      expect(error).toMatchObject({ messageKey: 'answers.error.found.mobile', field: 'publicReply' })
      expect(getPublishedAnswer(db, answer.id)).toBeUndefined()
    })
  })

  it('what a worker leaves untouched is published as shown', async () => {
    const { db, answer, publish } = await setup()
    expect((await publish({})).status).toBe(200)
    const published = getPublishedAnswer(db, answer.id)!
    expect([published.publicQuestion, published.publicText, published.publicReply]).toEqual([answer.publicQuestion, answer.publicText, answer.publicReply])
  })
})

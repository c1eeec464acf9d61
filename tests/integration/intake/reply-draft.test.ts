import { beforeEach, describe, expect, it } from 'vitest'
import { type Locale } from '#app/i18n/index'
import ComplaintDetail, { action, loader } from '#app/routes/_intake+/complaints.$id'
import { PREFS_COOKIE } from '#app/utils/cookies'
import { readFormError } from '#app/utils/form-errors'
import type { Db } from '#db/client'
import { getAnswerForComplaint, publishFaqEntry, recordComplaintReply, reviewAnswer } from '#db/queries/answers'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'
import { control, describedBy, occurrences, renderPage, textOf } from '#tests/render-page'

// A past reply offered as a starting point is scrubbed: its names and phones are placeholders,
// and it may speak of another community. The reply to this resident must not go out like that.

let db: Db
let units: ReturnType<typeof seedTestUnits>
beforeEach(() => {
  db = createTestDb()
  units = seedTestUnits(db)
})

const PAST_REPLY = '无自有住房的职工可以申请提取公积金支付房租，每年一次。如有问题请拨打【电话】联系网格员【姓名】。'

async function setup(pastCommunity: 'hm' | 'czq' = 'hm') {
  const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
  const actor = { kind: 'user', id: worker.id } as const
  const file = (communityId: number, subject: string, body: string) => createComplaint(db, { channel: 'web', communityId, subject, body }, SYSTEM).complaint
  const earlier = file(units[pastCommunity].id, '咨询公积金能否支付房租', '一直租房住，公积金能不能取出来交房租？')
  const past = recordComplaintReply(db, { complaintId: earlier.id, reply: PAST_REPLY }, actor)
  reviewAnswer(db, { answerId: past.id, decision: 'publish' }, actor)
  const asked = file(units.czq.id, '公积金交房租怎么办理', '租房的能不能用公积金交房租，要什么手续？')
  const path = `/complaints/${asked.id}`
  const params = { id: String(asked.id) }
  const load = async (query: string, locale: Locale) =>
    (await callRoute(loader, makeRequest(`${path}${query}`, { cookie: `${worker.cookie}; ${PREFS_COOKIE}=${locale}.0.0` }), params)).json() as Promise<object>
  const page = async (opts: { locale?: Locale; query?: string; actionData?: object } = {}) =>
    renderPage(ComplaintDetail, {
      path: `${path}${opts.query ?? ''}`,
      locale: opts.locale ?? 'zh',
      loaderData: await load(opts.query ?? '', opts.locale ?? 'zh'),
      actionData: opts.actionData,
    })
  const post = async (form: Record<string, string>) => {
    const res = await callRoute(action, makeRequest(path, { cookie: worker.cookie, form }), params)
    return { status: res.status, data: (await res.json()) as object }
  }
  return { asked, actor, pastId: past.id, page, post }
}

const textarea = (html: string) => /<textarea [^>]*id="reply"[^>]*>([\s\S]*?)<\/textarea>/.exec(html)?.[1] ?? ''
/** The past replies the page offers to draft from, by id. */
const offered = (html: string) => [...html.matchAll(/name="draftFrom" value="(\d+)"/g)].map(m => Number(m[1]))
/** The reply form's hidden fields, as a browser would post them with what is typed (the test request brings its own CSRF token). */
const hiddenFields = (html: string) => {
  const form = /<form [^>]*method="post"[^>]*>(?:(?!<\/form>)[\s\S])*name="intent" value="reply"[\s\S]*?<\/form>/.exec(html)?.[0] ?? ''
  const fields = [...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map(m => [m[1]!, unescape(m[2]!)] as const)
  return Object.fromEntries(fields.filter(([name]) => name !== 'csrf'))
}
const unescape = (s: string) =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")

describe('a reply that still holds placeholders from a past reply', () => {
  const TYPED = '您好！可以申请提取公积金支付房租。如有问题请拨打【电话】联系网格员【姓名】。'

  it('is refused beside the box, naming the placeholders in the order they appear, and nothing is saved', async () => {
    const { asked, page, post } = await setup()
    const { status, data } = await post({ intent: 'reply', reply: TYPED, resolve: '1' })
    expect(status).toBe(400)
    expect(getAnswerForComplaint(db, asked.id)).toBeUndefined()
    const html = await page({ actionData: data })
    expect(control(html, 'reply')).toContain('aria-invalid="true"')
    // Typed or drawn in, the worker is told what is left, not where it came from.
    expect(describedBy(html, 'reply')).toContain('答复里还有占位符：【电话】、【姓名】。请换成实际内容或删去。')
    // Everything typed stays: the text, and the choice to resolve.
    expect(unescape(textarea(html))).toBe(TYPED)
    expect(control(html, 'resolve')).toContain('checked')
    const en = await page({ locale: 'en', actionData: data })
    // Named as English pages show them, with what the box holds to find them by.
    const enError = describedBy(en, 'reply').join(' ')
    expect(enError).toContain('placeholders')
    expect(enError).toContain('[phone] (【电话】), [name] (【姓名】)')
    expect(enError).not.toContain('earlier reply')
  })

  it('names every kind the scrubber leaves, and lets a reply through once they are replaced', async () => {
    const { asked, post } = await setup()
    const refused = await post({ intent: 'reply', reply: '请【网友】带【证件号】到【地址】办理，车辆【车牌】。' })
    expect(refused.status).toBe(400)
    const [message] = (refused.data as { result: { error: { reply: string[] } } }).result.error.reply
    expect(readFormError(message!)).toEqual({ key: 'intake.reply.placeholdersLeft', params: { placeholders: '【网友】、【证件号】、【地址】、【车牌】' } })
    // Brackets of the writer's own are no placeholder.
    const saved = await post({ intent: 'reply', reply: '【温馨提示】可以申请提取公积金支付房租，请拨打社区办公室电话0571-88001234。' })
    expect(saved.status).toBe(200)
    expect(getAnswerForComplaint(db, asked.id)?.reply).toContain('温馨提示')
  })
})

describe('drafting from a past reply', () => {
  it('says near the box that the draft is another complaint’s reply, naming its community, and that its placeholders must go', async () => {
    const { pastId, page } = await setup('hm')
    const html = await page({ query: `?draftFrom=${pastId}` })
    const note = textOf(html, 'reply-draft-note') ?? ''
    expect(note).toContain('和睦社区')
    expect(note).toContain('【电话】、【姓名】')
    expect(describedBy(html, 'reply').join(' ')).toContain('和睦社区')
    const en = await page({ locale: 'en', query: `?draftFrom=${pastId}` })
    expect(textOf(en, 'reply-draft-note')).toContain('Hemu')
    expect(textOf(en, 'reply-draft-note')).toContain('[phone] (【电话】), [name] (【姓名】)')
    // No draft, no note.
    expect(textOf(await page(), 'reply-draft-note') ?? '').toBe('')
  })

  it('names no community when the past reply is from this complaint’s own', async () => {
    const { pastId, page } = await setup('czq')
    const note = textOf(await page({ query: `?draftFrom=${pastId}` }), 'reply-draft-note') ?? ''
    expect(note).toContain('另一件诉求')
    expect(note).not.toContain('长征桥')
  })

  it('without JavaScript, is a button of the reply form: what was typed stays and the past reply is added after it, nothing saved', async () => {
    const { asked, pastId, page, post } = await setup()
    const plain = await page()
    const form = /<form [^>]*method="post"[^>]*>(?:(?!<\/form>)[\s\S])*name="intent" value="reply"[\s\S]*?<\/form>/.exec(plain)?.[0] ?? ''
    expect(form).toMatch(
      new RegExp(`<button [^>]*type="submit"[^>]*name="draftFrom"[^>]*value="${pastId}"|<button [^>]*name="draftFrom"[^>]*value="${pastId}"[^>]*type="submit"`),
    )
    const { status, data } = await post({ intent: 'reply', reply: '您好，', resolve: '1', draftFrom: String(pastId) })
    expect(status).toBe(200)
    expect(getAnswerForComplaint(db, asked.id)).toBeUndefined()
    const html = await page({ actionData: data })
    expect(unescape(textarea(html))).toBe(`您好，\n\n${PAST_REPLY}`)
    expect(control(html, 'resolve')).toContain('checked')
    expect(textOf(html, 'reply-draft-note')).toContain('和睦社区')
    // An empty box takes the past reply as it is.
    const empty = await post({ intent: 'reply', reply: '', draftFrom: String(pastId) })
    expect(unescape(textarea(await page({ actionData: empty.data })))).toBe(PAST_REPLY)
  })
})

describe('the note on a draft', () => {
  const REWRITTEN = '您好！无自有住房的职工可以申请提取公积金支付房租，请拨打社区办公室电话0571-88001234。'

  it('without JavaScript, stays while the box holds the draft after a refusal, and goes once a reply is saved', async () => {
    const { asked, pastId, page, post } = await setup()
    const drafting = await post({ intent: 'reply', reply: '', draftFrom: String(pastId) })
    const drawn = await page({ actionData: drafting.data })
    expect(textOf(drawn, 'reply-draft-note')).toContain('和睦社区')
    const refused = await post({ ...hiddenFields(drawn), reply: unescape(textarea(drawn)) })
    expect(refused.status).toBe(400)
    const again = await page({ actionData: refused.data })
    expect(textOf(again, 'reply-draft-note')).toContain('和睦社区')
    expect(describedBy(again, 'reply').join(' ')).toContain('和睦社区')
    const saved = await post({ ...hiddenFields(again), reply: REWRITTEN })
    expect(saved.status).toBe(200)
    expect(getAnswerForComplaint(db, asked.id)?.reply).toBe(REWRITTEN)
    expect(textOf(await page({ actionData: saved.data }), 'reply-draft-note') ?? '').toBe('')
  })

  it('names a frequent-question entry as one, not as another complaint’s reply', async () => {
    const { actor, page } = await setup()
    const faq = publishFaqEntry(
      db,
      { question: '公积金能不能用来交房租', reply: '无自有住房的职工可以申请提取公积金支付房租，带租房合同到公积金中心办理，每年一次。', sourceIds: [] },
      actor,
    )
    const html = await page({ query: `?draftFrom=${faq.id}` })
    expect(offered(html)).toContain(faq.id)
    const note = textOf(html, 'reply-draft-note') ?? ''
    expect(note).toContain('常见问题')
    expect(note).not.toContain('诉求')
    expect(textOf(await page({ locale: 'en', query: `?draftFrom=${faq.id}` }), 'reply-draft-note')).toContain('frequent question')
  })
})

describe('the complaint’s own answer', () => {
  const OWN = '您好！无自有住房的职工可以申请提取公积金支付房租，带租房合同和身份证到公积金中心办理，每年一次。'

  it('is never offered to draft from on its own page, nor an FAQ entry built on it', async () => {
    const { asked, actor, page } = await setup()
    const own = reviewAnswer(db, { answerId: recordComplaintReply(db, { complaintId: asked.id, reply: OWN }, actor).id, decision: 'publish' }, actor)
    const faq = publishFaqEntry(db, { question: '租房能否提取公积金交房租', reply: OWN, sourceIds: [own.id] }, actor)
    const html = await page()
    expect(offered(html)).not.toContain(own.id)
    expect(offered(html)).not.toContain(faq.id)
    // Nor drawn in by the address.
    expect(textOf(await page({ query: `?draftFrom=${own.id}` }), 'reply-draft-note') ?? '').toBe('')
  })
})

describe('the reply box', () => {
  it('is labelled as the reply text, the section’s heading shown once', async () => {
    const { page } = await setup()
    const html = await page()
    expect(occurrences(html, '官方答复')).toBe(1)
    expect(html).toMatch(/<label for="reply">答复内容/)
    const en = await page({ locale: 'en' })
    expect(occurrences(en, 'Official reply')).toBe(1)
    expect(en).toMatch(/<label for="reply">Reply text/)
  })
})

describe('the page’s order', () => {
  it('offers the past replies before the reply box and its save button', async () => {
    const { page } = await setup()
    const html = await page()
    const similar = html.indexOf('data-testid="similar-answers"')
    expect(similar).toBeGreaterThan(0)
    expect(similar).toBeLessThan(html.indexOf('id="reply"'))
    expect(similar).toBeLessThan(html.indexOf('保存答复</button>'))
  })
})

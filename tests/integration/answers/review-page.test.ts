import ReviewPage, { action, loader } from '#app/routes/_answers+/answers.review'
import * as complaintPage from '#app/routes/_intake+/complaints.$id'
import { processComplaint } from '#app/services/nlp.server'
import { getPublishedAnswer, recordComplaintReply, reviewAnswer } from '#db/queries/answers'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, postForm, seedTestUnits } from '#tests/db-utils'
import { renderPage } from '#tests/render-page'

// A synthetic inquiry and its reply, published to the library.
async function setup() {
  const db = createTestDb()
  const units = seedTestUnits(db)
  const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
  const c = createComplaint(
    db,
    { channel: 'web', communityId: units.czq.id, subject: '咨询公积金能否支付房租', body: '一直租房住，公积金能不能取出来交房租？' },
    SYSTEM,
  ).complaint
  const actor = { kind: 'user', id: worker.id } as const
  const a = recordComplaintReply(db, { complaintId: c.id, reply: '无自有住房的职工可以申请提取公积金支付房租，每年一次。' }, actor)
  reviewAnswer(db, { answerId: a.id, decision: 'publish' }, actor)
  const page = async (query: string) =>
    (await (await callRoute(loader, makeRequest(`/answers/review${query}`, { cookie: worker.cookie }))).json()) as {
      matches: { id: number }[]
      draft: { question: string; reply: string; category: string | null; sources: { id: number }[] } | null
      faqNotice: string | null
      categories: { label: string; options: { value: string; label: string }[] }[]
    }
  return { db, units, complaintId: c.id, answerId: a.id, page, worker }
}

describe('writing an FAQ entry on the review page', () => {
  it('labels the search box with what to type and gives its button a verb of its own', async () => {
    const { page } = await setup()
    const loaderData = await page(`?q=${encodeURIComponent('公积金')}`)
    for (const [locale, label, button] of [
      ['zh', '要找的问题（关键词或一句话）', '查找'],
      ['en', 'Question to look for (keywords or a sentence)', 'Search'],
    ] as const) {
      const html = await renderPage(ReviewPage, { path: '/answers/review?q=公积金', locale, loaderData })
      const labelText = /<label>([^<]*)<input type="search" name="q"/.exec(html)?.[1]
      expect(labelText).toBe(label)
      const faqForm = html.slice(html.indexOf('name="q"'))
      expect(/<button type="submit">([^<]*)<\/button>/.exec(faqForm)?.[1]).toBe(button)
    }
  })

  it('says when a search finds no published reply, and offers an empty entry to write with the question as asked', async () => {
    const { page } = await setup()
    const data = await page(`?q=${encodeURIComponent('垃圾分类')}`)
    expect(data.matches).toEqual([])
    expect(data.faqNotice).toBe('answers.faq.noMatches')
    expect(data.draft).toEqual({ question: '垃圾分类', reply: '', category: null, sources: [], builtOn: null })
  })

  it('files the entry under the category of the replies it draws on, or the one staff choose from the taxonomy', async () => {
    const { db, complaintId, answerId, page, worker } = await setup()
    processComplaint(db, complaintId)
    // Down to its subcategory, as the reply is filed.
    const category = getPublishedAnswer(db, answerId)!.categoryPath!.slice(0, 2).join('/')
    const drafted = await page(`?q=${encodeURIComponent('公积金交房租')}&draft=1&source=${answerId}`)
    expect(drafted.draft?.category).toBe(category)
    expect(drafted.categories.flatMap(c => c.options.map(o => o.value))).toContain('教育文体')
    const publish = (extra: Record<string, string>) =>
      postForm(action, '/answers/review', worker.cookie, {
        intent: 'faq',
        question: '没有房子能用公积金交房租吗？',
        reply: '可以，每年提取一次。',
        sources: String(answerId),
        ...extra,
      })
    expect((await publish({ category: '不存在的类别' })).status).toBe(400)
    const res = await publish({ category: '教育文体' })
    expect(res.status).toBe(302)
    const id = Number(new URL(res.headers.get('location')!, 'http://x').searchParams.get('published'))
    expect(getPublishedAnswer(db, id)?.categoryPath).toEqual(['教育文体'])
  })

  it('asks for a reply to be ticked when a draft is asked for without one, and drafts once one is', async () => {
    const { page, answerId } = await setup()
    const q = `?q=${encodeURIComponent('公积金交房租')}`
    const found = await page(q)
    expect(found.matches.map(m => m.id)).toEqual([answerId])
    expect(found.faqNotice).toBeNull()
    const none = await page(`${q}&draft=1`)
    expect(none.draft).toBeNull()
    expect(none.faqNotice).toBe('answers.faq.chooseSource')
    const drafted = await page(`${q}&draft=1&source=${answerId}`)
    expect(drafted.faqNotice).toBeNull()
    expect(drafted.draft?.reply).toContain('提取公积金支付房租')
    expect(drafted.draft?.sources.map(x => x.id)).toEqual([answerId])
  })
})

describe('replies awaiting review', () => {
  it('point out a reply that only says the message was passed on, and not one that answers', async () => {
    const { db, units, worker, page } = await setup()
    const actor = { kind: 'user', id: worker.id } as const
    const ask = (subject: string, body: string) => createComplaint(db, { channel: 'web', communityId: units.czq.id, subject, body }, SYSTEM).complaint.id
    const passedOn = recordComplaintReply(
      db,
      {
        complaintId: ask('咨询新菜场什么时候开业', '新菜场建好很久了，什么时候开业？'),
        reply: '您好！您的留言已收悉，已转区商务局调查处理，如有情况将及时反馈。',
      },
      actor,
    )
    const answered = recordComplaintReply(
      db,
      { complaintId: ask('咨询老年食堂在哪里', '社区有没有老年食堂？'), reply: '您好！社区老年食堂设在文晖路12号，每天11点供应午餐。' },
      actor,
    )
    const data = (await page('')) as unknown as { pending: { id: number; passesOnOnly: boolean }[] }
    const flag = (id: number) => data.pending.find(p => p.id === id)?.passesOnOnly
    expect(flag(passedOn.id)).toBe(true)
    expect(flag(answered.id)).toBe(false)
  })
})

describe('drafting a reply on a complaint’s page', () => {
  it('offers how a similar question was answered, and brings that reply into the reply box when asked', async () => {
    const db = createTestDb()
    const units = seedTestUnits(db)
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const actor = { kind: 'user', id: worker.id } as const
    const file = (subject: string, body: string) => createComplaint(db, { channel: 'web', communityId: units.czq.id, subject, body }, SYSTEM).complaint
    const earlier = file('咨询公积金能否支付房租', '一直租房住，公积金能不能取出来交房租？')
    const a = recordComplaintReply(db, { complaintId: earlier.id, reply: '无自有住房的职工可以申请提取公积金支付房租，每年一次。' }, actor)
    reviewAnswer(db, { answerId: a.id, decision: 'publish' }, actor)
    const asked = file('公积金交房租怎么办理', '租房的能不能用公积金交房租，要什么手续？')
    const page = async (query = '') =>
      (await (
        await callRoute(complaintPage.loader, makeRequest(`/complaints/${asked.id}${query}`, { cookie: worker.cookie }), { id: String(asked.id) })
      ).json()) as {
        similarAnswers: { id: number; reply: string }[]
        replyDraft: string | null
      }
    const plain = await page()
    expect(plain.similarAnswers.map(s => s.id)).toEqual([a.id])
    expect(plain.replyDraft).toBeNull()
    expect((await page(`?draftFrom=${a.id}`)).replyDraft).toBe(plain.similarAnswers[0]!.reply)
    // Only a reply the page offers can be drawn in.
    expect((await page('?draftFrom=9999')).replyDraft).toBeNull()
  })
})

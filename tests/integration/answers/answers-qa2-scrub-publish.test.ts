import { getPublishedAnswer, publishFaqEntry, recordComplaintReply, reviewAnswer } from '#db/queries/answers'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { createLoggedInUser, createTestDb, seedTestUnits } from '#tests/db-utils'

// Synthetic residents: the names, plates and flats below are made up.
const MESSAGE =
  '老王（王大明）的车浙 A 88888和李阿姨(李秀英)家的浙A 8888B天天停在消防通道。我家住长征桥小区18-2-303，朋友住在和睦新村5-2-301，我妈住和睦新村5幢2单元301室。'
const PERSONAL = /王大明|李秀英|88888|8888B|18-2-303|5-2-301|5幢|301/

async function setup() {
  const db = createTestDb()
  const units = seedTestUnits(db)
  const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
  const actor = { kind: 'user', id: worker.id } as const
  const c = createComplaint(db, { channel: 'web', communityId: units.czq.id, subject: '消防通道天天被占', body: MESSAGE }, SYSTEM).complaint
  return { db, actor, c }
}

describe('the reply library publishes none of the plates, flats and bracketed names residents write', () => {
  test('a reply recorded on such a message keeps them out of its public texts, and publishing it as pasted back is refused', async () => {
    const { db, actor, c } = await setup()
    const reply = '您好！经核实，王大明和李秀英的车辆（浙 A 88888、浙A 8888B）已被告知挪车，消防通道禁止停车。'
    const a = recordComplaintReply(db, { complaintId: c.id, reply }, actor)
    expect(a.publicText).not.toMatch(PERSONAL)
    expect(a.publicReply).not.toMatch(PERSONAL)
    expect(() => reviewAnswer(db, { answerId: a.id, decision: 'publish', publicText: MESSAGE, publicReply: reply }, actor)).toThrow(
      expect.objectContaining({ field: 'publicText' }),
    )
    expect(getPublishedAnswer(db, a.id)).toBeUndefined()
    const published = reviewAnswer(db, { answerId: a.id, decision: 'publish' }, actor)
    expect(published.status).toBe('published')
    for (const text of [published.publicQuestion, published.publicText, published.publicReply]) expect(text).not.toMatch(PERSONAL)
    // What the question is about, and the estates where it is, stay.
    expect(published.publicText).toContain('消防通道')
    expect(published.publicText).toContain('长征桥小区')
    expect(published.publicReply).toContain('已被告知挪车')
    expect(getPublishedAnswer(db, a.id)?.publicText).not.toMatch(PERSONAL)
  })

  test('an FAQ entry written with them is refused beside its answer, not published changed; the estate alone is published', async () => {
    const { db, actor } = await setup()
    const faq = (reply: string) => publishFaqEntry(db, { question: '消防通道被占怎么办？', reply, sourceIds: [] }, actor)
    expect(() => faq(`可拨打物业电话。例如：${MESSAGE}已由物业劝离。`)).toThrow(expect.objectContaining({ field: 'reply' }))
    expect(faq('可拨打物业电话。和睦新村的消防通道已由物业劝离。').publicReply).toBe('可拨打物业电话。和睦新村的消防通道已由物业劝离。')
  })

  test('the building where a problem is stays in what is published', async () => {
    const { db, actor, c } = await setup()
    const a = recordComplaintReply(db, { complaintId: c.id, reply: '已报修，5幢电梯坏了的问题本周解决，住在12栋的居民可走消防楼梯。' }, actor)
    const published = reviewAnswer(db, { answerId: a.id, decision: 'publish', publicText: '5幢电梯坏了三天' }, actor)
    expect(published.publicText).toBe('5幢电梯坏了三天')
    expect(published.publicReply).toContain('住在12栋的居民')
  })
})

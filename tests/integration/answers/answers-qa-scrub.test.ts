import { getPublishedAnswer, publishFaqEntry, recordComplaintReply, reviewAnswer } from '#db/queries/answers'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { createLoggedInUser, createTestDb, seedTestUnits } from '#tests/db-utils'

// Synthetic residents: the names, phones and plates below are made up.
async function setup() {
  const db = createTestDb()
  const units = seedTestUnits(db)
  const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
  const actor = { kind: 'user', id: worker.id } as const
  const file = (subject: string, body: string, extra: Partial<Parameters<typeof createComplaint>[1]> = {}) =>
    createComplaint(db, { channel: 'web', communityId: units.czq.id, subject, body, ...extra }, SYSTEM).complaint
  return { db, actor, file }
}

describe('the reply library keeps the people a message names out of every public text', () => {
  test('a neighbour named in the message is not named in the public reply', async () => {
    const { db, actor, file } = await setup()
    const c = file('车天天堵在消防通道', '我是张伟，隔壁李建国家的车天天停在消防通道，说了也不听。', { complainantName: '张伟' })
    const a = recordComplaintReply(db, { complaintId: c.id, reply: '张伟先生您好！经核实，车主李建国已被告知挪车，今后消防通道禁止停车。' }, actor)
    expect(a.publicText).not.toContain('李建国')
    expect(a.publicReply).not.toContain('李建国')
    expect(a.publicReply).toContain('已被告知挪车')
  })

  test('a name the reply introduces is taken out of the message too', async () => {
    const { db, actor, file } = await setup()
    const c = file('楼道堆放杂物', '楼道里堆了很多纸箱，陈小红说是楼下的，一直没人管。')
    const a = recordComplaintReply(db, { complaintId: c.id, reply: '您好，已联系网格员陈小红，楼道纸箱已于本周清理。' }, actor)
    expect(a.publicReply).not.toContain('陈小红')
    expect(a.publicText).not.toContain('陈小红')
  })

  test('a worker who pastes the reply as sent back into the form does not publish the names it holds', async () => {
    const { db, actor, file } = await setup()
    const c = file('车天天堵在消防通道', '我是张伟，隔壁李建国家的车天天停在消防通道。', {
      complainantName: '张伟',
      complainantPhone: '13900001111',
      complainantAddress: '长征桥小区5幢',
    })
    const reply = '张伟您好！车主李建国已被告知挪车，今后消防通道禁止停车。长征桥小区5幢门口已划线。'
    const a = recordComplaintReply(db, { complaintId: c.id, reply }, actor)
    // Refused, not published silently altered: the worker takes the names out of what they approve.
    expect(() => reviewAnswer(db, { answerId: a.id, decision: 'publish', publicReply: reply, publicText: c.body }, actor)).toThrow(
      expect.objectContaining({ messageKey: 'answers.error.found.name' }),
    )
    expect(getPublishedAnswer(db, a.id)).toBeUndefined()
    const published = reviewAnswer(db, { answerId: a.id, decision: 'publish' }, actor)
    for (const text of [published.publicQuestion, published.publicText, published.publicReply]) expect(text).not.toMatch(/张伟|李建国|长征桥小区5幢/)
    expect(published.publicReply).toContain('已被告知挪车')
  })
})

describe('publication is refused while a number that identifies someone is still in the text', () => {
  test('an ID number written in groups is not published', async () => {
    const { db, actor, file } = await setup()
    const c = file('咨询小区门口停车收费标准', '想问小区门口的路边停车怎么收费。身份证 330102 19900101 1234')
    const a = recordComplaintReply(db, { complaintId: c.id, reply: '您好，路边停车首小时免费，之后每小时2元。' }, actor)
    expect(() => reviewAnswer(db, { answerId: a.id, decision: 'publish' }, actor)).toThrow(expect.objectContaining({ message: 'answers.error.found.idNumber' }))
    expect(() => reviewAnswer(db, { answerId: a.id, decision: 'publish', publicText: '身份证 330102-19900101-1234' }, actor)).toThrow(
      expect.objectContaining({ message: 'answers.error.found.idNumber' }),
    )
    // Times, dates and office lines are not numbers of a person.
    const ok = reviewAnswer(
      db,
      {
        answerId: a.id,
        decision: 'publish',
        publicText: '想问小区门口的路边停车怎么收费。',
        publicReply: '2026-12-01 起，每天 7:00 - 9:00 收费，咨询电话 0571-88886666。',
      },
      actor,
    )
    expect(ok.status).toBe('published')
    expect(ok.publicReply).toBe('2026-12-01 起，每天 7:00 - 9:00 收费，咨询电话 0571-88886666。')
  })

  test('an FAQ entry with an ID number written in groups is not published', async () => {
    const { db, actor } = await setup()
    expect(() =>
      publishFaqEntry(db, { question: '怎么办理助餐卡？', reply: '带身份证到服务中心办理，例如 330102 19900101 1234。', sourceIds: [] }, actor),
    ).toThrow(expect.objectContaining({ message: 'answers.error.found.idNumber', field: 'reply' }))
  })
})

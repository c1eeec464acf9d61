import { eq } from 'drizzle-orm'
import { answersForQuestion, draftFaqAnswer, faqEntriesToReview, keySentences, proposeFaqGroups, searchAnswers } from '#app/services/answers.server'
import { processComplaint } from '#app/services/nlp.server'
import { DomainError } from '#db/errors'
import {
  answerFigures,
  getPublishedAnswer,
  listAnswersForReview,
  listPublishedAnswers,
  publishFaqEntry,
  recordAnswerFeedback,
  recordComplaintReply,
  reviewAnswer,
} from '#db/queries/answers'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { writeCategoryCorrection } from '#db/queries/corrections'
import { answers, auditEvents } from '#db/schema/index'
import { createLoggedInUser, createTestDb, seedTestUnits } from '#tests/db-utils'

// Synthetic residents: the names, phones and addresses below are made up.
function setup() {
  const db = createTestDb()
  const units = seedTestUnits(db)
  const file = (subject: string, body: string, extra: Partial<Parameters<typeof createComplaint>[1]> = {}) =>
    createComplaint(db, { channel: 'web', communityId: units.czq.id, subject, body, ...extra }, SYSTEM).complaint
  return { db, units, file }
}

describe('reply library', () => {
  test('a reply is scrubbed of the complainant’s data and waits for review; publishing makes it searchable', async () => {
    const { db, file } = setup()
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const actor = { kind: 'user', id: worker.id } as const
    const c = file('咨询公积金能否用于支付房租', '我是赵一鸣，一直租房住，电话13900001111，住长征桥小区5栋302室，想问公积金能不能取出来交房租。', {
      complainantName: '赵一鸣',
      complainantPhone: '13900001111',
    })
    const a = recordComplaintReply(
      db,
      { complaintId: c.id, reply: '赵一鸣您好！无自有住房的职工可以申请提取公积金支付房租，每年一次，请致电13900001111核对。' },
      actor,
    )
    expect(a.status).toBe('pending')
    for (const text of [a.publicQuestion, a.publicText, a.publicReply]) expect(text).not.toMatch(/赵一鸣|13900001111|302/)
    expect(a.reply).toContain('赵一鸣')
    expect(searchAnswers(db, { q: '公积金交房租' })).toEqual([])
    expect(listAnswersForReview(db).map(r => r.id)).toEqual([a.id])

    reviewAnswer(db, { answerId: a.id, decision: 'publish' }, actor)
    const found = searchAnswers(db, { q: '没买房能不能用公积金付房租' })
    expect(found[0].id).toBe(a.id)
    expect(JSON.stringify(found)).not.toMatch(/赵一鸣|13900001111/)
    expect(answersForQuestion(db, '租房的能不能把公积金取出来交房租')[0]?.id).toBe(a.id)
    expect(answersForQuestion(db, '小区的狗晚上一直叫怎么办')).toEqual([])
    const audit = db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.subjectType, 'answer'))
      .all()
      .map(e => e.action)
    expect(audit).toEqual(['answer.reply_recorded', 'answer.published'])
  })

  test('petitions are kept private and cannot be published', () => {
    const { db, file } = setup()
    const c = file('信访事项', '关于征地补偿的信访', { channel: 'petition' })
    const a = recordComplaintReply(db, { complaintId: c.id, reply: '已按政策补偿。' }, SYSTEM)
    expect(a.status).toBe('private')
    expect(() => reviewAnswer(db, { answerId: a.id, decision: 'publish' }, SYSTEM)).toThrow(DomainError)
    expect(getPublishedAnswer(db, a.id)).toBeUndefined()
  })

  test('a worker’s edits are checked again before publication: personal data in them is refused, not silently taken out', () => {
    const { db, file } = setup()
    const c = file('咨询路灯维修', '路灯坏了')
    const a = recordComplaintReply(db, { complaintId: c.id, reply: '已修复。' }, SYSTEM)
    expect(() => reviewAnswer(db, { answerId: a.id, decision: 'publish', publicReply: '已修复，联系人王先生。' }, SYSTEM)).toThrow(
      expect.objectContaining({ messageKey: 'answers.error.found.name', field: 'publicReply' }),
    )
    expect(getPublishedAnswer(db, a.id)).toBeUndefined()
    const c2 = file('咨询水费', '水费怎么交')
    const b = recordComplaintReply(db, { complaintId: c2.id, reply: '可在网上缴纳。' }, SYSTEM)
    expect(() => reviewAnswer(db, { answerId: b.id, decision: 'publish', publicText: '身份证430102199001011234，电话139 0000 1111' }, SYSTEM)).toThrow(
      expect.objectContaining({ messageKey: 'answers.error.found.idNumber', field: 'publicText' }),
    )
    expect(getPublishedAnswer(db, b.id)).toBeUndefined()
  })

  test('feedback is counted only on published answers and feeds the figures', () => {
    const { db, file } = setup()
    const c = file('咨询新生儿医保', '孩子刚出生医保怎么办')
    const a = recordComplaintReply(db, { complaintId: c.id, reply: '出生后九十天内参保缴费即可。' }, SYSTEM)
    expect(recordAnswerFeedback(db, { answerId: a.id, verdict: 'avoided' }, SYSTEM)).toBe(false)
    reviewAnswer(db, { answerId: a.id, decision: 'publish' }, SYSTEM)
    expect(recordAnswerFeedback(db, { answerId: a.id, verdict: 'avoided' }, SYSTEM)).toBe(true)
    expect(recordAnswerFeedback(db, { answerId: a.id, verdict: 'not_helpful' }, SYSTEM)).toBe(true)
    expect(answerFigures(db)).toMatchObject({ published: 1, inquiriesAvoided: 1, helpful: 1, notHelpful: 1 })
  })

  test('an FAQ entry is published with its sources and found by search', async () => {
    const { db, file } = setup()
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const c = file('咨询驾驶证换证', '驾驶证到期了')
    const a = recordComplaintReply(db, { complaintId: c.id, reply: '有效期满前九十日内可在车管所换证。' }, SYSTEM)
    reviewAnswer(db, { answerId: a.id, decision: 'publish' }, SYSTEM)
    const faq = publishFaqEntry(
      db,
      { question: '驾驶证到期怎么换证？', reply: '有效期满前九十日内，带身份证和体检证明到车管所办理。', sourceIds: [a.id] },
      { kind: 'user', id: worker.id },
    )
    expect(faq).toMatchObject({ kind: 'faq', status: 'published', sourceIds: [a.id] })
    expect(searchAnswers(db, { q: '驾照到期换证' }).map(r => r.id)).toContain(faq.id)
  })

  test('an answer takes its complaint’s category when the complaint is classified after the reply, and follows a worker’s correction', () => {
    const { db, file } = setup()
    const c = file('咨询小学新生入学报名需要什么材料', '孩子明年上一年级，报名要准备哪些材料？')
    const a = recordComplaintReply(db, { complaintId: c.id, reply: '报名需要户口簿和房产证明。' }, SYSTEM)
    const categoryOf = () => db.select({ path: answers.categoryPath }).from(answers).where(eq(answers.id, a.id)).get()!.path
    expect(categoryOf()).toBeNull()
    const classified = processComplaint(db, c.id)!
    expect(classified.path.length).toBeGreaterThan(0)
    expect(categoryOf()).toEqual(classified.path)
    db.transaction(tx => writeCategoryCorrection(tx, { complaintId: c.id, path: ['城乡建设'] }, SYSTEM))
    expect(categoryOf()).toEqual(['城乡建设'])
  })

  test('inquiries asking the same thing in different words, each telling its own case, are proposed as one FAQ group', () => {
    const { db, file } = setup()
    const reply = '小学新生报名需携带户口簿、房产证明和预防接种证。'
    const asked = [
      ['咨询孩子上学要什么材料', '我家孩子今年六岁，明年上学，想问要准备什么材料。'],
      ['请问孩子上小学报名要带什么材料', '我们刚搬到长征桥小区，老大九月读一年级，报名要带哪些东西？'],
      ['咨询小孩入学报名需要准备哪些材料', '小孩户口在老家，房子在这边买的，入学报名需要准备哪些材料？谢谢。'],
    ].map(([subject, body]) => {
      const a = recordComplaintReply(db, { complaintId: file(subject!, body!).id, reply }, SYSTEM)
      return reviewAnswer(db, { answerId: a.id, decision: 'publish' }, SYSTEM).id
    })
    const other = recordComplaintReply(
      db,
      { complaintId: file('咨询公积金提取', '公积金能取出来交房租吗？').id, reply: '无房职工可提取公积金支付房租。' },
      SYSTEM,
    )
    reviewAnswer(db, { answerId: other.id, decision: 'publish' }, SYSTEM)
    const groups = proposeFaqGroups(db)
    expect(groups.map(g => g.questions.map(q => q.id).sort())).toEqual([[...asked].sort()])

    // Once an entry drawing on the group is published, the group is no longer proposed: publishing it again would repeat the entry.
    publishFaqEntry(db, { question: '孩子上小学报名要带哪些材料？', reply, sourceIds: [asked[0]!, asked[1]!] }, SYSTEM)
    expect(proposeFaqGroups(db)).toEqual([])
  })

  test('an FAQ draft takes each fact once, without greetings, formulas or placeholders', () => {
    const { db, file } = setup()
    const reply = '【姓名】您好！您的留言已收悉。现将有关情况回复如下：老旧小区加装电梯每台补贴20万元，由街道受理申请。感谢您对我们工作的支持！'
    const published = ['加装电梯有补贴吗', '加装电梯补贴多少', '电梯补贴去哪申请'].map(subject => {
      const a = recordComplaintReply(db, { complaintId: file(subject, `${subject}？`).id, reply }, SYSTEM)
      return reviewAnswer(db, { answerId: a.id, decision: 'publish' }, SYSTEM)
    })
    const draft = draftFaqAnswer(
      db,
      '加装电梯补贴',
      published.map(a => a.id),
    )
    expect(draft.reply.match(/每台补贴20万元/g)).toHaveLength(1)
    expect(draft.reply).not.toMatch(/【|您好|收悉|回复如下|感谢/)
    // The sources are listed beside the draft; a marker in the text would be published to residents.
    expect(draft.reply).not.toMatch(/#\d/)
    expect(draft.sources.map(s => s.id).sort()).toEqual(published.map(a => a.id).sort())
  })

  test('an FAQ draft holds the replies’ sentences as written, without the ellipses a preview marks its gaps with', () => {
    const { db, file } = setup()
    const reply = '老旧小区加装电梯每台补贴20万元。小区内停车另有规定。申请由街道受理，材料齐全的一个月内批复；批复后即可施工。'
    const a = recordComplaintReply(db, { complaintId: file('加装电梯补贴多少', '加装电梯补贴多少，去哪申请？').id, reply }, SYSTEM)
    const published = reviewAnswer(db, { answerId: a.id, decision: 'publish' }, SYSTEM)
    expect(keySentences(reply, '加装电梯补贴多少，去哪申请', 3)).toContain('…')
    const draft = draftFaqAnswer(db, '加装电梯补贴多少，去哪申请', [published.id])
    expect(draft.reply).toContain('每台补贴20万元')
    expect(draft.reply).not.toContain('…')
  })

  test('search leaves out answers that share no more than a word with the question', () => {
    const { db, file } = setup()
    const publish = (subject: string, body: string, reply: string) => {
      const a = recordComplaintReply(db, { complaintId: file(subject, body).id, reply }, SYSTEM)
      return reviewAnswer(db, { answerId: a.id, decision: 'publish' }, SYSTEM)
    }
    const dance = publish(
      '和睦公园广场舞音响太响',
      '每天晚上广场舞音响很响，楼上的孩子写不了作业。',
      '已约谈广场舞队伍负责人，音响音量控制在60分贝以下，晚上九点前结束。',
    )
    const school = publish('孩子上小学报名要带什么材料', '孩子明年上小学，报名要准备哪些材料？', '小学新生报名需携带户口簿、房产证明和预防接种证。')
    expect(searchAnswers(db, { q: '孩子上学要什么材料' }).map(a => a.id)).toEqual([school.id])
    expect(searchAnswers(db, { q: '公积金能取出来交房租吗' })).toEqual([])
    // A single word still finds what it names.
    expect(searchAnswers(db, { q: '广场舞' }).map(a => a.id)).toEqual([dance.id])
  })

  test('the same FAQ question is not published twice (a second click, a form sent again)', () => {
    const { db } = setup()
    const entry = { question: '孩子上小学报名需要哪些材料？', reply: '户口簿、房产证明和预防接种证。', sourceIds: [] }
    const first = publishFaqEntry(db, entry, SYSTEM)
    expect(() => publishFaqEntry(db, entry, SYSTEM)).toThrow(expect.objectContaining({ code: 'conflict', messageKey: 'answers.faq.duplicate' }))
    // Spacing and the closing question mark do not make it another question.
    expect(() => publishFaqEntry(db, { ...entry, question: ' 孩子上小学报名需要哪些材料 ' }, SYSTEM)).toThrow(expect.objectContaining({ code: 'conflict' }))
    expect(
      listPublishedAnswers(db)
        .filter(a => a.publicQuestion.startsWith('孩子上小学报名'))
        .map(a => a.id),
    ).toEqual([first.id])
  })

  test('an FAQ entry is flagged for review when its replies are old or a newer reply answers the same question', () => {
    const { db, file } = setup()
    const c = file('咨询驾驶证换证', '驾驶证到期了在哪换')
    const old = recordComplaintReply(
      db,
      { complaintId: c.id, reply: '有效期满前九十日内可在车管所换证。', repliedAt: new Date('2020-01-10T00:00:00Z') },
      SYSTEM,
    )
    reviewAnswer(db, { answerId: old.id, decision: 'publish' }, SYSTEM)
    const faq = publishFaqEntry(db, { question: '驾驶证到期在哪里换证？', reply: '到车管所办理。', sourceIds: [old.id] }, SYSTEM)
    expect(faqEntriesToReview(db, { now: new Date('2020-06-01T00:00:00Z') })).toEqual([])
    expect(faqEntriesToReview(db, { now: new Date('2021-06-01T00:00:00Z') })).toEqual([
      { id: faq.id, question: '驾驶证到期在哪里换证？', reasons: ['old'], newerIds: [] },
    ])
    const c2 = file('驾驶证到期在哪里换证', '驾驶证快到期了，在哪里换证？')
    const newer = recordComplaintReply(
      db,
      { complaintId: c2.id, reply: '现在可在网上申请换证，证件邮寄到家。', repliedAt: new Date(Date.now() + 60_000) },
      SYSTEM,
    )
    reviewAnswer(db, { answerId: newer.id, decision: 'publish' }, SYSTEM)
    expect(faqEntriesToReview(db, { now: new Date('2020-06-01T00:00:00Z') })).toEqual([
      { id: faq.id, question: '驾驶证到期在哪里换证？', reasons: ['newer'], newerIds: [newer.id] },
    ])
  })
})

describe('the key sentences shown with an answer', () => {
  const charging =
    '不能。楼道、楼梯间和家中都严禁给电动自行车充电，也不能从窗口拉电线下来充。各社区都建有集中充电棚，扫码付费充电；充电棚的位置可以在社区服务中心问到。充电位不够的小区，可以在本平台反映，社区会和物业协商增设。'
  const rubbish =
    '小河街道各小区实行定时定点投放，时间为早上 7:00–9:00、晚上 18:00–20:00。错过时间的，可以投放到小区的误时投放点（一般设在物业门口），请不要把垃圾袋放在投放点外面。不清楚怎么分的，可以看投放点上的分类指引，或问现场的垃圾分类督导员。'

  test('begin with the reply’s direct answer, however short, then what matches the question', () => {
    expect(keySentences(charging, '电动车可以在楼道里充电吗')).toMatch(/^不能。楼道、楼梯间和家中都严禁/)
    expect(keySentences(rubbish, '垃圾几点可以扔')).toContain('7:00–9:00')
  })

  test('mark what they leave out between and after them, and never end on a clause cut short', () => {
    // A clause that goes on in the reply ends in an ellipsis, not in its semicolon.
    expect(keySentences(charging, '充电棚在哪里')).toBe(
      '不能。楼道、楼梯间和家中都严禁给电动自行车充电，也不能从窗口拉电线下来充。各社区都建有集中充电棚，扫码付费充电…',
    )
    expect(keySentences(charging, '电动车可以在楼道里充电吗', 1)).toMatch(/。…$/)
    const cut = keySentences('各社区都建有集中充电棚，扫码付费充电；充电棚的位置可以在社区服务中心问到。', '扫码付费', 1)
    expect(cut).not.toMatch(/；$/)
    expect(cut).toMatch(/…$/)
    // Two sentences that do not follow each other in the reply are not glued together as if they did.
    const apart = keySentences('第一句讲垃圾分类。第二句讲别的事情。第三句讲垃圾投放时间。', '垃圾分类投放时间', 2)
    expect(apart).toBe('第一句讲垃圾分类。…第三句讲垃圾投放时间。')
  })

  test('do not stop at a colon that introduces what follows', () => {
    const reply = '报名在网上进行：家长在区义务教育招生平台填写信息，按学区报名对应的学校。审核结果会以短信通知。'
    expect(keySentences(reply, '小学报名在哪里报', 1)).toContain('报名在网上进行：家长在区义务教育招生平台填写信息')
  })
})

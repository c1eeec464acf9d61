import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DEMO_FAQ, DEMO_INQUIRIES, DEMO_REPLIES } from '../../../db/demo-data'
import {
  backgroundRelevance,
  chineseNumeralsToDigits,
  collapseAskingForms,
  confidence,
  createAnswerIndex,
  askedDetails,
  asksAboutHandling,
  groupRecurringQuestions,
  isInquiry,
  asFaqQuestion,
  fixSlips,
  passesOnOnly,
  statesDetail,
  type AnsweredMessage,
} from '../../../nlp/answers'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const corpusFile = fileURLToPath(new URL('../../fixtures/answers-corpus.jsonl', import.meta.url))
const corpus: AnsweredMessage[] = readFileSync(corpusFile, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map(l => JSON.parse(l))
  .map(r => ({ ...r, id: String(r.id) }))

/** Complaints about fifteen things in fifteen places, each answered: the ordinary messages of a street's library. */
function neighbourhoodComplaints(): AnsweredMessage[] {
  const things = ['路灯', '噪音', '垃圾站', '停车位', '电梯', '绿化', '下水道', '菜市场', '公交站', '幼儿园', '卫生院', '广场舞', '施工', '积水', '油烟']
  const places = [
    '东湖小区',
    '西岭社区',
    '南塘村',
    '北苑小区',
    '河畔花园',
    '新华路',
    '人民路',
    '建设路',
    '学府街',
    '滨江路',
    '光明村',
    '红星社区',
    '金桂园',
    '龙湾',
    '桃源村',
  ]
  return things.flatMap(thing =>
    places.map(place => ({
      id: `${place}-${thing}`,
      subject: `反映${place}${thing}问题`,
      text: `${place}的${thing}问题存在很久了，希望解决。`,
      reply: `已安排${place}所在街道对${thing}问题进行处理。`,
    })),
  )
}

describe('reply library search', () => {
  const index = createAnswerIndex(corpus)

  test.each([
    ['请问没买房的能不能把公积金取出来交房租', '1'],
    ['驾照快到期了户口不在这边能换吗', '6'],
    ['自己交社保有没有补贴，怎么申请', '8'],
    ['孩子上小学要准备什么证件', '5'],
    ['宝宝刚生下来，医保要在多少天之内办', '3'],
  ])('a paraphrased question finds the reply that answers it: %s', (question, id) => {
    const hits = index.search(question, { k: 3 })
    expect(hits[0].id).toBe(id)
    expect(hits[0].score).toBeGreaterThanOrEqual(0.5)
    expect(hits.length).toBeLessThanOrEqual(3)
  })

  test.each(['公积金贷款利率是多少', '小区里的狗晚上一直叫怎么办', '公交卡丢了怎么补办'])(
    'a question sharing words with the library but asking something else gets nothing: %s',
    question => {
      expect(index.search(question)).toEqual([])
    },
  )

  test('a question asking two things that two replies answer between them is left to the resident, both ranked first', () => {
    // Neither reply alone answers it: each lacks half of what was asked, and the other holds that half.
    const question = '驾照到期换证和医保参保怎么办'
    expect(index.search(question, { k: 3 })).toEqual([])
    const [best] = index.inspect(question, 1)
    expect(best.heldElsewhere).toBeGreaterThan(0.3)
    expect(
      index
        .search(question, { k: 3, abstain: false })
        .slice(0, 2)
        .map(h => h.id),
    ).toEqual(['6', '3'])
  })

  test('asked for fewer answers, the same question is answered or left empty all the same', () => {
    const question = '驾照快到期了户口不在这边能换吗'
    const [first] = index.search(question, { k: 3 })
    expect(first.id).toBe('6')
    expect(index.search(question, { k: 1 })).toEqual([first])
    expect(index.search('公积金贷款利率是多少', { k: 1 })).toEqual([])
    expect(index.search(question, { k: 0 })).toEqual([])
  })

  test('a word of its own that no message uses does not by itself keep the answer away', () => {
    // Residents write 紧巴巴, 黑漆漆, 吵死了: words no official reply repeats, around a matter the library does answer.
    const question = '手头紧巴巴的，没买房公积金能取出来交房租吗'
    expect(index.inspect(question, 1)[0].missingWords).toEqual(expect.arrayContaining(['手头', '紧巴巴']))
    const hits = index.search(question, { k: 3 })
    expect(hits[0]?.id).toBe('1')
    expect(hits[0].score).toBeGreaterThanOrEqual(0.5)
  })

  test('a long question telling the whole case is answered like its short form', () => {
    const short = '没买房公积金能取出来交房租吗'
    const long = '我在这边上班好几年了，一直在外面租房子住，房东每个月都催房租，手头很紧，没买房的话公积金能取出来交房租吗'
    expect(index.search(short, { k: 1 })[0]?.id).toBe('1')
    expect(index.search(long, { k: 1 })[0]?.id).toBe('1')
  })

  test('asking yes-or-no ("换不换", "有没有") matches like the plain verb', () => {
    expect(collapseAskingForms('驾照到期了换不换，有没有补贴，可不可以')).toBe('驾照到期了换，有补贴，可以')
    expect(index.search('驾照快到期了户口不在这边换不换得了', { k: 1 })[0]?.id).toBe('6')
  })

  test('without abstention a keyword search still ranks what matches', () => {
    const hits = index.search('公交', { abstain: false })
    expect(hits[0].id).toBe('7')
  })

  test('scores never rise down the list and lie in [0, 1]', () => {
    const hits = index.search('办理需要提供身份证和什么材料', { k: 5, abstain: false })
    expect(hits.length).toBeGreaterThan(1)
    for (let i = 1; i < hits.length; i++) expect(hits[i].score).toBeLessThanOrEqual(hits[i - 1].score)
    for (const h of hits) expect(h.score).toBeGreaterThanOrEqual(0)
    for (const h of hits) expect(h.score).toBeLessThanOrEqual(1)
  })

  test('a filter keeps out messages the caller may not show', () => {
    const hits = index.search('请问没买房的能不能把公积金取出来交房租', { k: 3, abstain: false, filter: id => id !== '1' })
    expect(hits.map(h => h.id)).not.toContain('1')
  })

  test('traditional characters and full-width text are matched like simplified', () => {
    expect(index.search('駕照快到期了戶口不在這邊能換嗎', { k: 1 })[0]?.id).toBe('6')
  })

  test('an empty question or library answers nothing', () => {
    expect(index.search('   ')).toEqual([])
    expect(createAnswerIndex([]).search('公积金')).toEqual([])
  })

  test('inspect explains the best candidate', () => {
    const [best] = index.inspect('公积金贷款利率是多少', 1)
    expect(best.id).toBe('1')
    expect(best.missingWords.length).toBeGreaterThan(0)
    expect(best.coverage).toBeLessThan(1)
  })
})

describe('a runner-up that holds the whole question', () => {
  // The demo district's library: the reply matching the question's subject best (孩子明年上小学) says only when and where
  // to enrol, the next one what to bring. Once replies on residence permits and lift subsidies, which also speak of
  // 带 and 材料, are published beside them, the first lacks what the question asks and others hold: the rule must then
  // answer with the reply that holds all of it rather than leave the question unanswered.
  const demo = [
    ...DEMO_FAQ.map((f, i) => ({ id: `faq${i}`, subject: f.question, text: '', reply: f.reply })),
    ...DEMO_REPLIES.map((r, i) => ({ id: `reply${i}`, subject: r.subject, text: '', reply: r.reply })),
    ...DEMO_INQUIRIES.filter(q => q.reply && q.published !== false).map(q => ({ id: q.subject, subject: q.subject, text: q.body, reply: q.reply! })),
  ]
  const later = [
    {
      id: 'lift',
      subject: '咨询老旧小区加装电梯有没有补贴',
      text: '想问老小区加装电梯政府有没有补贴，要准备什么材料。',
      reply: '您好！老旧小区加装电梯可申请政府补贴，每台补助二十万元。需提交业主同意书、设计方案和施工合同，到街道办理。',
    },
    {
      id: 'lift-faq',
      subject: '老旧小区加装电梯有补贴吗？',
      text: '',
      reply: '老旧小区加装电梯可申请政府补贴，每台补助二十万元。需提交业主同意书、设计方案和施工合同，到街道办理。',
    },
    {
      id: 'permit',
      subject: '请问居住证在哪里办理',
      text: '刚搬来租房住，想问居住证在哪里办理。',
      reply: '您好！居住证在社区服务中心受理，带身份证和租房合同办理。',
    },
    {
      id: 'permit2',
      subject: '咨询外地人怎么办理居住证',
      text: '外地户口在这边上班，居住证怎么办理？',
      reply: '您好！在本地居住满半年的，可带身份证和租房合同到社区服务中心办理居住证。',
    },
    {
      id: 'permit-faq',
      subject: '居住证在哪里办？要带什么？',
      text: '',
      reply: '在本地居住满半年的，可带身份证和租房合同到社区服务中心办理居住证。\n居住证在社区服务中心受理，带身份证和租房合同办理。',
    },
  ]
  const question = '孩子明年上小学，请问在哪里报名，要带什么材料'

  test('answers with the reply that says what to bring, first, before and after the other replies are published', () => {
    for (const library of [demo, [...demo, ...later]]) {
      const hits = createAnswerIndex(library).search(question, { k: 3 })
      expect(hits[0]?.id).toBe('请问小学一年级新生在哪里报名')
      expect(hits[0].score).toBeGreaterThanOrEqual(0.5)
    }
  })
})

describe('the demo district’s library, asked in residents’ everyday words', () => {
  const library = createAnswerIndex([
    ...DEMO_FAQ.map(f => ({ id: f.question, subject: f.question, text: '', reply: f.reply })),
    ...DEMO_REPLIES.map(r => ({ id: r.subject, subject: r.subject, text: '', reply: r.reply })),
    ...DEMO_INQUIRIES.filter(q => q.reply && q.published !== false).map(q => ({ id: q.subject, subject: q.subject, text: q.body, reply: q.reply! })),
  ])
  test.each([
    ['广场舞太吵了', '和睦公园广场舞音响太响'],
    ['怎么报名当议事员', '怎样才能参加社区议事会？'],
    ['垃圾几点可以扔', '垃圾分类投放点几点开放？错过时间的垃圾怎么办？'],
    ['电瓶车可以推到家里充电吗', '电动自行车能不能在楼道里充电？小区哪里可以充？'],
    ['买菜被缺斤少两了', '在菜场买菜缺斤短两，到哪里复秤？'],
  ])('%s → %s', (question, answer) => {
    expect(library.search(question, { k: 3 })[0]?.id).toBe(answer)
  })
  test.each(['狗咬人了怎么办', '公积金怎么提取'])('%s: nothing in the library answers it', question => {
    expect(library.search(question, { k: 3 })).toEqual([])
  })
})

describe('a library with hundreds of thousands of character pairs', () => {
  // Pseudo-random Han text, so that almost every pair of characters is new and the index's tables grow many times.
  let seed = 7
  const han = () => String.fromCharCode(0x4e00 + ((seed = (seed * 1103515245 + 12345) % 2147483648) % 20000))
  const text = (n: number) => Array.from({ length: n }, han).join('')
  const big = Array.from({ length: 1500 }, (_, i) => ({ id: String(i), subject: text(20), text: text(200), reply: `${text(60)}。` }))
  const index = createAnswerIndex(big)

  test('finds each message by its own subject, whichever came first or last', () => {
    for (const i of [0, 1, 750, 1498, 1499]) {
      const [best] = index.search(big[i].subject, { k: 3, abstain: false })
      expect(best.id).toBe(String(i))
    }
  })
})

describe('confidence', () => {
  // A candidate just below the bar, and one just above it.
  const below = { relevance: 0.21, contentWords: 4, listCoverage: 0.6, background: 0.12 }
  const above = { relevance: 0.3, contentWords: 5, listCoverage: 0.6, background: 0.12 }

  test('the bar falls as the question grows longer, and a candidate list holding every word helps', () => {
    expect(confidence(below)).toBeLessThan(0.5)
    expect(confidence(above)).toBeGreaterThan(0.5)
    expect(confidence({ ...below, contentWords: 8 })).toBeGreaterThan(confidence({ ...below, contentWords: 3 }))
    expect(confidence({ ...below, listCoverage: 1 })).toBeGreaterThan(confidence({ ...below, listCoverage: 0.5 }))
    expect(confidence({ relevance: 0.45, contentWords: 1, listCoverage: 0 })).toBeLessThan(0.5)
    expect(confidence({ relevance: 0.9, contentWords: 0, listCoverage: 1 })).toBe(0)
  })

  test('each word the candidate lacks raises the bar again: a long question is answered by a reply holding most of it', () => {
    expect(confidence({ ...above, missingShare: 0.25 })).toBeLessThan(0.5)
    expect(confidence({ ...above, missingShare: 0.25 })).toBeLessThan(confidence({ ...above, missingShare: 0.1 }))
  })

  test('a clear lead over the best different answer raises the confidence', () => {
    expect(confidence({ ...below, margin: 0.3 })).toBeGreaterThan(0.5)
  })

  test('a candidate that hardly rises above what ordinary messages reach for the question is less sure', () => {
    expect(confidence({ ...above, background: 0.4 })).toBeLessThan(confidence({ ...above, background: 0.15 }))
    expect(confidence({ ...above, background: 0.4 })).toBeLessThan(0.5)
    // Below the level of a large library the background counts as that level: a small library is judged like a large one.
    expect(confidence({ ...above, background: 0 })).toBe(confidence(above))
  })
})

describe('a question about how a problem is handled', () => {
  test('is told from a question asking a fact', () => {
    for (const q of ['管子铺好几年了为啥还不通气', '拖车费要车主出，这合法吗', '切石头的棚子天天开工，有人管吗', '这条烂路什么时候修', '收垃圾费有依据吗'])
      expect(asksAboutHandling(q)).toBe(true)
    for (const q of ['水费多少钱一吨', '五中什么时候放暑假', '准生证怎么办理', '业委会有联系电话吗']) expect(asksAboutHandling(q)).toBe(false)
  })

  test('is answered on a little less overlap: the reply to the matching complaint says what was done', () => {
    const below = { relevance: 0.21, contentWords: 4, listCoverage: 0.6, background: 0.12 }
    expect(confidence(below)).toBeLessThan(0.5)
    expect(confidence({ ...below, aboutHandling: true })).toBeGreaterThan(0.5)
  })
})

describe('words the best reply lacks, counted by their characters', () => {
  const index = createAnswerIndex([
    ...corpus,
    {
      id: 'shelter',
      subject: '希望尽快建好高铁南站公交遮雨棚',
      text: '高铁南站东广场公交站台没有遮雨棚，下雨天乘客只能淋雨。',
      reply: '公交集团已在高铁南站东广场公交站台加装遮雨棚，本月底前完工。',
    },
  ])

  test('a resident’s 躲雨 and 棚子 are partly the reply’s 遮雨棚; 厕所 is nothing of it', () => {
    const [paraphrase] = index.inspect('南站东广场等公交没地方躲雨，啥时候搭棚子', 1)
    expect(paraphrase.id).toBe('shelter')
    expect(paraphrase.missingWords).toContain('棚子')
    expect(paraphrase.partialCoverage).toBeGreaterThan(0.1)
    const [nearMiss] = index.inspect('南站东广场公交站有没有厕所', 1)
    expect(nearMiss.id).toBe('shelter')
    expect(nearMiss.missingWords).toEqual(['厕所'])
    expect(nearMiss.partialCoverage).toBe(0)
  })

  test('raise the confidence a little, enough to answer a question just below the bar', () => {
    const below = { relevance: 0.21, contentWords: 4, listCoverage: 0.6, background: 0.12 }
    expect(confidence(below)).toBeLessThan(0.5)
    expect(confidence({ ...below, partialCoverage: 0.2 })).toBeGreaterThan(0.5)
  })
})

describe('words the best reply lacks that another candidate holds', () => {
  // Neighbourhood complaints, one park's bicycle stalls and another park's dogs.
  const library = neighbourhoodComplaints()
  library.push(
    {
      id: 'bikes',
      subject: '反对松雅湖公园对外招租自行车经营',
      text: '松雅湖公园把湖边步道租给商户经营自行车，游客散步很不安全。',
      reply: '松雅湖公园管理处已规范自行车经营区域，步道禁止骑行。',
    },
    {
      id: 'dogs',
      subject: '梅溪湖公园遛狗不牵绳',
      text: '梅溪湖公园晚上很多人遛狗不牵绳，小孩被吓到。',
      reply: '梅溪湖公园管理处已张贴文明遛狗告示，安排巡查劝导牵绳。',
    },
  )
  const index = createAnswerIndex(library)

  test('are measured: the park is in one message, the dog in another', () => {
    const [best] = index.inspect('松雅湖公园步道散步能遛狗吗', 1)
    expect(best.id).toBe('bikes')
    expect(best.missingWords).toEqual(['遛狗'])
    expect(best.heldElsewhere).toBeGreaterThan(0.1)
    // What no message holds, and what the best holds itself, cost nothing here.
    expect(index.inspect('松雅湖公园步道散步能放风筝吗', 1)[0].heldElsewhere).toBe(0)
    expect(index.inspect('松雅湖公园步道还能骑自行车吗', 1)[0].heldElsewhere).toBe(0)
  })

  test('lower the confidence, enough to leave a question just above the bar unanswered', () => {
    const above = { relevance: 0.22, contentWords: 5, listCoverage: 0.6, background: 0.12 }
    expect(confidence(above)).toBeGreaterThan(0.5)
    expect(confidence({ ...above, heldElsewhere: 0.4 })).toBeLessThan(0.5)
  })
})

describe('backgroundRelevance', () => {
  test('is the median relevance of the 5th to 15th best candidates, a missing rank counting 0', () => {
    const relevances = [0.9, 0.8, 0.7, 0.6, 0.5, 0.45, 0.4, 0.35, 0.3, 0.25, 0.2, 0.18, 0.16, 0.14, 0.13, 0.01, 0.01]
    expect(backgroundRelevance([...relevances].reverse())).toBeCloseTo(0.25)
    expect(backgroundRelevance([0.9, 0.8, 0.7, 0.6, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5])).toBeCloseTo(0.5)
  })

  test('never falls below the level typical of a large library', () => {
    expect(backgroundRelevance([0.9, 0.2])).toBeCloseTo(0.12)
    expect(backgroundRelevance([])).toBeCloseTo(0.12)
  })
})

describe('a question near a topic the library holds but asking what no reply says', () => {
  // Fifteen replies on housing-fund loans, each on one matter, among a library of neighbourhood complaints.
  const matters = ['额度', '年限', '首付', '审批', '放款', '担保', '还款方式', '提前还款', '逾期', '二套房', '异地', '夫妻双方', '商转公', '组合贷款', '材料']
  const library: AnsweredMessage[] = matters.map((matter, i) => ({
    id: `loan-${i}`,
    subject: `咨询公积金贷款${matter}问题`,
    text: `想了解公积金贷款的${matter}规定。`,
    reply: `关于公积金贷款${matter}，按本市住房公积金管理中心现行规定办理。`,
  }))
  library.push(...neighbourhoodComplaints())
  const index = createAnswerIndex(library)

  test('gets nothing: its best candidate scores hardly above the other loan replies', () => {
    const [best] = index.inspect('公积金贷款利率是多少', 1)
    expect(best.background).toBeGreaterThan(0.3)
    expect(index.search('公积金贷款利率是多少')).toEqual([])
  })

  test('while a question one of them answers is answered', () => {
    expect(index.search('公积金贷款逾期了怎么办', { k: 1 })[0]?.id).toBe('loan-8')
    expect(index.search('公积金贷款提前还款有什么规定', { k: 1 })[0]?.id).toBe('loan-7')
  })
})

describe('a question whose own words no message holds, in a small library', () => {
  const library: AnsweredMessage[] = [
    { id: 'refill', subject: '社区卫生服务站能不能预约配药？', text: '', reply: '可以。慢性病居民可以打服务站的预约电话，提前一天预约配药，按时段取药。' },
    { id: 'dance', subject: '广场舞音响太响', text: '', reply: '社区已和广场舞队沟通，活动请在晚上八点半前结束。' },
    { id: 'rubbish', subject: '垃圾分类投放点几点开放？', text: '', reply: '早上七点到九点、晚上六点到八点定时投放。' },
  ]
  const index = createAnswerIndex(library)

  test('counts each of those words as missing, so a reply sharing only the place is no answer', () => {
    const [best] = index.inspect('社区卫生服务站什么时候开始接种流感疫苗', 1)
    expect(best.missingWords).toEqual(expect.arrayContaining(['开始', '接种', '流感疫苗']))
    expect(index.search('社区卫生服务站什么时候开始接种流感疫苗')).toEqual([])
  })

  test('while the question the reply answers is answered', () => {
    expect(index.search('服务站配药可以提前预约吗', { k: 1 })[0]?.id).toBe('refill')
  })
})

describe('a question asking what something costs', () => {
  const library: AnsweredMessage[] = [
    {
      id: 'park-complaint',
      subject: '反映东湖公园停车场车辆乱停问题',
      text: '东湖公园停车场周末车辆乱停，出入口经常堵死。',
      reply: '已责成公园管理处加强东湖公园停车场的管理，安排专人疏导车辆。',
    },
    {
      id: 'pool-fee',
      subject: '咨询西岭游泳馆收费问题',
      text: '西岭游泳馆夏天开放吗，收费怎么算？',
      reply: '西岭游泳馆7月至9月开放，成人每场十五元，学生凭证八元。',
    },
    {
      id: 'library-card',
      subject: '咨询南塘图书馆办证',
      text: '南塘图书馆办借书证要交钱吗？',
      reply: '南塘图书馆办理借书证免费，凭身份证到一楼服务台办理。',
    },
    {
      id: 'toll-bus',
      subject: '建议6路公交延伸到西收费站',
      text: '西收费站附近新建小区多，希望6路公交延伸过去。',
      reply: '公交公司已将6路公交延伸至西收费站，增设两个站点。',
    },
  ]
  const index = createAnswerIndex(library)

  test('is left unanswered by a reply about the same place that names no price', () => {
    expect(index.search('东湖公园停车场停一天多少钱', { k: 3, abstain: false })[0]?.id).toBe('park-complaint')
    expect(index.search('东湖公园停车场停一天多少钱')).toEqual([])
  })

  test('is answered by a reply that states the amount, or that it is free (amounts in Chinese numerals too)', () => {
    expect(index.search('西岭游泳馆门票多少钱一场', { k: 1 })[0]?.id).toBe('pool-fee')
    expect(index.search('南塘图书馆办借书证收费吗', { k: 1 })[0]?.id).toBe('library-card')
  })

  test('is answered by a reply saying nothing was charged, or pricing the fee under its other name (考试费 for 补考费)', () => {
    const more = createAnswerIndex([
      ...library,
      {
        id: 'holiday-classes',
        subject: '投诉明德中学寒假收费补课',
        text: '明德中学寒假组织补课，还要收钱。',
        reply: '经调查，明德中学寒假辅导由家长自愿参加，学校没有收取任何费用。',
      },
      {
        id: 'driving-test-fee',
        subject: '咨询驾照科目三补考费',
        text: '科目三没考过，补考要交多少钱？',
        reply: '根据省里的收费标准，机动车驾驶人考试费科目三每人次260元，考试不合格的可免费补考一次。',
      },
    ])
    expect(statesDetail('price', '学校没有收取任何费用。')).toBe(true)
    expect(more.search('明德中学寒假补课要收钱吗', { k: 1 })[0]?.id).toBe('holiday-classes')
    expect(more.search('科目三补考费一次多少', { k: 1 })[0]?.id).toBe('driving-test-fee')
  })

  test('is answered by a reply pricing a fee under its full name, or pricing what the fee is for (入户费 as 入户管网建设费)', () => {
    const more = createAnswerIndex([
      ...library,
      {
        id: 'water-connection',
        subject: '咨询青山村通自来水的收费',
        text: '青山村通自来水，每户要交多少入户费？',
        reply: '根据县发改局文件，入户管网建设费最高不超过1500元/户，含水表、管材及安装费用。',
      },
      {
        id: 'school-books',
        subject: '反映华荣学校乱收费',
        text: '华荣学校七年级要交教辅资料费，是不是乱收费？',
        reply: '经核实，七年级教辅资料征订每人限额100元，学生自愿征订，学校开具收费收据。',
      },
      {
        id: 'estate-bins',
        subject: '反映翠湖山庄垃圾站损坏',
        text: '翠湖山庄垃圾站坏了没人修。',
        reply: '经查，翠湖山庄物业公司自费维修垃圾站，每天另付450元请环卫清运。',
      },
    ])
    // The estate's management paying (物业公司自费) prices no 物业费.
    expect(more.search('翠湖山庄物业费一个月多少钱', { k: 1 })).toEqual([])
    expect(more.search('青山村通自来水，入户费一户最多收多少', { k: 1 })[0]?.id).toBe('water-connection')
    expect(more.search('华荣学校七年级教辅资料费收多少', { k: 1 })[0]?.id).toBe('school-books')
    // 电价 prices 电费: the price of the thing the fee is paid for.
    const power = createAnswerIndex([
      ...library,
      {
        id: 'flat-power',
        subject: '投诉洋湖时代广场公寓水电问题',
        text: '公寓电费太贵了。',
        reply: '经核查，洋湖时代广场公寓楼的电价，已执行发改委的政策要求，调整至0.919元/度。',
      },
    ])
    expect(power.search('洋湖时代广场公寓的电费现在多少钱一度', { k: 1 })[0]?.id).toBe('flat-power')
    // A reply naming another fee still prices something else.
    expect(more.search('华荣学校七年级校服费收多少', { k: 1 })).toEqual([])
  })

  test('is told apart from a question that only names a toll station', () => {
    expect(askedDetails('6路公交能不能延伸到西收费站')).toEqual([])
    // Charges named in a complaint or an errand ask no price.
    for (const q of ['学校乱收费怎么投诉', '物业费上涨不合理', '在哪里交水费', '小区有几块空地']) expect(askedDetails(q)).toEqual([])
    expect(askedDetails('6路公交到西收费站票价几块')).toEqual(['price'])
    // An amount paid out or lent is a sum too (每个月能领多少, 最多能贷多少); how it is reckoned (能贷多少是按…算) or for how long (能贷多少年) is not.
    for (const q of ['失业金一个月能领多少', '小额贷款最多能贷多少', '残疾补贴每个月能补多少']) expect(askedDetails(q)).toEqual(['price'])
    for (const q of ['贷款能贷多少是按调之前还是调之后算', '发几篇论文']) expect(askedDetails(q)).toEqual([])
    expect(askedDetails('公积金最长能贷多少年')).not.toContain('price')
    // A fee asked by its unit or over a few words is still asked (物业费一平米多少); how many years it was paid is not a price.
    for (const q of ['外滩花园物业费一平米多少', '幼儿园保育费一个月大概多少', '商场停车咋收费']) expect(askedDetails(q)).toEqual(['price'])
    for (const q of ['物业费交了多少年了还不给办证', '收费站附近有多少个小区', '垃圾站一天能收多少吨垃圾', '这个站一年收多少人'])
      expect(askedDetails(q)).toEqual([])
    expect(index.search('6路公交能不能延伸到西收费站那边', { k: 1 })[0]?.id).toBe('toll-bus')
  })

  test('is asked by a named price (起步价, 房价) as by a fee, and a share by its percentage (报销百分之多少, 能报几成)', () => {
    expect(askedDetails('F6县出租车起步价现在是多少')).toEqual(['price'])
    expect(askedDetails('这个小区房价大概多少')).toEqual(['price'])
    expect(askedDetails('年终评价多少分算合格')).not.toContain('price')
    for (const q of ['慢性病门诊证看病能报销百分之多少', '住院能报几成', '异地就医报销比例是多少']) expect(askedDetails(q)).toEqual(['share'])
    for (const q of ['好几成了还没修', '报销要多少天']) expect(askedDetails(q)).not.toContain('share')
    expect(statesDetail('share', '门诊慢性病费用按70%比例报销。')).toBe(true)
    expect(statesDetail('share', '政策范围内报销六成。')).toBe(true)
    expect(statesDetail('share', '请持身份证和病历到县医保局办理慢性病门诊卡。')).toBe(false)
  })

  test('a mark asked (分数线是多少, 加几分) is answered by a reply stating one; 几分钟 asks a time', () => {
    for (const q of ['C市一中去年中考录取分数线是多少分', '少数民族考生高考能加几分']) expect(askedDetails(q)).toContain('score')
    expect(askedDetails('4路公交车几分钟一趟')).not.toContain('score')
    expect(statesDetail('score', '2019年C市一中统招录取分数线为612分。')).toBe(true)
    expect(statesDetail('score', '少数民族考生可加五分投档。')).toBe(true)
    expect(statesDetail('score', '招生方案尚未下发，请关注教育局官网，分批录取。')).toBe(false)
  })
})

describe('slips of the pen', () => {
  const index = createAnswerIndex([
    ...corpus,
    {
      id: 'gas',
      subject: '老城区居民希望用上管道天然气',
      text: '步行街附近的老城区至今没有通管道天然气，居民只能用罐装液化气。',
      reply: '老城区管道天然气改造已列入燃气公司计划，居民可到燃气公司营业厅申请开户安装。',
    },
  ])

  test('are read as the word the reply spells right (天燃气, 按装)', () => {
    expect(fixSlips('没通天燃气，想按装')).toBe('没通天然气，想安装')
    const [best] = index.inspect('老城区一直没通天燃气，想按装管道燃气找谁申请', 1)
    expect(best.id).toBe('gas')
    expect(best.missingWords).not.toContain('通天')
    expect(best.missingWords).not.toContain('按装')
  })

  test('homophones typed on a phone (低饱, 图书管, 公圆, 装机定盒), unless they begin a right word (低饱和, 图书管理员)', () => {
    expect(fixSlips('想申请低饱')).toBe('想申请低保')
    expect(fixSlips('县里有图书管吗')).toBe('县里有图书馆吗')
    expect(fixSlips('泉塘公圆什么时候建好')).toBe('泉塘公园什么时候建好')
    expect(fixSlips('要装机定盒')).toBe('要装机顶盒')
    expect(fixSlips('低饱和度的颜色')).toBe('低饱和度的颜色')
    expect(fixSlips('图书管理员')).toBe('图书管理员')
  })
})

describe('a question naming its city or county', () => {
  const taxiIn = (id: string, city: string, fare: string): AnsweredMessage => ({
    id,
    subject: `咨询${city}出租车起步价`,
    text: `${city}的出租车起步价现在是多少？夜间有没有加价？`,
    reply: `网友您好！${city}出租车起步价为${fare}元，夜间23时至次日5时加收20%。`,
  })
  const index = createAnswerIndex([...corpus, taxiIn('b-taxi', 'B市', '8'), taxiIn('c-taxi', 'C4市', '6')])

  test('is answered by a message about that place, ahead of one about another', () => {
    expect(index.search('C4市出租车起步价多少钱', { k: 1 }).map(h => h.id)).toEqual(['c-taxi'])
    expect(index.search('B市出租车起步价多少钱', { k: 1 }).map(h => h.id)).toEqual(['b-taxi'])
  })

  test('is not answered by a message about another city alone', () => {
    expect(index.search('F市出租车起步价多少钱', { k: 1 })).toEqual([])
    const taxis = index.inspect('F市出租车起步价多少钱', 10).filter(e => e.id.endsWith('-taxi'))
    expect(taxis.map(e => e.elsewhere)).toEqual([true, true])
  })

  test('is answered as before when it names no place, or where someone moves to', () => {
    expect(index.search('出租车起步价多少钱', { k: 1 })).toHaveLength(1)
    expect(
      index
        .inspect('从B市回F市，出租车起步价多少钱', 5)
        .filter(e => e.id.endsWith('-taxi'))
        .map(e => e.elsewhere),
    ).toEqual([false, false])
  })
})

describe('a message about the place asked of but not the matter', () => {
  const village = (id: string, place: string, matter: string, reply: string): AnsweredMessage => ({
    id,
    subject: `咨询${place}${matter}问题`,
    text: `${place}的${matter}什么时候能解决？`,
    reply,
  })
  const broadband = village('broadband', '荆树湾村', '宽带覆盖', '网友您好！荆树湾村宽带资源已列入今年建设计划，预计年底前完成光纤入户。')
  const otherWater = village('other-water', '合心村', '通自来水', '网友您好！合心村自来水管网工程已经开工，预计明年六月通水。')

  test('does not answer it: the village’s broadband is no answer about its tap water', () => {
    const index = createAnswerIndex([...corpus, broadband, otherWater])
    expect(index.search('荆树湾村什么时候能通上自来水？')).toEqual([])
    const best = index.inspect('荆树湾村什么时候能通上自来水？', 1)[0]
    expect(best.id).toBe('broadband')
    expect(best.lacksMatter).toBe(true)
  })

  test('while a message about the matter there answers it', () => {
    const water = village('water', '荆树湾村', '通自来水', '网友您好！荆树湾村自来水管网已纳入今年农村饮水工程，预计十月底通水。')
    const index = createAnswerIndex([...corpus, broadband, otherWater, water])
    expect(index.search('荆树湾村什么时候能通上自来水？', { k: 1 }).map(h => h.id)).toEqual(['water'])
    expect(index.inspect('荆树湾村什么时候能通上自来水？', 1)[0].lacksMatter).toBe(false)
  })

  test('a place changed into another (大门改成商场) is the matter, not part of the place’s name', () => {
    const index = createAnswerIndex([
      ...corpus,
      {
        id: 'gate',
        subject: '投诉御泉城市花园违建占用停车场',
        text: '小区大门被改建成商场。',
        reply: '网友您好！经查，御泉城市花园擅自在大门区域加建商场，我局已立案查处并处以罚款。',
      },
      { id: 'enforcement', subject: '咨询违建处理进度', text: '违建举报后多久处理？', reply: '网友您好！违建举报受理后由执法部门调查处理。' },
    ])
    expect(index.inspect('御泉小区大门改成商场那事最后怎么处理的', 1)[0]).toMatchObject({ id: 'gate', lacksMatter: false })
  })
})

describe('a place named after a coded area', () => {
  const about = (id: string, subject: string, text: string, reply: string): AnsweredMessage => ({ id, subject, text, reply })
  const villageWater = about(
    'village-water',
    '请求解决K4县白牙市镇小心田村的饮水问题',
    'K4县白牙市镇小心田村全村三百多人一直没有自来水，请求解决。',
    '网友您好！小心田村饮水工程已列入今年农村饮水安全计划，预计年底通水。',
  )
  const estateWater = about(
    'estate-water',
    'L10县金域华府居民请求尽快通自来水',
    'L10县金域华府交房一年了还在用临时水，请求尽快接通自来水。',
    '网友您好！金域华府小区自来水管网已完成施工，本月底正式供水。',
  )
  const otherGas = about('other-gas', '咨询B3区天然气开户问题', 'B3区新房子天然气怎么开户？', '网友您好！天然气开户请携带房产证到燃气公司营业厅办理。')
  const index = createAnswerIndex([...corpus, villageWater, estateWater, otherGas])

  test('is where, not what: a village’s water is no answer about its buses, however the segmenter cuts its name', () => {
    expect(index.search('K4县小心田村通不通公交车')).toEqual([])
    expect(index.inspect('K4县小心田村通不通公交车', 1)[0]).toMatchObject({ id: 'village-water', lacksMatter: true })
  })

  test('an estate’s name is where too: its tap water is no answer about its gas', () => {
    expect(index.search('L10县金域华府什么时候能通上天然气？')).toEqual([])
    expect(index.inspect('L10县金域华府什么时候能通上天然气？', 1)[0]).toMatchObject({ id: 'estate-water', lacksMatter: true })
    expect(index.search('L10县金域华府什么时候通自来水？', { k: 1 }).map(h => h.id)).toEqual(['estate-water'])
  })
})

describe('the kind of place and where by it', () => {
  const about = (id: string, subject: string, text: string, reply: string): AnsweredMessage => ({ id, subject, text, reply })
  const reservoirDam = about(
    'reservoir-dam',
    '反映K4县庙塘水库大坝渗水',
    'K4县庙塘水库大坝渗水严重，存在安全隐患。',
    '网友您好！庙塘水库除险加固工程已列入今年计划，汛期前完成大坝防渗处理。',
  )
  const parkFishing = about('park-fishing', '咨询B3区湘湖公园能否钓鱼', 'B3区湘湖公园里可以钓鱼吗？', '网友您好！湘湖公园湖区禁止垂钓，违者由公园管理处劝阻。')
  const estateBus = about(
    'estate-bus',
    '希望解决A7县紫晶城小区的公交出行问题',
    'A7县紫晶城小区门口没有公交站，居民出行很不方便。',
    '网友您好！我局已规划在紫晶城小区门口增设公交站点，预计年内开通。',
  )
  const parcelLockers = about(
    'parcel-lockers',
    '咨询B3区快递柜安装问题',
    'B3区新小区快递柜由谁负责安装？',
    '网友您好！快递柜由快递企业与物业协商安装，费用由企业承担。',
  )
  const lineStop = about(
    'line-stop',
    '希望B9市4路公交车在玉瓷俪景小区门口设站',
    '玉瓷俪景小区近600户，建议4路公交车在小区门口设站。',
    '网友您好！玉瓷路公交配套设施完工后，4路公交车将在玉瓷俪景设站停靠。',
  )
  const hospitalWall = about(
    'hospital-wall',
    'C4市人民医院围墙开裂，影响过往行人安全',
    'C4市人民医院旁围墙开裂已经很久，裂缝越来越大。',
    '网友您好！医院已在现场设立警戒标识，围墙修缮加固争取30天内整改到位。',
  )
  const roadDanger = about('road-danger', '反映B3区人民路井盖缺失', 'B3区人民路井盖缺失，夜里行人很危险。', '网友您好！井盖已于当日补装到位。')
  // Enough other messages that a word a few of them hold says what a question is about.
  const others = Array.from({ length: 30 }, (_, i) =>
    about(`other-${i}`, `咨询第${i + 1}批人才公寓申请`, `第${i + 1}批人才公寓什么时候开始申请？`, `网友您好！第${i + 1}批人才公寓申请时间将在官网公布。`),
  )
  const index = createAnswerIndex([...corpus, ...others, reservoirDam, parkFishing, estateBus, parcelLockers, lineStop, hospitalWall, roadDanger])

  const estateMast = about(
    'estate-mast',
    'B2区经世皇城小区业主反对建基站',
    '经世皇城小区楼顶要建通信基站，业主担心辐射。',
    '网友您好！经检测，该基站辐射值符合国家标准，运营商将与业主进一步沟通。',
  )
  const deeds = about('deeds', '咨询B3区新房房产证办理', 'B3区新房交房两年了，房产证什么时候能办？', '网友您好！开发商已提交办证资料，预计年底前可领取房产证。')
  const phaseWater = about(
    'phase-water',
    '反映A8县翠湖湾二期停水问题',
    '翠湖湾二期这周停了三次水，居民生活很不方便。',
    '网友您好！翠湖湾二期停水系管网改造所致，已于本周五恢复供水。',
  )
  const bbqSmoke = about(
    'bbq-smoke',
    '请求解决A4区明珠苑烧烤摊油烟问题',
    '明珠苑楼下的烧烤摊每晚油烟很大。',
    '网友您好！城管执法中队已责令烧烤摊安装油烟净化设施，并限定经营时间。',
  )
  const plotIdle = about(
    'plot-idle',
    '关于A2区长城水郡三期地块至今未动工的反映',
    '长城水郡三期的地块几年了还没动工。',
    '网友您好！该地块已完成规划调整，预计明年上半年开工建设。',
  )
  const islandNight = about(
    'island-night',
    '投诉A3区楚腾琴岛楼盘夜间施工扰民',
    '楚腾琴岛楼盘工地夜间施工，噪音太大。',
    '网友您好！城管执法大队已责令施工单位停止夜间施工，违者依法处罚。',
  )
  const nightDogs = about('night-dogs', '反映B3区小区半夜狗叫扰民', '小区里的狗半夜叫个不停。', '网友您好！社区已上门劝导养犬户文明养犬。')
  const places = createAnswerIndex([...corpus, ...others, estateMast, deeds, phaseWater, bbqSmoke, plotIdle, islandNight, nightDogs])

  test('an estate a question opens with is where, as is its phase: its mast or its water is no answer about its deeds', () => {
    expect(places.search('经世皇城小区的房产证啥时候能拿到')).toEqual([])
    expect(places.inspect('经世皇城小区的房产证啥时候能拿到', 1)[0]).toMatchObject({ id: 'estate-mast', lacksMatter: true })
    expect(places.inspect('翠湖湾二期的房产证啥时候能办下来', 1)[0]).toMatchObject({ id: 'phase-water', lacksMatter: true })
  })

  test('a message about the matter is still found: 烧烤店 in 烧烤摊, 动工 however common its synonym 建设', () => {
    expect(places.inspect('明珠苑楼下那家烧烤店油烟熏得窗都不敢开，有人管没', 1)[0]).toMatchObject({ id: 'bbq-smoke', lacksMatter: false })
    expect(places.inspect('A2区长城水郡三期那块空地啥时候动工？', 1)[0]).toMatchObject({ id: 'plot-idle', lacksMatter: false })
  })

  test('a name ending in 岛 is a place, and a 楼盘 or 工地 is where: its night work is no answer about when homes are handed over', () => {
    expect(places.search('楚腾琴岛楼盘什么时候交房')).toEqual([])
    expect(places.inspect('楚腾琴岛楼盘什么时候交房', 1)[0]).toMatchObject({ id: 'island-night', lacksMatter: true })
    // 半夜 is what the letters call 夜间.
    expect(places.inspect('楚腾琴岛楼盘那个工地天天干到半夜两点，有没有人管', 1)[0]).toMatchObject({ id: 'island-night', lacksMatter: false })
  })

  test('a reservoir’s name is where: its dam is no answer about fishing there', () => {
    expect(index.search('K4县庙塘水库让不让钓鱼？')).toEqual([])
    expect(index.inspect('K4县庙塘水库让不让钓鱼？', 1)[0]).toMatchObject({ id: 'reservoir-dam', lacksMatter: true })
  })

  test('an estate’s 小区 and its gate are where: its bus stop is no answer about its parcel lockers', () => {
    expect(index.search('A7县紫晶城小区门口的快递柜谁负责装？')).toEqual([])
    expect(index.inspect('A7县紫晶城小区门口的快递柜谁负责装？', 1)[0]).toMatchObject({ id: 'estate-bus', lacksMatter: true })
  })

  test('a bus line the message names is the matter asked, and so is a character few messages hold (裂)', () => {
    expect(index.inspect('B9市玉瓷俪景小区门口啥时候开通4路车的站', 1)[0]).toMatchObject({ id: 'line-stop', lacksMatter: false })
    expect(index.inspect('C4市人民医院外面那堵墙裂了一条缝，太危险了，谁管', 1)[0]).toMatchObject({ id: 'hospital-wall', lacksMatter: false })
  })
})

describe('a question naming a bus line', () => {
  const line35 = {
    id: 'line-35',
    subject: '反映35路公交车收班太早',
    text: '35路公交车晚上九点就收班了，下晚班的人坐不上车。',
    reply: '网友您好！35路首班车6:30发车，末班车21:00从总站发出，公交公司将研究延长收班时间。',
  }
  const line701 = {
    id: 'line-701',
    subject: '咨询701路公交车末班时间',
    text: '701路公交车晚上最后一班是几点？',
    reply: '网友您好！701路末班车22:30从总站发车。',
  }

  test('is not answered by a message about another line, however well it matches', () => {
    const index = createAnswerIndex([...corpus, line35])
    expect(index.search('809路晚上末班车是几点')).toEqual([])
    expect(index.inspect('809路晚上末班车是几点', 1)[0]).toMatchObject({ id: 'line-35', elsewhere: true })
  })

  test('is answered by the message about that line, written in digits or in words (一号线)', () => {
    const index = createAnswerIndex([...corpus, line35, line701])
    expect(index.search('701路晚上末班车是几点', { k: 1 }).map(h => h.id)).toEqual(['line-701'])
    expect(index.search('35路晚上末班车几点', { k: 1 }).map(h => h.id)).toEqual(['line-35'])
    const metro = { id: 'metro-1', subject: '咨询城乡一号线末班车时间', text: '城乡一号线晚上几点停运？', reply: '城乡一号线末班车21:30发车。' }
    expect(
      createAnswerIndex([...corpus, metro])
        .search('城乡1号线末班车几点', { k: 1 })
        .map(h => h.id),
    ).toEqual(['metro-1'])
  })

  test('is asked in riders’ words and answered in the operator’s (最晚一班 is 末班车, 多久一班 the 发车间隔)', () => {
    const line406 = {
      id: 'line-406',
      subject: '希望多来几辆406公交车',
      text: '406路半个小时都等不到一辆，上班族太不方便了。',
      reply: '网友您好！406路高峰时段发车间隔为5分钟，平峰时段6至8分钟，公司将加强调度。',
    }
    const line128 = {
      id: 'line-128',
      subject: '请求延长128路公交车运营时间',
      text: '128路公交车晚上七点就没车了，希望延长。',
      reply: '网友您好！128路末班车为19:00，公司将根据客流考虑延长收班时间。',
    }
    const index = createAnswerIndex([...corpus, line406, line128])
    expect(index.inspect('406路高峰期多久一班？老是等半天', 1)[0]).toMatchObject({ id: 'line-406' })
    expect(index.inspect('406路高峰期多久一班？老是等半天', 1)[0].missingWords).not.toContain('高峰期')
    expect(index.inspect('128路最晚一班是几点', 1)[0].missingWords).toEqual([])
    expect(index.inspect('406路正常几分钟来一趟', 1)[0]).toMatchObject({ id: 'line-406', missingWords: [] })
    expect(index.inspect('128路收班能不能推迟', 1)[0]).toMatchObject({ id: 'line-128', missingWords: [] })
    // A timetable names both ends at once.
    const line35 = { id: 'line-35', subject: '反映35路收班早', text: '35路收班太早。', reply: '网友您好！35路首末班时间为6:10、18:00，发车间隔15分钟。' }
    const [timetable] = createAnswerIndex([...corpus, line35]).inspect('35路最早一班和最晚一班是几点', 1)
    expect(timetable).toMatchObject({ id: 'line-35', missingWords: [] })
    // 最早一班 is found in the reply's 首末班.
    expect(timetable.termWeights.find(([word]) => word === '最早一班')?.[2]).toBe(4)
  })
})

describe('residents’ words for what the replies call otherwise', () => {
  const replies: AnsweredMessage[] = [
    { id: 'rent', subject: '咨询租房落户', text: '在A市租房能落户吗？', reply: '网友您好！在本市合法稳定居住并办理房屋租赁登记满一年的，可申请落户。' },
    { id: 'arrears', subject: '咨询医保补缴后报销', text: '医保中断后补缴，什么时候能报销？', reply: '网友您好！中断缴费后补缴的，补缴次月起享受医保待遇。' },
    { id: 'card', subject: '咨询地铁储值卡充值', text: '地铁储值卡怎么充值？', reply: '网友您好！储值卡每次充值不少于10元，卡内余额不超过1000元。' },
  ]
  const index = createAnswerIndex([...corpus, ...replies])
  const lacked = (q: string) => index.inspect(q, 1)[0]?.missingWords

  test('修好 is 修复, 建好 is 建成, 镇里 is 乡镇', () => {
    const works = createAnswerIndex([
      ...corpus,
      { id: 'road', subject: '反映楚府中学宿舍区路面破损', text: '宿舍区的路坑坑洼洼。', reply: '网友您好！该路面修复工程已完成招标，预计月底前完工。' },
      { id: 'park', subject: '希望泉塘社区建公园', text: '泉塘社区没有公园。', reply: '网友您好！泉塘公园已列入计划，预计明年建成开放。' },
      { id: 'rain', subject: '请求人工降雨', text: '旱情严重，请求人工降雨。', reply: '网友您好！人工增雨作业由县气象局统一组织，乡镇不能自行实施。' },
    ])
    expect(works.inspect('楚府中学宿舍那条路啥时候能修好', 1)[0].missingWords).not.toContain('修好')
    expect(works.inspect('泉塘公园啥时候能建好', 1)[0].missingWords).not.toContain('建好')
    expect(works.inspect('镇里能不能自己搞人工降雨', 1)[0].missingWords).not.toContain('镇里')
  })

  test('掉 is 丢失, 不让 is 禁止, 白天 is 日间; 县里 and 马上 only say where and when', () => {
    const more = createAnswerIndex([
      ...corpus,
      { id: 'id-card', subject: '咨询身份证挂失', text: '身份证丢了怎么挂失？', reply: '网友您好！居民身份证丢失的，可由本人或家属到派出所申报挂失。' },
      {
        id: 'trucks',
        subject: '咨询K4县货车日间禁行',
        text: '为什么货车日间不能进城？',
        reply: '网友您好！根据县交警大队通告，载货汽车日间禁止驶入城区主干道。',
      },
    ])
    expect(more.inspect('身份证掉了可以叫家里人帮我去挂失不', 1)[0].missingWords).not.toContain('掉')
    const trucks = more.inspect('白天货车不让进县城，依据啥规定', 1)[0]
    expect(trucks.missingWords).not.toContain('白天')
    expect(trucks.missingWords).not.toContain('不让')
    expect(more.inspect('县里有没有限价房', 1)[0].termWeights.map(([word]) => word)).not.toContain('县里')
  })

  test('冒烟 is 浓烟, 味道 is 异味, 搬走 is 搬迁, 天旱 is 干旱, 名额 is 指标, 换新证 is 换证', () => {
    const more = createAnswerIndex([
      ...corpus,
      {
        id: 'crematorium',
        subject: '请求搬迁N市殡仪馆',
        text: '殡仪馆离居民区太近。',
        reply: '网友您好！殡仪馆已启用尾气处理系统，不再产生浓烟和异味；搬迁选址正在论证。',
      },
      { id: 'drought', subject: '请求人工增雨', text: '连日干旱。', reply: '网友您好！干旱期间人工增雨由县气象局统一安排。' },
      { id: 'driving-test', subject: '投诉科目三预约难', text: '科目三考试太难预约。', reply: '网友您好！科目三考试预约指标已增加至500人。' },
      { id: 'licence', subject: '咨询异地驾照到期', text: '外地驾照到期怎么办？', reply: '网友您好！驾驶证到期可到本市任一车管所办理换证。' },
    ])
    expect(more.inspect('N市殡仪馆冒烟有味道，能不能搬走', 1)[0].missingWords).toEqual([])
    expect(more.inspect('天旱了能不能搞人工降雨', 1)[0].missingWords).toEqual([])
    expect(more.inspect('科目三考试名额太少了', 1)[0].missingWords).toEqual([])
    expect(more.inspect('外地驾照到期了在本市能换新证吗', 1)[0].missingWords).not.toContain('换新')
  })

  test('考驾照 is 申领驾驶证, 住的城市 is 异地 for the office, 到期 is 过期, 乳腺癌 is one of the 两癌', () => {
    const more = createAnswerIndex([
      ...corpus,
      {
        id: 'licence',
        subject: '咨询外地人员报考驾校',
        text: '外地人怎么报考驾校？',
        reply: '网友您好！暂未领到居住证的人员申领机动车驾驶证时，可凭居住登记凭证办理。',
      },
      { id: 'inspection', subject: '咨询小型汽车异地年检', text: '外地车怎么年检？', reply: '网友您好！小型汽车可以异地年检，各检测站均可办理。' },
      { id: 'id-card', subject: '咨询身份证换领', text: '身份证怎么换？', reply: '网友您好！身份证过期换领可到政务服务中心办理，现场有拍照设备。' },
      { id: 'screening', subject: '咨询两癌免费检查', text: '两癌检查怎么做？', reply: '网友您好！两癌检查对象为本地农村户籍35岁至64岁的妇女。' },
    ])
    expect(more.inspect('居住证还没拿到，能先考驾照吗', 1)[0].missingWords).not.toContain('考驾照')
    expect(more.inspect('外地的小车能在现在住的城市年检吗', 1)[0].missingWords).not.toContain('城市')
    expect(more.inspect('身份证到期了去哪换领', 1)[0]).toMatchObject({ id: 'id-card', missingWords: [] })
    expect(more.inspect('免费检查乳腺癌宫颈癌，什么年龄段可以查', 1)[0].missingWords).toEqual([])
  })

  test('租房子 is 租赁, 补齐 is 补缴, 卡里 is 卡内, 间断 is 中断, 改名 is 变更姓名', () => {
    expect(lacked('租房子住满一年能落户吗')).not.toContain('租房子')
    expect(lacked('医保断了几年刚补齐，什么时候能报销')).not.toContain('补齐')
    expect(lacked('地铁储值卡卡里最多能存多少钱')).not.toContain('卡里')
    expect(lacked('医保间断了补缴后什么时候能报销')).not.toContain('间断')
    const more = createAnswerIndex([
      ...corpus,
      { id: 'name', subject: '咨询成年人变更姓名', text: '成年人能换个名字吗？', reply: '网友您好！成年人变更姓名须有正当理由，到户籍所在地派出所申请。' },
    ])
    expect(more.inspect('成年人去派出所改名', 1)[0]).toMatchObject({ id: 'name', missingWords: [] })
  })

  test('香港澳门 is 港澳, 甩竿 is 垂钓, 普高 is 普通高中, 新盖 is 新建, 猪棚 is 猪舍, 大雪 is 雪灾, 烧叶子 is 焚烧', () => {
    const more = createAnswerIndex([
      ...corpus,
      {
        id: 'permit',
        subject: '咨询港澳通行证办理',
        text: '港澳通行证在哪办？',
        reply: '网友您好！港澳通行证可到县城关派出所办理，办理时间为星期一至星期五。',
      },
      { id: 'fishing', subject: '希望规划钓鱼区域', text: '湖边能不能钓鱼？', reply: '网友您好！泉水桥至锦江宾馆段划定为垂钓区域，须办理垂钓证。' },
      { id: 'school', subject: '咨询城区高中建设', text: '城区高中不够。', reply: '网友您好！拟在东十路以东地块新建一所普通高中，正在进行前期工作。' },
      { id: 'snow', subject: '咨询雪灾补贴', text: '雪灾有没有补贴？', reply: '网友您好！猪舍受损情况已核灾上报，尚未收到上级救灾资金。' },
      { id: 'smoke', subject: '投诉小区附近焚烧垃圾', text: '晚上有焚烧的味道。', reply: '网友您好！执法人员排查未发现焚烧现象，将加强夜间巡查。' },
    ])
    const permit = more.inspect('去香港澳门的证件在哪办', 1)[0]
    expect(permit.id).toBe('permit')
    expect(permit.missingWords).not.toEqual(expect.arrayContaining(['香港']))
    expect(permit.missingWords).not.toEqual(expect.arrayContaining(['澳门']))
    expect(more.inspect('湖边哪一段能甩竿', 1)[0].missingWords).not.toContain('甩竿')
    expect(more.inspect('城区要新盖一所普高吗', 1)[0]).toMatchObject({ id: 'school', missingWords: [] })
    expect(more.inspect('猪棚被大雪压了有没有补助款', 1)[0].missingWords).not.toEqual(expect.arrayContaining(['猪棚', '大雪']))
    expect(more.inspect('晚上有股烧叶子的烟味', 1)[0].missingWords).not.toContain('烧叶子')
  })

  test('修通 is 通车, 口子 is 路口, 水龙头 is 供水, 上门女婿 is 入赘, 落到 is 落户, 启用 is 投入营运, 空地 is 地块, 防盗栏 is 护栏', () => {
    const more = createAnswerIndex([
      ...corpus,
      { id: 'road', subject: '咨询金富北城外道路', text: '小区外的路什么时候通？', reply: '网友您好！金富北城外三条道路预计年底建成通车。' },
      { id: 'junction', subject: '建议佳园路交叉口装信号灯', text: '车速太快。', reply: '网友您好！佳园路交叉口已列入信号灯建设计划。' },
      { id: 'water', subject: '反映F9市供水压力不足', text: '家里没水。', reply: '网友您好！近期用水高峰，供水管网压力不足，正在加压改造。' },
      { id: 'son-in-law', subject: '咨询入赘女婿户口迁入', text: '女婿户口能迁过来吗？', reply: '网友您好！入赘女婿可凭结婚证申请落户女方户籍所在地。' },
    ])
    expect(more.inspect('金富北城外面那几条路啥时候修通', 1)[0]).toMatchObject({ id: 'road' })
    for (const word of ['修通', '修']) expect(more.inspect('金富北城外面那几条路啥时候修通', 1)[0].missingWords).not.toContain(word)
    expect(more.inspect('佳园路那个口子能装红绿灯不', 1)[0].missingWords).not.toContain('口子')
    expect(more.inspect('F9市家里水龙头没水压咋回事', 1)[0].missingWords).not.toContain('水龙头')
    const inLaw = more.inspect('招上门女婿，他户口能落到我这吗', 1)[0]
    expect(inLaw.id).toBe('son-in-law')
    for (const word of ['上门女婿', '上门', '落到']) expect(inLaw.missingWords).not.toContain(word)
    const station = createAnswerIndex([
      ...corpus,
      {
        id: 'station',
        subject: '关于红仑汽车站的咨询',
        text: '汽车站建好了没开。',
        reply: '网友您好！红仑汽车站配套设施尚未建成，暂不具备投入营运使用的条件。',
      },
    ])
    expect(station.inspect('红仑汽车站为什么一直不启用', 1)[0].missingWords).not.toContain('启用')
    const land = createAnswerIndex([
      ...corpus,
      { id: 'plot', subject: '反映南郊公园旁绿地违规建设', text: '绿地被毁。', reply: '网友您好！该地块为南湖新城公司红线范围，已规划为绿化用地。' },
    ])
    expect(land.inspect('南郊公园旁边那块空地在搞什么', 1)[0].missingWords).not.toContain('空地')
    const rail = createAnswerIndex([
      ...corpus,
      { id: 'rail', subject: '投诉燕兴华城违规搭建', text: '有人违规搭建。', reply: '网友您好！燕兴华城302违规搭建不锈钢护栏，城管已责令拆除。' },
    ])
    expect(rail.inspect('燕兴华城有户人家把防盗栏往外伸了快一米', 1)[0].missingWords).not.toContain('防盗')
  })

  test('规矩 is 规定, 出国 is 出入境, 开门 is 办公, 星期六 is 周末, 推车 and 盒饭 are 流动摊贩 and 快餐, 赌钱 is 赌博, 房顶 is 屋顶, 名额 is 学位', () => {
    const more = createAnswerIndex([
      ...corpus,
      { id: 'dogs', subject: '希望H市出台养犬管理规定', text: '遛狗不拴绳。', reply: '网友您好！《H市城市养犬管理规定》已经市政府常务会议审议通过，将于明年施行。' },
      { id: 'visa', subject: '咨询H市出入境大厅办公时间', text: '上班没空去办。', reply: '网友您好！H市出入境接待大厅周末正常办公，上午9:00至下午5:00。' },
      { id: 'stalls', subject: '反映H1区工地旁流动摊贩', text: '卫生差。', reply: '网友您好！城管已对工地周边流动摊贩和快餐摊点进行整治。' },
      { id: 'gambling', subject: '举报H市雅苑旁赌博机', text: '有人天天去。', reply: '网友您好！公安机关已查处雅苑旁两家店内的赌博机，两家店已关停。' },
      { id: 'roof', subject: '反映H村小学屋顶受损', text: '学生怎么办。', reply: '网友您好！H村小学屋顶受损后，学生已安排到村部临时教学。' },
      { id: 'places', subject: '咨询H2区城区学位', text: '孩子读书难。', reply: '网友您好！H2区今年城区新增学位2000个。' },
      // Elsewhere the library uses the residents' words themselves, so they are not read as unknown words' pieces.
      { id: 'words', subject: '咨询K市政策', text: '规矩、出国、开门、星期六、推车、盒饭、赌钱、游戏机、房顶和名额的事。', reply: '网友您好！请咨询K市有关部门。' },
    ])
    const lacks = (q: string, id: string) => more.inspect(q, 5).find(e => e.id === id)!.missingWords
    expect(lacks('H市到底有没有出养狗的规矩', 'dogs')).not.toContain('规矩')
    for (const word of ['出国', '星期六', '开门']) expect(lacks('H市办出国证件的大厅星期六开不开门', 'visa')).not.toContain(word)
    for (const word of ['推车', '盒饭']) expect(lacks('H1区工地门口推车卖盒饭的有人管吗', 'stalls')).not.toContain(word)
    for (const word of ['赌钱', '游戏机']) expect(lacks('H市雅苑那两家赌钱的游戏机店关了没有', 'gambling')).not.toContain(word)
    expect(lacks('H村小学房顶被风掀了孩子去哪上课', 'roof')).not.toContain('房顶')
    expect(lacks('H2区城区新增多少上学名额', 'places')).not.toContain('名额')
  })

  test('烧烤店 is 烧烤摊, 自由职业者 is 灵活就业, 公交车 is 公交, 顶上 is 楼顶', () => {
    const more = createAnswerIndex([
      ...corpus,
      { id: 'bbq', subject: '反映H3区雅园烧烤摊油烟', text: '晚上很吵。', reply: '网友您好！雅园烧烤摊已归店经营，并安装油烟净化设备。' },
      { id: 'flexible', subject: '咨询H市灵活就业人员参保', text: '没有单位。', reply: '网友您好！灵活就业人员可持身份证到社保窗口办理参保登记。' },
      { id: 'bus', subject: '建议H市枫林路开通公交', text: '出行不便。', reply: '网友您好！枫林路建成后将优化公交线路，方便居民出行。' },
      { id: 'roof', subject: '举报H4区办公楼楼顶违建', text: '加了一层。', reply: '网友您好！经查，H4区办公楼楼顶为防水隔热层，不属于违建。' },
      // Elsewhere the library uses the residents' words themselves, so they are not read as unknown words' pieces.
      { id: 'words', subject: '咨询K市政策', text: '烧烤店、自由职业者、公交车和屋子顶上的事。', reply: '网友您好！请咨询K市有关部门。' },
    ])
    const lacks = (q: string, id: string) => more.inspect(q, 5).find(e => e.id === id)!.missingWords
    expect(lacks('H3区雅园楼下的烧烤店还在外面摆吗', 'bbq')).not.toContain('烧烤店')
    expect(lacks('H市自由职业者怎么交社保', 'flexible')).not.toContain('自由职业者')
    expect(lacks('H市枫林路以后会不会开公交车', 'bus')).not.toContain('公交车')
    expect(lacks('H4区办公楼顶上是不是违建', 'roof')).not.toContain('顶上')
  })
})

describe('words the segmenter runs together', () => {
  const index = createAnswerIndex(corpus)
  const words = (q: string) => index.inspect(q, 1)[0]?.termWeights.map(([word]) => word) ?? []

  test('a character glued to a function character is the character (车要 is 车)', () => {
    expect(words('家里的车要报废了，国家还给补贴吗？')).toEqual(expect.arrayContaining(['车', '报废', '补贴']))
    expect(words('家里的车要报废了，国家还给补贴吗？')).not.toContain('车要')
  })

  test('a coded county’s town is the county (K7县城没水 is K7 | 没水), 城乡居民 stays a word, and 最后 (in the end) says nothing of what is asked', () => {
    const asked = words('K7县城没水那几天，最后到底是哪天恢复的')
    expect(asked).toEqual(expect.arrayContaining(['k7', '没水', '恢复']))
    for (const junk of ['城没', '最后']) expect(asked).not.toContain(junk)
    expect(words('A8县城乡居民医保一年交多少')).toContain('城乡居民')
  })

  test('住 before where a resident lives is not glued to the place (住星沙筑梦园 is not 住星 | 沙筑); 住房 stays a word', () => {
    const asked = words('住星沙筑梦园小区，坐几路车能到市区')
    for (const junk of ['住星', '沙筑']) expect(asked).not.toContain(junk)
    expect(words('住房公积金能不能取出来交物业费')).not.toContain('房公积金')
  })

  test('弄, 的话 and 一共 say nothing of what is asked', () => {
    expect(words('社保卡弄丢了，去哪里补？')).not.toContain('弄')
    expect(words('产假一共有多少天，难产的话能多休几天？')).not.toEqual(expect.arrayContaining(['一共']))
    expect(words('产假一共有多少天，难产的话能多休几天？')).not.toContain('的话')
  })

  test('那座, 那年, 早就, 好久, 到时候, 我该 point or hedge without saying what is asked', () => {
    const asked = words('老板早就找不到了，那座桥那年就说要修，等了好久，到时候我该找谁')
    expect(asked).toEqual(expect.arrayContaining(['老板', '桥']))
    for (const hedge of ['那座', '那年', '早就', '好久', '到时候', '我该']) expect(asked).not.toContain(hedge)
  })

  test('准备, 左右, 哪年, 走 (流程咋走), 每月 and 一年 plan, round off or ask; 哪些东西 to bring are the papers; 结婚 leave is 婚假', () => {
    const asked = words('政府准备在哪里新建菜市场，哪年建，晚上十点左右还开吗')
    expect(asked).toContain('菜市场')
    for (const filler of ['准备', '左右', '哪年']) expect(asked).not.toContain(filler)
    const procedure = words('家里困难想申请低保，流程咋走，每月能领多少，一年能领几次')
    expect(procedure).toEqual(expect.arrayContaining(['低保', '流程']))
    for (const filler of ['走', '每月', '一年']) expect(procedure).not.toContain(filler)
    const more = createAnswerIndex([
      ...corpus,
      {
        id: 'settle',
        subject: '咨询大专毕业生落户',
        text: '大专毕业怎么落户？',
        reply: '网友您好！大专毕业生落户需提供毕业证、劳动合同和社保缴纳证明等材料。',
      },
      { id: 'dogs', subject: '投诉小区遛狗不拴绳', text: '小区遛狗不拴绳。', reply: '网友您好！依据养犬管理办法，携犬出户应当束犬链，由成年人牵引。' },
      { id: 'bumps', subject: '请求在睿城小区门前设减速带', text: '门前交通事故多。', reply: '网友您好！交警部门将在睿城小区门前路段设置减速带。' },
    ])
    expect(more.inspect('大专毕业想落户，要准备哪些东西', 1)[0]).toMatchObject({ id: 'settle', missingWords: [] })
    expect(more.inspect('好多人牵狗不拴绳', 1)[0]).toMatchObject({ id: 'dogs', missingWords: [] })
    expect(more.inspect('睿城小区门前能加几道减速的坎吗', 1)[0].missingWords).not.toContain('坎')
    const leave = createAnswerIndex([
      ...corpus,
      { id: 'leave', subject: '咨询婚假天数', text: '婚假可以休几天？', reply: '网友您好！婚假天数3天，晚婚者增加婚假12天。' },
    ])
    expect(leave.inspect('结婚的话婚假能休几天', 1)[0]).toMatchObject({ id: 'leave', missingWords: [] })
  })

  test('那块, 那段, 那家, 这些 point at what is asked without saying what it is', () => {
    const asked = words('星城国际西边那块荒了好多年的地，那段路和这些店面以后规划干嘛用')
    expect(asked).toEqual(expect.arrayContaining(['星城', '国际', '规划']))
    for (const pointer of ['那块', '那段', '这些']) expect(asked).not.toContain(pointer)
    expect(words('殡仪车收的那些钱哪些是政府补的')).not.toContain('那些')
  })

  test('满足 asks for the conditions without naming them', () => {
    expect(words('外地人在A市打工，娃想在这边上小学要满足啥条件？')).not.toContain('满足')
    expect(words('外地人在A市打工，娃想在这边上小学要满足啥条件？')).toEqual(expect.arrayContaining(['打工', '小学', '条件']))
  })

  test('a coded city or county ends where its 市, 县 or 区 does (A市到楚江 is A市 | 到楚江, not 市到)', () => {
    const asked = words('A市到楚江古镇的旅游巴士票价多少？')
    expect(asked).toEqual(expect.arrayContaining(['古镇', '旅游', '巴士', '票价']))
    expect(asked).not.toContain('市到')
    expect(words('J11市买的二手房过户要多久')).not.toContain('市买')
    expect(words('在B市考了个中级工证书，能领多少补贴')).not.toContain('市考')
  })
})

describe('a word the library knows only in part', () => {
  const index = createAnswerIndex([
    { id: 'lamp', subject: '小区路灯坏了找谁修', text: '小区路灯坏了好几天。', reply: '小区内的路灯由物业负责维修。' },
    { id: 'school', subject: '孩子上小学报名要带什么材料', text: '孩子明年上小学，报名要准备哪些材料？', reply: '报名需携带户口簿和房产证明。' },
  ])

  test('is named when its head (费, 证, 卡 …) is what no message holds: 物业费 is not 物业', () => {
    expect(index.inspect('物业费', 1)[0].partlyKnown).toEqual(['物业费'])
    expect(index.inspect('物业', 1)[0].partlyKnown).toEqual([])
  })

  test('is not, when what is missing is no such head', () => {
    expect(index.inspect('孩子上学要什么材料', 1)[0].partlyKnown).toEqual([])
  })
})

describe('a count asked with 几', () => {
  const index = createAnswerIndex([
    ...corpus,
    {
      id: 'teacher-cert',
      subject: '咨询教师资格认定的时间',
      text: '想问一下教师资格认定每年什么时候开始受理？',
      reply: '网友您好！我市教师资格认定每年春季3月、秋季9月各受理一次，具体以市教育局公告为准。',
    },
  ])

  test('only asks: the reply states the month, never 几月', () => {
    const [best] = index.inspect('教师资格认定一年有几次，大概几月份开始', 1)
    expect(best.id).toBe('teacher-cert')
    expect(best.termWeights.map(([word]) => word).filter(word => word.startsWith('几'))).toEqual([])
  })

  test('几乎 is not a count', () => {
    const [best] = index.inspect('教师资格认定几乎没人受理', 1)
    expect(best.termWeights.map(([word]) => word)).toContain('几乎')
  })
})

describe('a reply that only says the message was passed on', () => {
  const passedOn: AnsweredMessage = {
    id: 'passed-on',
    subject: '咨询新城区农贸市场什么时候开业',
    text: '新城区农贸市场建好很久了，请问什么时候开业？',
    reply: '网友：您好！您的留言已收悉。关于您反映的问题，已转市商务局调查处理，如有相关情况将及时反馈，谢谢！2019年5月31日',
  }
  const answered: AnsweredMessage = {
    id: 'answered',
    subject: '咨询水竹湖公园什么时候动工建设',
    text: '水竹湖公园规划了很多年，请问什么时候动工建设？',
    reply: '网友你好！据有关单位反馈，水竹湖公园2019年暂无建设计划，感谢对我们工作的关心！2019年1月21日',
  }
  const index = createAnswerIndex([...corpus, passedOn, answered])

  test('is told from a reply that says something, however short', () => {
    expect(passesOnOnly(passedOn.reply)).toBe(true)
    expect(passesOnOnly('您好！您反映的问题已转交县住建局核实、办复。')).toBe(true)
    expect(passesOnOnly(answered.reply)).toBe(false)
    expect(passesOnOnly('您好！你这种情况可以向当地特殊教育学校申请入学。')).toBe(false)
  })

  test('and so is a reply that only sends the resident to ask elsewhere or says nothing is known yet', () => {
    expect(passesOnOnly('网友：你好。你所反映的问题，建议你到组织部咨询。2019年1月21日')).toBe(true)
    expect(passesOnOnly('您好！请你直接向当地林业主管部门咨询，感谢你对林业工作的关注。')).toBe(true)
    // Where it went and nothing else, whatever follows: thanks, a promise, where to follow it.
    expect(passesOnOnly('网友：您好！您所反映的问题已转交D市交通运输局。2018年11月22日')).toBe(true)
    expect(passesOnOnly('网友：您好，您反映的问题已转至L1区，感谢您的问政。2016年11月24日')).toBe(true)
    expect(passesOnOnly('您好！您反映的问题已转交相关部门，现正在积极处理，请耐心等待。')).toBe(true)
    expect(passesOnOnly('您好！您的来帖我部已收悉，已转相关单位。等调查核实后，有处理结果后在另外回复。')).toBe(true)
    expect(
      passesOnOnly(
        '网友：您好，您的留言已转入M市人民政府门户网站书记市长信箱办理，请耐心等待回复。您也可以在M市人民政府门户网站书记市长信箱写信反映您的诉求或查询本条留言的办理进度。',
      ),
    ).toBe(true)
    // Moving an insurance or a school is what was asked, not where the message went.
    expect(passesOnOnly('您好！辞职后需从机关事业单位养老保险转入企业养老保险，缴费年限合并计算。')).toBe(false)
    expect(passesOnOnly('您好！孩子已转入实验小学就读，学籍随迁。')).toBe(false)
    expect(passesOnOnly('您好！资格审查时间目前尚无相关信息，谢谢！')).toBe(true)
    // Where to go and what to bring is an answer.
    expect(passesOnOnly('您好！请您携带户口本和身份证到区政务服务中心社保窗口办理。')).toBe(false)
    expect(passesOnOnly('您好！该路段目前暂无拓宽计划，待片区改造时统筹考虑。')).toBe(false)
  })

  test('while a short reply a worker writes, saying what was done, is an answer, and a library of two answers with it', () => {
    expect(passesOnOnly('已安排维修，三天内修好。')).toBe(false)
    expect(passesOnOnly('可以，带身份证去社区办。')).toBe(false)
    // Courtesy alone is still no answer.
    expect(passesOnOnly('您好！您的留言已收悉。')).toBe(true)
    const small = createAnswerIndex([
      { id: 'lamp', subject: '路灯不亮', text: '小区路灯坏了好几天', reply: '已安排维修，三天内修好。' },
      { id: 'bins', subject: '垃圾清运', text: '垃圾堆放没人清', reply: '已通知环卫每天清运。' },
    ])
    expect(small.search('小区路灯坏了好几天没人修', { k: 3 })[0]?.id).toBe('lamp')
  })

  test('answers no question, however well its message matches', () => {
    const [best] = index.inspect('新城区农贸市场到底什么时候开业', 1)
    expect(best.id).toBe('passed-on')
    expect(best.passesOnOnly).toBe(true)
    expect(index.search('新城区农贸市场到底什么时候开业')).toEqual([])
    expect(index.search('新城区农贸市场到底什么时候开业', { abstain: false })[0].id).toBe('passed-on')
  })

  test('while a greeting before the answer hides none of it', () => {
    expect(index.search('水竹湖公园到底什么时候动工建设')[0]?.id).toBe('answered')
    // 网友你好！据有关单位反馈，水竹湖公园…: the greeting is dropped, the sentence after it kept.
    expect(index.inspect('水竹湖公园到底什么时候动工建设', 1)[0].replyCoverage).toBe(1)
  })
})

describe('a question asking the price of a named fee', () => {
  const index = createAnswerIndex([
    {
      id: 'kindergarten-classes',
      subject: '投诉青苗幼儿园收取兴趣班费用',
      text: '青苗幼儿园每学期另收兴趣班费用，家长负担重。',
      reply: '经核查，青苗幼儿园兴趣班费每学期300元，已责令其退还并停止收取。',
    },
    {
      id: 'kindergarten-fees',
      subject: '咨询桃源幼儿园收费标准',
      text: '桃源幼儿园一学期交多少钱？',
      reply: '桃源幼儿园为普惠性幼儿园，保教费每月800元，伙食费按实收取。',
    },
  ])

  test('is left unanswered by a reply that prices something else about the same place', () => {
    const question = '青苗幼儿园兴趣班费用之外保育费每学期多少'
    const [best] = index.inspect(question, 1)
    expect(best.id).toBe('kindergarten-classes')
    // Sure enough of the place and its charges; the fee asked for is not among them.
    expect(best.score).toBeGreaterThanOrEqual(0.5)
    expect(index.search(question)).toEqual([])
  })

  test('is left unanswered by a reply that prices the place by another unit', () => {
    const water = createAnswerIndex([
      {
        id: 'connection-fee',
        subject: '质疑石桥镇自来水入户收费',
        text: '石桥镇自来水入户每户收费太高。',
        reply: '经核查，石桥镇自来水入户安装费每户收取1200元，符合县物价部门核定标准。',
      },
      {
        id: 'water-price',
        subject: '咨询南湾水厂自来水价格',
        text: '南湾水厂供水以后自来水怎么收费？',
        reply: '南湾水厂居民生活用水价格为每吨2.6元。',
      },
    ])
    const [best] = water.inspect('石桥镇自来水入户收费多少钱一吨', 1)
    expect(best.id).toBe('connection-fee')
    expect(best.score).toBeGreaterThanOrEqual(0.5)
    // The explanation says why: sure of the place, but the reply prices no tonne.
    expect(best.statesAsked).toBe(false)
    expect(water.search('石桥镇自来水入户收费多少钱一吨')).toEqual([])
    // Suggestions a resident reads for themselves may show the reply on the matter all the same.
    expect(water.search('石桥镇自来水入户收费多少钱一吨', { k: 1, askedDetails: false })[0]?.id).toBe('connection-fee')
    expect(water.inspect('南湾水厂自来水价格多少钱一吨', 1)[0].statesAsked).toBe(true)
    expect(water.search('南湾水厂自来水价格多少钱一吨', { k: 1 })[0]?.id).toBe('water-price')
  })

  test('is left unanswered by a reply counting tens of thousands of something other than money (2万立方, 3万户)', () => {
    expect(statesDetail('price', '现有储气总量为2万立方，燃气用户约为2.5万户。')).toBe(false)
    expect(statesDetail('price', '每户补助2万元。')).toBe(true)
    expect(statesDetail('price', '拆迁补偿款共计12万。')).toBe(true)
  })

  test('is left unanswered by a reply that does not price gas by the cubic metre (多少钱一方)', () => {
    const gas = createAnswerIndex([
      {
        id: 'gas-supply',
        subject: '咨询彩虹燃气开户问题',
        text: '彩虹燃气为什么不给新用户开户？',
        reply: '彩虹燃气现有储气站每日供气，暂停新增开户，开户收费按每户2800元标准执行。',
      },
      {
        id: 'gas-price',
        subject: '咨询蓝天燃气价格',
        text: '蓝天燃气天然气价格是多少？',
        reply: '蓝天燃气居民用天然气价格为2.85元/立方米，一方面按阶梯计价……',
      },
    ])
    expect(gas.inspect('彩虹燃气的天然气现在多少钱一方', 1)[0].statesAsked).toBe(false)
    expect(gas.inspect('蓝天燃气的天然气现在多少钱一方', 1)[0].statesAsked).toBe(true)
    expect(gas.inspect('蓝天燃气的天然气多少钱一立方', 1)[0].statesAsked).toBe(true)
  })

  test('is answered by a reply that names the fee with its amount', () => {
    expect(index.search('桃源幼儿园保教费一个月多少', { k: 1 })[0]?.id).toBe('kindergarten-fees')
    // 收费 and 免费 name no fee: such a question asks only whether there is a charge.
    expect(index.search('青苗幼儿园兴趣班收费吗', { k: 1 })[0]?.id).toBe('kindergarten-classes')
  })
})

describe('a question asking which year', () => {
  test('asks for a year (哪年能通车, 哪一年交房), not an annual inspection (在哪年检)', () => {
    for (const q of ['地铁6号线到底哪年能通车', '中茂城预计哪一年能交房']) expect(askedDetails(q)).toEqual(['year'])
    expect(askedDetails('摩托车今年在哪年检')).toEqual([])
  })

  test('is answered by a reply naming a year, and left unanswered by one naming none', () => {
    expect(statesDetail('year', '该校计划2020年秋季开始招生。')).toBe(true)
    expect(statesDetail('year', '项目预计明年底完工。')).toBe(true)
    expect(statesDetail('year', '学林片区近年将新建一所九年一贯制学校，建成后片区学生在该校就读。')).toBe(false)
    const school = createAnswerIndex([
      ...corpus,
      {
        id: 'no-year',
        subject: '反映香江悦府小区中学划片',
        text: '香江悦府的孩子读哪个中学？',
        reply: '网友您好！香江悦府初中目前安排在龙头铺中学就读，片区近年将新建一所九年一贯制学校。2019年5月6日',
      },
    ])
    expect(school.inspect('香江悦府附近新建的九年一贯制学校哪年能开学', 1)[0]).toMatchObject({ id: 'no-year', statesAsked: false })
    expect(school.search('香江悦府附近新建的九年一贯制学校哪年能开学')).toEqual([])
  })
})

describe('a question about a year after the reply was written', () => {
  const park = {
    id: 'park-2019',
    subject: '请问湘湖公园什么时候开工？',
    text: '你好，请问湘湖公园什么时候开工？',
    reply: '网友你好！据有关单位反馈，湘湖公园2019年暂无建设计划，感谢对我们工作的关心！2019年1月21日',
  }

  test('is left unanswered by a message whose years all come before it', () => {
    const index = createAnswerIndex([...corpus, park])
    expect(index.inspect('湘湖公园2020年能开工吗', 1)[0]).toMatchObject({ id: 'park-2019', statesAsked: false })
    expect(index.search('湘湖公园2020年能开工吗')).toEqual([])
    expect(index.search('湘湖公园二〇二〇年能开工吗')).toEqual([])
  })

  test('is answered by a message naming that year, or asked of a year before the reply', () => {
    const planned = { ...park, id: 'park-2020', reply: '网友你好！湘湖公园已列入计划，预计2020年上半年开工。2019年1月21日' }
    expect(createAnswerIndex([...corpus, planned]).search('湘湖公园2020年能开工吗')[0]?.id).toBe('park-2020')
    expect(createAnswerIndex([...corpus, park]).search('湘湖公园2019年能开工吗')[0]?.id).toBe('park-2019')
  })
})

describe('the first candidate', () => {
  test('keeps its place when it answers, though a candidate below holds a word it lacks', () => {
    const index = createAnswerIndex([
      ...corpus,
      {
        id: 'crossing',
        subject: '星沙大道望仙路交汇处过街难',
        text: '星沙大道望仙路路口没有红绿灯，行人过街难。',
        reply: '网友您好！星沙大道望仙路路口将增设人行信号灯，预计下月投入使用。',
      },
      {
        id: 'lake-roads',
        subject: '反映松雅湖周边交通安全',
        text: '松雅湖周边路口车多。',
        reply: '网友您好！交警将在星沙大道、望仙路沿线路口加强管理，装设红绿灯需经论证。',
      },
    ])
    const question = '星沙大道望仙路那个路口没有红绿灯，会装吗'
    const [first, second] = index.inspect(question, 2)
    expect(first.id).toBe('crossing')
    expect(first.missingWords.length).toBeGreaterThan(0)
    expect(second).toMatchObject({ id: 'lake-roads', missingWords: [] })
    expect(index.search(question, { k: 2 }).map(h => h.id)).toEqual(['crossing', 'lake-roads'])
  })
})

describe('a question asking which day or how far', () => {
  test('asks for a day (哪天能通车, 几号报名), not from when something counts (从哪天开始算) or a line (几号线)', () => {
    for (const q of ['莲花桥重建的新桥哪天能通车', '玉潭小学秋季几号报名']) expect(askedDetails(q)).toEqual(['day'])
    for (const q of ['物业费从哪天开始算', '去机场坐几号线']) expect(askedDetails(q)).toEqual([])
  })

  test('asks for a length, a height or an area (离楼房多远, 限高多少米), not how long (多长时间)', () => {
    for (const q of ['垃圾站得离楼房多远', '通道建成后限高多少米']) expect(askedDetails(q)).toEqual(['measure'])
    expect(askedDetails('办证要多长时间')).not.toContain('measure')
  })

  test('is answered by a reply naming a date or a part of a month, or a length, and left unanswered by one naming none', () => {
    expect(statesDetail('day', '新桥计划于10月1日通车。')).toBe(true)
    expect(statesDetail('day', '报名时间为8月下旬。')).toBe(true)
    expect(statesDetail('day', '待永安桥完工通车后，再对莲花桥进行拆除重建。')).toBe(false)
    expect(statesDetail('measure', '垃圾站与居民楼的间距不小于10米。')).toBe(true)
    expect(statesDetail('measure', '垃圾站选址已征求周边居民意见。')).toBe(false)
  })
})

describe('a question asking which day, answered by a date in the reply', () => {
  test('reads the dates of the reply’s body, not the date it was signed', () => {
    const message = {
      id: 'accepted',
      subject: '投诉锦绣花园物业拒绝配合业主交房',
      text: '锦绣花园8栋、9栋到底什么时候竣工验收的？物业强制要求提前收房。',
      reply: '网友：您好！经调查，锦绣花园8栋、9栋2018年8月23日竣工初验合格，2018年11月22日竣工验收合格。2019年5月23日',
    }
    const index = createAnswerIndex([...corpus, message])
    expect(index.search('锦绣花园8到9栋是哪天验收合格的')[0]?.id).toBe('accepted')
    const signedOnly = { ...message, id: 'signed-only', reply: '网友：您好！经调查，锦绣花园8栋、9栋已竣工验收合格，物业将按合同约定办理交房。2019年5月23日' }
    expect(createAnswerIndex([...corpus, signedOnly]).inspect('锦绣花园8到9栋是哪天验收合格的', 1)[0]).toMatchObject({ id: 'signed-only', statesAsked: false })
  })
})

describe('a question asking which month', () => {
  test('asks for a month (几月份交房, 从哪个月开始发), not a day (几月几号) or how long (几个月)', () => {
    for (const q of ['香溪美地二期具体几月份交房', '退休以后养老金从哪个月开始发']) expect(askedDetails(q)).toEqual(['month'])
    expect(askedDetails('几月几号前满六岁才能上一年级')).not.toContain('month')
    expect(askedDetails('补办要几个月')).not.toContain('month')
  })

  test('is answered by a reply naming a month or a part of the year, and left unanswered by one naming only a year', () => {
    expect(statesDetail('month', '养老金从审批退休的次月起开始发放。')).toBe(true)
    expect(statesDetail('month', '该项目预计2020年6月交房。')).toBe(true)
    expect(statesDetail('month', '该项目预计明年下半年交房。')).toBe(true)
    const homes = createAnswerIndex([
      ...corpus,
      {
        id: 'year-only',
        subject: '咨询香溪美地二期交房时间',
        text: '二期什么时候交房？',
        reply: '网友您好！经核实，香溪美地二期预计2020年交房，开发商正在加紧施工。2019年5月6日',
      },
    ])
    expect(homes.inspect('香溪美地二期具体几月份交房', 1)[0]).toMatchObject({ id: 'year-only', statesAsked: false })
    expect(homes.search('香溪美地二期具体几月份交房')).toEqual([])
  })
})

describe('details stated in the forms replies write them', () => {
  test('a fine in financial numerals, a length in km, a wait of 15日之内, marks off as a share', () => {
    expect(statesDetail('price', '作出如下行政处罚：给予贰仟圆行政处罚。')).toBe(true)
    expect(statesDetail('measure', '一期拓宽航电大道至丁字镇段，全长约5.5km。')).toBe(true)
    expect(statesDetail('how long', '开发商承诺15日之内退还全部款项。')).toBe(true)
    expect(statesDetail('score', '中考时按照录取分值10%的标准，降低分数录取。')).toBe(true)
    expect(statesDetail('score', '招生计划增加10%。')).toBe(false)
  })

  test('哪几个月 asks which months, not how long; a number to print on a card is no number asked', () => {
    expect(askedDetails('G市禁渔期是哪几个月')).toEqual(['month'])
    expect(askedDetails('补办要几个月')).toEqual(['how long'])
    expect(askedDetails('小升初分班考试一般考哪几门？')).toEqual(['how long'])
    expect(askedDetails('老人免费坐公交的卡上能不能印上家里人电话')).toEqual([])
    expect(askedDetails('社保局的电话是多少')).toEqual(['phone number'])
  })
})

describe('a question asking which buses go there', () => {
  test('asks for lines (坐哪几路车, 有哪些线路), not a stop announcing them (报下几路车) or a crossing (哪路口)', () => {
    for (const q of ['筑梦园小区去市区坐哪几路车', '汽车北站开通后有哪些线路']) expect(askedDetails(q)).toEqual(['bus line'])
    for (const q of ['公交进站能不能报下几路车', '五一路哪路口能掉头']) expect(askedDetails(q)).toEqual([])
  })

  test('is answered by a reply naming lines, and left unanswered by one naming none', () => {
    expect(statesDetail('bus line', '现有星204路、808路途经该小区。')).toBe(true)
    expect(statesDetail('bus line', '汽车北站已于今年启用，站内设有售票厅和候车室。')).toBe(false)
  })
})

describe('a question asking when something happens', () => {
  const metro = createAnswerIndex([
    ...corpus,
    {
      id: 'extension-works',
      subject: '咨询地铁4号线北延线什么时候动工',
      text: '4号线北延线什么时候招标动工？',
      reply: '网友您好！根据建设规划批复，4号线北延线预计2018年动工。',
    },
    {
      id: 'school-pending',
      subject: '咨询翡翠华庭配套幼儿园',
      text: '翡翠华庭配套幼儿园什么时候开学？',
      reply: '网友您好！配套幼儿园何时移交取决于建设进度，待开发商建成后依程序办理。',
    },
  ])

  test('is left unanswered by a reply on another stage of the matter (动工 for 通车)', () => {
    expect(metro.inspect('4号线北延线什么时候能通车', 1)[0]).toMatchObject({ id: 'extension-works', statesAsked: false })
    expect(metro.search('4号线北延线什么时候能通车')).toEqual([])
    expect(metro.search('4号线北延线什么时候动工', { k: 1 })[0]?.id).toBe('extension-works')
  })

  test('is answered by a reply speaking of the event in other words or a stage it waits for (建成 for 开学)', () => {
    expect(metro.inspect('翡翠华庭的配套幼儿园啥时候能开学', 1)[0]).toMatchObject({ id: 'school-pending', statesAsked: true })
  })
})

describe('a question asking how long or how often', () => {
  const index = createAnswerIndex([
    {
      id: 'school-admission',
      subject: '咨询明德小学入学问题',
      text: '在明德小学片区买了房，孩子今年能入学吗？',
      reply: '您好！如在明德小学招生范围内有房且已入住，孩子2019年9月起可就读一年级。',
    },
    {
      id: 'card-replacement',
      subject: '咨询社保卡补办',
      text: '社保卡丢了，补办流程是怎样的？',
      reply: '社保卡遗失后请先电话挂失，再持身份证到合作银行网点申请补办，10个工作日内制卡完成。',
    },
  ])

  test('is asked by its asking forms, not by telling how long it has been', () => {
    for (const q of ['补办社保卡要多久', '护照几个工作日能拿到', '普通话一年考几次', '明德小学今年招几个班']) expect(askedDetails(q)).toEqual(['how long'])
    for (const q of ['失业金最多领几个月？', '公积金一年能取几次', '分班考试考哪几门？', '公积金贷款最长能贷多少年？'])
      expect(askedDetails(q)).toEqual(['how long'])
    for (const q of [
      '几个月了还拿不到卡怎么办',
      '路灯坏了好几年了没人修',
      '前几年就交了办证费，到现在都没拿到',
      '这几天就停了三次水，谁管',
      '公路刚加宽没多久路基就塌了，有人查过没',
      '社保交了多少年，退休金怎么算',
      '我在这个小区住了十几年',
    ])
      expect(askedDetails(q)).toEqual([])
  })

  test('asking how much longer something goes on, or how long until it is done, asks when it ends: a date answers it', () => {
    for (const q of ['地铁施工吵得睡不着，还要搞多久', '工地还要施工多久', '这条路多久才能修好', '多久能通车', '停水十来天了，多久能来水？', '多久能恢复供电'])
      expect(askedDetails(q)).toEqual([])
    const works = createAnswerIndex([
      ...corpus,
      {
        id: 'metro-works',
        subject: '反映地铁3号线星沙站施工噪音扰民',
        text: '地铁3号线星沙站工地每天早上6点就开始施工，噪音很大。',
        reply: '您好！经核实，地铁3号线星沙站主体工程预计2019年6月底完工，已要求施工单位早上7点前不得进行高噪音作业。',
      },
    ])
    expect(works.search('地铁3号线星沙站施工太吵，还要施工多久', { k: 1 })[0]?.id).toBe('metro-works')
  })

  test('is answered only by a reply that states a length of time or a count, not a date or a school year', () => {
    expect(index.search('明德小学今年一年级招几个班', { k: 1, abstain: false })[0]?.id).toBe('school-admission')
    expect(index.search('明德小学今年一年级招几个班')).toEqual([])
    expect(index.search('社保卡丢了补办要多久', { k: 1 })[0]?.id).toBe('card-replacement')
  })
})

describe('a question asking for a phone number', () => {
  const index = createAnswerIndex([
    {
      id: 'committee',
      subject: '咨询桂花苑小区业委会成立情况',
      text: '桂花苑小区业委会成立了没有？',
      reply: '桂花苑小区首届业主大会已于9月6日召开，选举产生了业主委员会。',
    },
    {
      id: 'hotline',
      subject: '咨询燃气抢修电话',
      text: '燃气泄漏应该打什么电话？',
      reply: '发现燃气泄漏请立即关闭阀门，拨打燃气公司24小时抢修热线0731-84000000。',
    },
  ])

  test('is answered only by a reply that gives a number', () => {
    expect(askedDetails('桂花苑业委会有联系电话吗')).toEqual(['phone number'])
    // Telephone lines and calls that were not made ask for no number.
    for (const q of ['农村电话线老化上不了网', '快递到了不打电话通知']) expect(askedDetails(q)).toEqual([])
    // A number to be added to a card or a form is asked for, not a number to call.
    for (const q of ['老年人乘车卡上能不能加个紧急联系电话', '公交卡能不能印个应急联系电话']) expect(askedDetails(q)).toEqual([])
    expect(askedDetails('能不能留个电话')).toEqual(['phone number'])
    expect(index.search('桂花苑小区业委会有联系电话吗', { k: 1, abstain: false })[0]?.id).toBe('committee')
    expect(index.search('桂花苑小区业委会有联系电话吗')).toEqual([])
    expect(index.search('燃气泄漏打哪个电话', { k: 1 })[0]?.id).toBe('hotline')
  })
})

describe('a question asking whether something can be done online', () => {
  const index = createAnswerIndex([
    ...corpus,
    {
      id: 'permit-renewal',
      subject: '咨询居住证续签问题',
      text: '居住证快到期了，续签需要什么材料？',
      reply: '居住证有效期届满前30日内，持本人身份证到居住地派出所办理续签。',
    },
    {
      id: 'gas-online',
      subject: '咨询燃气缴费方式',
      text: '燃气费除了营业厅还能在哪交？',
      reply: '燃气费可通过燃气公司微信公众号或支付宝生活缴费在线缴纳，也可到营业厅缴费。',
    },
  ])

  test('is answered only by a reply that names a way online', () => {
    for (const q of ['居住证能在网上续签吗？', '燃气费可以在手机上交吗', '准生证能不能在网上直接办']) expect(askedDetails(q)).toEqual(['online'])
    // Buying online, or a phone's data, asks nothing about doing it online.
    for (const q of ['网上买的东西坏了，商家不给退怎么办', '我们村宽带啥时候能通，现在只能用手机流量']) expect(askedDetails(q)).toEqual([])
    expect(index.search('居住证快到期了，能在网上续签吗？', { k: 1, abstain: false })[0]?.id).toBe('permit-renewal')
    expect(index.search('居住证快到期了，能在网上续签吗？')).toEqual([])
    expect(index.search('燃气费能在网上交吗', { k: 1 })[0]?.id).toBe('gas-online')
  })
})

describe('a question asking at what time of day', () => {
  const library: AnsweredMessage[] = [
    {
      id: 'bus-route',
      subject: '反映28路公交末班车太早',
      text: '28路公交末班车太早，下晚班赶不上，希望延长。',
      reply: '公交公司将根据28路公交的客流情况研究调整运营安排。',
    },
    {
      id: 'bus-hours',
      subject: '咨询16路公交运营时间',
      text: '16路公交末班车太早，下晚班赶不上。',
      reply: '16路公交首班车6:30发车，末班车已延长至晚上10点。',
    },
  ]
  const index = createAnswerIndex(library)

  test('is answered only by a reply that names a time', () => {
    expect(askedDetails('28路公交末班车是几点')).toEqual(['time of day'])
    // Points, not hours; and working hours named in a complaint.
    for (const q of ['我提几点建议', '反映以下几点问题', '工作人员上班时间玩手机', '28路末班车太早了能不能延长']) expect(askedDetails(q)).toEqual([])
    expect(index.search('28路公交末班车是几点', { k: 1, abstain: false })[0]?.id).toBe('bus-route')
    expect(index.search('28路公交末班车是几点')).toEqual([])
    expect(index.search('16路公交末班车几点', { k: 1 })[0]?.id).toBe('bus-hours')
  })

  test('is answered by a time or a waived charge written in words', () => {
    const words = createAnswerIndex([
      { id: 'library', subject: '咨询东区图书馆开放时间', text: '东区图书馆几点开门？', reply: '东区图书馆每天九点开馆，二十一点闭馆。' },
      { id: 'parking', subject: '咨询西湖公园停车场收费', text: '西湖公园停车场收费吗？', reply: '西湖公园停车场已取消收费。' },
    ])
    expect(words.search('东区图书馆几点开门', { k: 1 })[0]?.id).toBe('library')
    expect(words.search('西湖公园停车场收费吗', { k: 1 })[0]?.id).toBe('parking')
  })
})

describe('a question asking whether a place works on a weekend or a holiday', () => {
  const index = createAnswerIndex([
    {
      id: 'clinic-vaccine',
      subject: '反映桂花社区卫生服务中心接种疫苗排队太久',
      text: '桂花社区卫生服务中心打疫苗要排一上午的队。',
      reply: '桂花社区卫生服务中心已增设接种台，并开通网上预约，按预约时段接种。',
    },
    {
      id: 'registry-hours',
      subject: '咨询婚姻登记处办公时间',
      text: '婚姻登记处平时几点上班？',
      reply: '婚姻登记处周一至周五上午8:30至12:00、下午2:30至5:30办理登记，周六、周日及法定节假日不办理。',
    },
  ])

  test('is answered only by a reply that states its days or hours', () => {
    for (const q of ['桂花社区卫生服务中心周末能打疫苗吗', '婚姻登记处周六上不上班', '车管所周六周日能不能办过户'])
      expect(askedDetails(q)).toEqual(['days open'])
    // Telling what happens at weekends asks nothing.
    for (const q of ['补习班周末还跑到乡镇去办，教育局管不管', '周末带娃去哪里玩比较好']) expect(askedDetails(q)).toEqual([])
    expect(index.search('桂花社区卫生服务中心周末能打疫苗吗', { k: 1, abstain: false })[0]?.id).toBe('clinic-vaccine')
    expect(index.search('桂花社区卫生服务中心周末能打疫苗吗')).toEqual([])
    expect(index.search('婚姻登记处周末上班吗', { k: 1 })[0]?.id).toBe('registry-hours')
  })
})

describe('isInquiry', () => {
  test.each([
    ['咨询住房公积金提取用于租房', true],
    ['请问孩子上小学要准备什么证件', true],
    ['驾驶证到期了在哪里换？', true],
    ['投诉夜市烧烤油烟扰民', false],
    ['反映公交站台破损', false],
    ['举报工地夜间施工，请问有人管吗', false],
  ])('%s → %s', (subject, expected) => {
    expect(isInquiry(subject as string)).toBe(expected)
  })
})

describe('asFaqQuestion', () => {
  test.each([
    ['咨询孩子明年上小学怎么报名', '孩子明年上小学怎么报名？'],
    ['请问：小学一年级新生在哪里报名', '小学一年级新生在哪里报名？'],
    ['关于J11市农村医保问题的咨询', 'J11市农村医保问题'],
    ['咨询关于公积金提取的问题', '公积金提取的问题'],
    ['垃圾几点可以扔？', '垃圾几点可以扔？'],
    ['电动车能不能在楼道充电。', '电动车能不能在楼道充电？'],
    ['请问', '请问'],
  ])('%s → %s', (subject, question) => {
    expect(asFaqQuestion(subject)).toBe(question)
  })
})

describe('groupRecurringQuestions', () => {
  test('questions asking the same thing are grouped, unrelated ones are not', () => {
    const asked = [
      { id: 'x1', subject: '咨询公积金租房提取', text: '没有买房，公积金能不能提取出来付房租？', reply: '无房职工可提取公积金支付房租，每年一次。' },
      { id: 'x2', subject: '租房能提取公积金吗', text: '一直租房，请问公积金能否提取交房租？', reply: '无自有住房的可以申请提取住房公积金支付房租。' },
      { id: 'x3', subject: '请问公积金租房提取要什么材料', text: '想提取公积金交房租，需要哪些材料？', reply: '需身份证、租房合同和无房证明。' },
      { id: 'y1', subject: '咨询新生儿医保', text: '孩子刚出生医保多久内办？', reply: '出生九十天内参保缴费即可。' },
    ]
    const index = createAnswerIndex([...asked, ...corpus.filter(c => c.id !== '1')])
    const groups = groupRecurringQuestions(
      index,
      asked.map(a => ({ id: a.id, question: `${a.subject} ${a.text}` })),
    )
    expect(groups).toHaveLength(1)
    expect([...groups[0]].sort()).toEqual(['x1', 'x2', 'x3'])
  })
})

describe('chineseNumeralsToDigits', () => {
  test.each([
    ['四十七岁', '47岁'],
    ['地铁三号线', '地铁3号线'],
    ['两百平的房子', '200平的房子'],
    ['扣了十二分', '扣了12分'],
    ['一中和二胎', '一中和二胎'],
    ['停车费从300涨到500一个月', '停车费从300涨到500一个月'],
    ['养老保险交满十五年了', '养老保险交满15年了'],
    ['晚上十点过后还在施工', '晚上10点过后还在施工'],
    ['老人七十多岁了', '老人70多岁了'],
    ['十月份满六岁', '10月份满6岁'],
    ['十分重要，千万别忘', '十分重要，千万别忘'],
    ['快一点，一户一表，一次', '快一点，一户一表，一次'],
    ['十字路口等了十分钟', '十字路口等了10分钟'],
    ['二〇二〇年能开工吗', '2020年能开工吗'],
    ['二零一九年底', '2019年底'],
    ['一二三四五', '一二三四五'],
  ])('%s → %s', (input, expected) => {
    expect(chineseNumeralsToDigits(input)).toBe(expected)
  })
})

describe('nlp answers command', () => {
  const run = (args: string[], input: string) => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'nlp/cli.ts', ...args], { cwd: root, input, encoding: 'utf8' })
    return {
      code: r.status,
      err: r.stderr,
      lines: r.stdout
        .split('\n')
        .filter(Boolean)
        .map(l => JSON.parse(l)),
    }
  }

  test('one line per question, in order, best first, at most k, empty when unanswered; ids keep their type', () => {
    const input = [
      { id: 'q1', question: '驾照快到期了户口不在这边能换吗' },
      { id: 2, question: '小区里的狗晚上一直叫怎么办' },
      { id: 'q3', question: '孩子上小学要准备什么证件' },
    ]
      .map(x => JSON.stringify(x))
      .join('\n')
    const r = run(['answers', '--corpus', corpusFile, '--k', '2'], input)
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    expect(r.lines.map(l => l.id)).toEqual(['q1', 2, 'q3'])
    expect(r.lines[0].answers[0]).toEqual({ id: 6, score: expect.any(Number) })
    expect(r.lines[0].answers.length).toBeLessThanOrEqual(2)
    expect(r.lines[1]).toEqual({ id: 2, answers: [] })
    expect(r.lines[2].answers[0].id).toBe(5)
    expect(Object.keys(r.lines[0])).toEqual(['id', 'answers'])
  })

  test('a malformed question line is reported with its number and skipped', () => {
    const r = run(['answers', '--corpus', corpusFile], '{"id":"a","question":"孩子上小学要准备什么证件"}\n{"id":"b"}\n')
    expect(r.lines.map(l => l.id)).toEqual(['a'])
    expect(r.err).toMatch(/line 2/)
    expect(r.code).toBe(1)
  })

  test('files saved with a byte-order mark and Windows line ends are read like any other', () => {
    const dir = mkdtempSync(join(tmpdir(), 'answers-bom-'))
    const corpusWithBom = join(dir, 'corpus.jsonl')
    writeFileSync(corpusWithBom, '\uFEFF' + readFileSync(corpusFile, 'utf8').split('\n').join('\r\n'))
    const r = run(
      ['answers', '--corpus', corpusWithBom, '--k', '1'],
      '\uFEFF{"id":"a","question":"驾照快到期了户口不在这边能换吗"}\r\n{"id":"b","question":"孩子上小学要准备什么证件"}\r\n',
    )
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    expect(r.lines.map(l => [l.id, l.answers[0]?.id])).toEqual([
      ['a', 6],
      ['b', 5],
    ])
  })

  test('without --corpus it fails with a message', () => {
    const r = run(['answers'], '')
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/--corpus/)
  })
})

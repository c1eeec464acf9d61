import { createAnswerIndex, synonymsOfPhrases, type AnsweredMessage } from '../../../nlp/answers'

// Replies speak the board's official language; residents ask in their own words.
const library: AnsweredMessage[] = [
  {
    id: 'lift',
    subject: '咨询老旧小区加装电梯补助',
    text: '我们是九十年代的老楼，想问问加装电梯政府有没有补助。',
    reply: '老旧小区既有住宅加装电梯，经本单元业主同意后可向街道申请，财政按每台给予补助。',
  },
  {
    id: 'lift-repair',
    subject: '反映小区电梯经常故障',
    text: '小区电梯经常停运，物业维修不及时，老人上下楼很不方便。',
    reply: '已责成物业公司对电梯进行全面检修，并督促维保单位按时保养。',
  },
  {
    id: 'noise',
    subject: '反映夜宵店噪音扰民',
    text: '楼下夜宵店营业到凌晨三点，音响声音很大。',
    reply: '城管执法队员已到现场核查，对该店噪音扰民行为责令整改，限定营业时间。',
  },
  {
    id: 'fumes',
    subject: '反映夜宵店油烟',
    text: '楼下夜宵店油烟直排，家里窗户都不敢开。',
    reply: '环保部门已要求该店加装油烟净化设施，定期清洗。',
  },
  {
    id: 'student-card',
    subject: '咨询学生公交卡办理',
    text: '孩子读初中，学生公交卡在哪里办理，乘车优惠多少。',
    reply: '中小学生凭学生证到公交集团服务网点办理学生卡，乘车享受半价优惠。',
  },
  {
    id: 'bus-card',
    subject: '咨询公交卡充值网点',
    text: '公交卡在哪里可以充值。',
    reply: '公交卡可在各地铁站及公交集团服务网点充值。',
  },
]

describe('residents’ words and the replies’ words', () => {
  const index = createAnswerIndex(library)

  test('a colloquial phrase the segmenter splits still brings its official form ("装电梯" → "加装电梯")', () => {
    expect(synonymsOfPhrases('老楼想装电梯', ['老楼', '装', '电梯']).get('电梯')).toContain('加装电梯')
    // Only a phrase the question holds counts.
    expect(synonymsOfPhrases('电梯很旧', ['电梯', '旧']).size).toBe(0)
    const [best] = index.search('我家那栋楼想装电梯，找谁', { k: 2, abstain: false })
    expect(best.id).toBe('lift')
  })

  test('"吵得睡不着" finds the reply about 噪音扰民 rather than the one about the same shop’s fumes', () => {
    const [best] = index.search('楼下夜宵店吵得睡不着', { k: 2, abstain: false })
    expect(best.id).toBe('noise')
    const [evidence] = index.inspect('楼下夜宵店吵得睡不着', 1)
    // 睡不着 is nowhere in the library; through 噪音 and 扰民 it points at the reply.
    const sleepless = evidence.termWeights.find(([w]) => w.length > 1 && '睡不着'.includes(w))
    expect(sleepless?.[2]).toBe(4 | 1)
  })

  test('fillers of spoken Chinese (天天, 根本, 这么, 只) are not taken for the matter of the question', () => {
    const [evidence] = index.inspect('楼下夜宵店天天这么吵，根本只能开着窗', 1)
    const words = evidence.termWeights.map(([w]) => w)
    for (const filler of ['天天', '这么', '根本', '只']) expect(words).not.toContain(filler)
    expect(words).toContain('夜宵')
  })

  test('a one-character colloquial word glued to another ("店吵") still brings its official forms', () => {
    const [evidence] = index.inspect('楼下夜宵店吵得睡不着', 1)
    const noisy = evidence.termWeights.find(([w]) => w === '吵')
    expect(noisy?.[2]).toBe(4 | 1)
    expect(evidence.termWeights.map(([w]) => w)).not.toContain('店吵')
  })

  test('two whole words the library lacks are not cut down to a character of them ("装修噪音" does not become "修")', () => {
    const small = createAnswerIndex([
      {
        id: 'pothole',
        subject: '登云路一下雨就积水',
        text: '路面坑坑洼洼，电动车经过很容易摔倒。',
        reply: '已列入道路修补计划，修补前先设置警示标志，并疏通附近的雨水口。',
      },
    ])
    // Not even a loosely related candidate: the reply shares no word of the question.
    expect(small.inspect('装修噪音', 1)).toEqual([])
    expect(small.search('装修噪音', { abstain: false })).toEqual([])
  })

  test('a function character glued to an unknown word is dropped ("卡是" → "卡")', () => {
    const [evidence] = index.inspect('学生卡是半价吗', 1)
    const words = evidence.termWeights.map(([w]) => w)
    expect(words).not.toContain('卡是')
    expect(evidence.id).toBe('student-card')
  })
})

describe('everyday words for opening hours, housing and places', () => {
  const index = createAnswerIndex([
    {
      id: 'library-hours',
      subject: '建议延长区图书馆开放时间',
      text: '区图书馆下午五点闭馆，上班族去不了。',
      reply: '区图书馆自下月起延长开放时间至晚上九点，周末照常开放。',
    },
    { id: 'library-card', subject: '咨询区图书馆借书证办理', text: '区图书馆借书证在哪里办？', reply: '凭身份证到区图书馆总服务台免费办理借书证。' },
    {
      id: 'public-rental',
      subject: '咨询城区无房家庭申请公租房',
      text: '在城区工作，家里没有住房，能否申请公租房？',
      reply: '城区无房家庭及新就业无房职工可向街道申请公共租赁住房，需提供收入证明。',
    },
    { id: 'rental-rent', subject: '咨询公租房租金标准', text: '公租房一个月租金多少？', reply: '公租房租金按同地段市场租金的七成确定。' },
  ])
  const fieldsOf = (question: string, word: string) => index.inspect(question, 1)[0].termWeights.find(([w]) => w === word)?.[2]

  test('"开晚一点", "关门" find the reply that extends the opening hours', () => {
    const question = '区图书馆能不能开晚一点，下班过去就关门了'
    expect(fieldsOf(question, '关门')).toBeGreaterThan(0)
    expect(fieldsOf(question, '晚一点')).toBeGreaterThan(0)
    expect(index.search(question, { k: 1 })[0]?.id).toBe('library-hours')
  })

  test('"城里", "没房" are the replies’ 城区 and 无房', () => {
    const question = '在城里打工没房能申请公租房吗'
    expect(fieldsOf(question, '城里')).toBeGreaterThan(0)
    expect(fieldsOf(question, '没房')).toBeGreaterThan(0)
    expect(index.search(question, { k: 1 })[0]?.id).toBe('public-rental')
  })
})

describe('worn-out lines and pipes', () => {
  const index = createAnswerIndex([
    {
      id: 'pipes',
      subject: '反映老旧小区供水管网破旧',
      text: '小区供水管网是八十年代铺设的，经常爆管停水。',
      reply: '供水公司已将该小区列入年度管网改造计划，更换陈旧管道，改造期间提前公告停水时间。',
    },
    { id: 'bill', subject: '咨询小区水费标准', text: '小区水费每吨多少钱？', reply: '居民生活用水按阶梯水价收费，第一阶梯每吨二元六角。' },
    { id: 'lights', subject: '反映小区路灯不亮', text: '小区路灯坏了半个月没人修。', reply: '街道已安排维修人员更换路灯灯具。' },
  ])

  test('"老化" is what the replies call 陈旧, 破旧 and 改造', () => {
    const question = '我们小区水管老化，隔三岔五就爆'
    const aged = index.inspect(question, 1)[0].termWeights.find(([w]) => w === '老化')
    expect(aged?.[2]).toBeGreaterThan(0)
    expect(index.search(question, { k: 1 })[0]?.id).toBe('pipes')
  })
})

describe('short forms residents type', () => {
  const index = createAnswerIndex([
    {
      id: 'teacher-cert',
      subject: '咨询教师资格认定时间',
      text: '今年通过了考试，什么时候可以申请认定？',
      reply: '教师资格认定每年春季、秋季各开展一次，具体时间以教育局公告为准。',
    },
    {
      id: 'fund',
      subject: '咨询助学资金发放',
      text: '孩子读高中，家庭困难，助学资金什么时候可以申请？',
      reply: '普通高中国家助学金每学期发放一次，由学校统一申请认定后发放。',
    },
    {
      id: 'camera',
      subject: '建议在路口设置电子警察',
      text: '这个路口车辆经常不按信号灯行驶，很危险。',
      reply: '交警部门已将该路口纳入交通技术监控设备建设计划，年内安装电子警察。',
    },
  ])

  test('"教资" is the replies’ 教师资格, not any message holding 教 and 资', () => {
    const question = '教资啥时候可以申请认定'
    const short = index.inspect(question, 1)[0].termWeights.find(([w]) => w === '教资')
    expect(short?.[2]).toBe(1 | 4)
    expect(index.search(question, { k: 1, abstain: false })[0]?.id).toBe('teacher-cert')
  })

  test('"抓拍" is the replies’ 电子警察', () => {
    const caught = index.inspect('路口能不能装个抓拍', 1)[0]
    expect(caught.id).toBe('camera')
    expect(caught.termWeights.find(([w]) => w === '抓拍')?.[2]).toBe(1 | 4)
  })

  test('a listed word whose official forms the library never uses still finds the pieces it does use (缺斤少两 → 缺斤)', () => {
    const market = createAnswerIndex([
      {
        id: 'scales',
        subject: '反映菜市场摊贩卖菜缺斤缺两',
        text: '在菜市场买菜经常缺斤缺两。',
        reply: '市场监管所已在菜市场入口设置公平秤，对缺斤缺两的摊贩依法处罚。',
      },
      { id: 'bikes', subject: '反映共享单车乱停', text: '地铁口共享单车停得满地都是。', reply: '已通知运营企业清理地铁口的共享单车。' },
    ])
    expect(market.search('菜场缺斤少两怎么办', { k: 1 })[0]?.id).toBe('scales')
  })
})

describe('everyday words for meals, medicine, dancing and rubbish', () => {
  const index = createAnswerIndex([
    {
      id: 'meals',
      subject: '老年食堂怎么办理助餐？有没有补贴？',
      text: '',
      reply: '60 周岁以上老人持身份证到社区老年食堂办理助餐卡，80 周岁以上每餐补贴 3 元。',
    },
    { id: 'medicine', subject: '社区卫生服务站能不能预约配药？', text: '', reply: '慢性病患者可在社区卫生服务站预约配药，一次可配一个月用量。' },
    {
      id: 'rubbish',
      subject: '垃圾分类投放点几点开放？',
      text: '',
      reply: '各小区定时定点投放，时间为早上 7:00–9:00、晚上 18:00–20:00。错过时间可投放到误时投放点。',
    },
    { id: 'dancing', subject: '和睦公园广场舞音响太响', text: '每天晚上音响开得很响。', reply: '社区已与舞队协商，晚上八点半前结束，音量调低。' },
  ])

  test.each([
    ['老人吃饭有补贴吗', 'meals'],
    ['社区能开药吗', 'medicine'],
    ['公园跳舞声音大', 'dancing'],
  ])('"%s" is answered by the reply in official words', (question, id) => {
    expect(index.search(question, { k: 1 }).map(h => h.id)).toEqual([id])
  })

  test('扔 is the replies’ 投放: the whole question is held, not only 垃圾 and 几点', () => {
    const [best] = index.inspect('垃圾几点可以扔', 1)
    expect(best.id).toBe('rubbish')
    expect(best.missingWords).toEqual([])
  })
})

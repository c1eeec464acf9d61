import { createClassifier } from '#nlp/classify'
import { defaultTaxonomy, taxonomyUserWords } from '#nlp/taxonomy'
import { createSegmenter } from '#nlp/tokenize'

// The shipped taxonomy, untrained: what a new installation files letters under.
const taxonomy = defaultTaxonomy()
const classifier = createClassifier({ taxonomy })

describe('charging e-bikes where people live (shipped taxonomy)', () => {
  test.each([
    ['no charging point in the estate', { subject: '小区电动车充电难', text: '我们小区几百辆电动车，没有一个充电的地方，大家只能推回家充电。' }, '物业管理'],
    ['asking for charging points', { subject: '小区没有充电桩', text: '现在骑电动车的人越来越多，希望能在车棚装几个充电桩。' }, '物业管理'],
    ['an estate named in the subject', { subject: '阳光水岸电动车没地方充电', text: '电瓶车只能停在外面，晚上充不了电。' }, '物业管理'],
    ['charging in the stairwell', { subject: '楼道里给电瓶车充电', text: '三单元有住户天天晚上在楼道里给电瓶车充电，万一起火整栋楼都跑不掉。' }, '物业管理'],
    ['a cable hung from a window', { subject: '飞线充电太危险', text: '楼上住户从窗户吊电线下来给电动车充电，下雨天也不收。' }, '安全生产与隐患'],
    ['the bike taken up in the lift', { subject: '电瓶车进电梯', text: '有人把电动车推进电梯带回家里充电，邻居都很担心。' }, '安全生产与隐患'],
    ['no subject', { text: '小区电动车乱拉线充电，插线板就放在地上。' }, '安全生产与隐患'],
  ])('%s is filed under 城乡建设, not 交通运输', (_, input, child) => {
    const c = classifier.classify(input)
    expect(c.category).toBe('城乡建设')
    expect(c.path).toEqual(['城乡建设', child])
  })

  test.each([
    ['running a red light', { subject: '电动车闯红灯', text: '路口的电动车经常闯红灯，交警也不管。' }],
    ['riding against the traffic', { subject: '电动车逆行', text: '早高峰电动车在路口逆行，好几次差点撞到人。' }],
    ['registering a plate', { subject: '电动自行车上牌', text: '电动车上牌需要带什么材料？' }],
    ['no helmet, no plate', { subject: '电瓶车不戴头盔', text: '很多骑电瓶车的人不戴头盔也不上牌，交警应该管一管。' }],
  ])('an e-bike on the road (%s) stays under 交通运输', (_, input) => {
    expect(classifier.classify(input).path).toEqual(['交通运输', '交通管理与停车'])
  })

  test('the words about charging stay words of their own for the segmenter', () => {
    const words = taxonomyUserWords(taxonomy)
    for (const w of ['电动车充电', '电瓶车充电', '楼道充电', '飞线充电']) expect(words).not.toContain(w)
    const cut = createSegmenter({ userWords: words }).words('佳苑北门电动车充电')
    expect(cut).toContain('电动车')
    expect(cut).toContain('充电')
  })
})

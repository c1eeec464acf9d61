import { createClassifier } from '#nlp/classify'
import { defaultTaxonomy, taxonomyUserWords } from '#nlp/taxonomy'
import { createSegmenter } from '#nlp/tokenize'

// The shipped taxonomy, untrained: what a new installation files letters under.
const taxonomy = defaultTaxonomy()
const classifier = createClassifier({ taxonomy })

describe('e-bikes and delivery riders breaking traffic rules (shipped taxonomy)', () => {
  test.each([
    ['delivery e-bikes against the traffic', { subject: '外卖电动车逆行', text: '每天中午外卖小哥骑着电动车在路上逆行，好几次差点撞到老人孩子。' }],
    ['e-bikes ridden on the pavement', { subject: '电瓶车在人行道上乱骑', text: '小区门口的人行道上天天有电瓶车乱骑，行人走路都要躲。' }],
    ['riders charging about outside a school', { subject: '外卖小哥横冲直撞', text: '学校门口送外卖的骑车横冲直撞，孩子放学的时候太危险了。' }],
    ['the pavement named first', { subject: '人行道上骑电瓶车的太多了', text: '人行道本来就窄，骑电瓶车的还在上面按喇叭，推着婴儿车都没法走。' }],
    ['the violation named first', { subject: '逆行的外卖电动车没人管吗', text: '人民路上逆行的外卖电动车一辆接一辆，汽车都要躲着走。' }],
    ['hired e-bikes weaving about', { subject: '共享电单车乱窜', text: '晚上好多年轻人骑共享电单车在步行街上乱窜，还带人。' }],
    ['no helmet, a passenger on the back', { subject: '骑电瓶车不戴头盔还载人', text: '每天早上很多人骑电瓶车送孩子，一车载两三个，大人小孩都不戴头盔。' }],
    ['no subject, riding onto the pavement', { text: '外卖车经常骑上人行道，按喇叭催行人让路，外卖小哥为了赶时间什么都不顾。' }],
    ['no subject, running red lights', { text: '解放路口的外卖骑手天天闯红灯，电动车开得飞快，迟早要出事。' }],
  ])('%s is filed under 交通运输', (_, input) => {
    expect(classifier.classify(input).path).toEqual(['交通运输', '交通管理与停车'])
  })

  test.each([
    ['a takeaway kitchen', { subject: '外卖店卫生太差', text: '楼下那家外卖店后厨脏得很，到处是苍蝇，点了外卖吃完拉肚子。' }, ['卫生计生', '食品药品与保健品']],
    [
      'a loose paving stone',
      { subject: '人行道砖松动', text: '中山路人行道砖松动，下雨天一踩就溅一身泥水，老人走路容易摔倒。' },
      ['城乡建设', '市政设施与公共服务'],
    ],
    [
      'charging in the estate',
      { subject: '小区电动车充电难', text: '我们小区几百辆电动车，没有一个充电的地方，大家只能推回家充电。' },
      ['城乡建设', '物业管理'],
    ],
  ])('%s does not move', (_, input, path) => {
    expect(classifier.classify(input).path).toEqual(path)
  })

  test('the words about riding stay words of their own for the segmenter', () => {
    const words = taxonomyUserWords(taxonomy)
    for (const w of ['电动车逆行', '外卖电动车', '电瓶车乱骑', '外卖小哥']) expect(words).not.toContain(w)
    const cut = createSegmenter({ userWords: words }).words('外卖电动车逆行')
    expect(cut).toContain('外卖')
    expect(cut).toContain('电动车')
  })
})

import { createClassifier } from '#nlp/classify'
import { defaultTaxonomy } from '#nlp/taxonomy'

// The shipped taxonomy, untrained: what a new installation files letters under.
const classifier = createClassifier({ taxonomy: defaultTaxonomy() })

describe('charging e-bikes in a residential estate (shipped taxonomy)', () => {
  test.each([
    ['charging in the estate', { subject: '小区电动车充电', text: '小区里没有电动车充电的地方，大家只能把电瓶车推上楼充电。' }, ['城乡建设', '物业管理']],
    ['charging points asked of the estate', { subject: '电动自行车充电桩收费太贵', text: '小区充电桩一度电要两块钱。' }, ['城乡建设', '物业管理']],
    ['a cable hung from a window', { subject: '飞线充电', text: '楼上住户从窗户拉电线下来给电动车充电，很危险。' }, ['城乡建设', '安全生产与隐患']],
    ['charging in the stairwell', { subject: '楼道充电', text: '有人在楼道里给电瓶车充电。' }, ['城乡建设', '安全生产与隐患']],
  ])('%s is filed under 城乡建设, not 交通运输', (_, input, path) => {
    expect(classifier.classify(input).path).toEqual(path)
  })

  test.each([
    ['running a red light', { subject: '电动车闯红灯', text: '电动车在路口闯红灯逆行。' }],
    ['registering a plate', { subject: '电动自行车上牌', text: '电动车上牌需要什么材料？' }],
  ])('an e-bike on the road (%s) stays under 交通运输', (_, input) => {
    expect(classifier.classify(input).path).toEqual(['交通运输', '交通管理与停车'])
  })
})

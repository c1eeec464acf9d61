import { defaultTaxonomy, taxonomyUserWords } from '#nlp/index'
import { createNameLexicon, discoverNames, isNameVariant } from '#nlp/names'

const problemWords = taxonomyUserWords(defaultTaxonomy())

describe('names learned from the subjects', () => {
  const subjects = [
    { subject: '星河左岸消防设施不合格', user: 'a' },
    { subject: '星河左岸墙体开裂', user: 'b' },
    { subject: '投诉星河左岸开发商', user: 'c' },
    { subject: '鼎利宝无法提现', user: 'd' },
    { subject: '鼎利宝理财老板失联', user: 'e' },
    { subject: '新市民安居补贴申请被驳回', user: 'f' },
    { subject: '安居补贴一直没有到账', user: 'g' },
    { subject: '人民路路灯不亮', user: 'h' },
    { subject: '解放路路灯不亮', user: 'i' },
  ]

  test('an estate without a suffix, a bare platform name and a programme are found; a problem shared by two roads is not a name', () => {
    const found = discoverNames(subjects, { problemWords })
    expect(found.map(n => [n.name, n.kind, n.residents])).toEqual([
      ['星河左岸', 'name', 3],
      ['安居补贴', 'programme', 2],
      ['鼎利宝', 'name', 2],
    ])
  })

  test('one resident writing the same subject again does not make a name', () => {
    const lex = createNameLexicon({ problemWords })
    for (let i = 0; i < 5; i++) lex.learn('云栖里交房后墙体开裂', 'same-resident')
    expect(lex.residents('云栖里')).toBe(1)
    expect(lex.inSubject('云栖里交房后墙体开裂')).toBeUndefined()
    lex.learn('云栖里地下室渗水', 'another-resident')
    expect(lex.inSubject('云栖里交房后墙体开裂')).toMatchObject({ name: '云栖里', residents: 2, start: 0 })
  })

  test('a name does not cut through a category keyword, and everyday phrases are not names', () => {
    const lex = createNameLexicon({ problemWords })
    for (const [s, u] of [
      ['枫丹丽舍交房后墙体开裂', 'a'],
      ['枫丹丽舍交房后墙体开裂', 'b'],
      ['请求有关部门尽快处理', 'c'],
      ['请求有关部门尽快处理', 'd'],
    ])
      lex.learn(s, u)
    expect(lex.inSubject('枫丹丽舍交房后墙体开裂')?.name).toBe('枫丹丽舍')
    expect(lex.inSubject('请求有关部门尽快处理')).toBeUndefined()
  })

  test('a letter’s opening is searched for names already learned (three residents)', () => {
    const lex = createNameLexicon({ problemWords })
    for (const [s, u] of [
      ['星河左岸墙体开裂', 'a'],
      ['星河左岸消防问题', 'b'],
    ])
      lex.learn(s, u)
    expect(lex.inText('我们是星河左岸的业主，交房后问题很多。')).toBeUndefined()
    lex.learn('星河左岸业主求助', 'c')
    expect(lex.inText('我们是星河左岸的业主，交房后问题很多。')).toMatchObject({ name: '星河左岸', start: 3 })
  })
})

describe('spellings of one name', () => {
  test('a word left out or two characters swapped is the same name, though no three-character run is shared', () => {
    expect(isNameVariant('东方明珠花园', '东方花园')).toBe(true)
    expect(isNameVariant('东方明珠花园', '东方珠明花园')).toBe(true)
    expect(isNameVariant('锦绣华城二期', '锦绣华城')).toBe(true)
  })

  test('two estates sharing only a beginning, and short names one character apart, stay apart', () => {
    expect(isNameVariant('阳光花园一期', '阳光新城')).toBe(false)
    expect(isNameVariant('阳光花园', '阳光新城')).toBe(false)
    expect(isNameVariant('阳光花园', '阳光家园')).toBe(false)
    expect(isNameVariant('安居补贴', '安居工程')).toBe(false)
    expect(isNameVariant('人才公寓补贴', '人才购房补贴')).toBe(false)
  })
})

describe('programme names whatever the segmenter makes of them', () => {
  // The segmenter cuts 非转农 differently in each subject (县非|转农, 非转|农户|口): the name before the kind word still recurs.
  const subjects = [
    { subject: '咨询A7县非转农政策', user: 'a' },
    { subject: '咨询非转农户口政策', user: 'b' },
    { subject: '咨询A7县非转农户口政策', user: 'c' },
    { subject: '咨询未成年子女非转农政策', user: 'd' },
    { subject: '关于购房补贴的问题', user: 'e' },
    { subject: '关于购房补贴发放', user: 'f' },
  ]
  it('learns the programme named by four residents, once, with no function word before it', () => {
    const found = discoverNames(subjects, { problemWords })
    expect(found.find(n => n.name === '非转农')?.residents).toBe(4)
    expect(found.map(n => n.name)).not.toContain('于购房')
  })
  it('finds it in every subject that names it', () => {
    const lex = createNameLexicon({ problemWords })
    for (const s of subjects) lex.learn(s.subject, s.user)
    expect(subjects.slice(0, 4).map(s => lex.inSubject(s.subject)?.name)).toEqual(['非转农', '非转农', '非转农', '非转农'])
  })
})

describe('the official a letter is addressed to is not what it is about', () => {
  test.each([
    ['恳请胡厅长关注公务员异地调动', '恳请胡厅长过问公务员招考政审'],
    ['致王局长的一封信：小区供水问题', '王局长您好，请关心学校食堂问题'],
    ['请李书记过问拆迁补偿', '李书记请看看我们村的道路'],
  ])('%s / %s', (a, b) => {
    const lex = createNameLexicon({ problemWords })
    lex.learn(a, 'one')
    lex.learn(b, 'two')
    const name = lex.inSubject(a)?.name ?? ''
    expect(name).not.toMatch(/厅长|局长|书记/)
  })
})

describe('stock phrases are not names', () => {
  // Residents with unrelated matters share a set phrase (公平公正, 清清楚楚, 一心一意); the segmenter may tag it as nouns.
  test.each([
    ['请给一个公平公正说法', '恳求省总工会给一个公平公正'],
    ['请求把账目公开得清清楚楚', '要求镇里把补偿算得清清楚楚'],
    ['医生一心一意为病人', '希望干部一心一意为群众'],
  ])('%s / %s', (a, b) => {
    const lex = createNameLexicon({ problemWords })
    lex.learn(a, 'one')
    lex.learn(b, 'two')
    expect(lex.inSubject(a)?.name ?? '').not.toMatch(/公平公正|清清楚楚|一心一意/)
    expect(lex.inSubject(b)?.name ?? '').not.toMatch(/公平公正|清清楚楚|一心一意/)
  })

  test('a name of four different characters is still learned', () => {
    const lex = createNameLexicon({ problemWords })
    lex.learn('云栖左岸交房后墙体开裂', 'one')
    lex.learn('云栖左岸地下室渗水', 'two')
    expect(lex.inSubject('云栖左岸交房后墙体开裂')?.name).toBe('云栖左岸')
  })
})

describe('a longer name may begin like a set phrase', () => {
  test('新城新世界 is learned', () => {
    const lex = createNameLexicon({ problemWords })
    lex.learn('青山新城新世界交房后墙体开裂', 'one')
    lex.learn('青山新城新世界地下室渗水', 'two')
    expect(lex.inSubject('青山新城新世界地下室渗水')?.name).toMatch(/新城新世界$/)
  })
})

import { canonicalPlace, extractPlaces } from '#nlp/places'

const found = (text: string) => extractPlaces(text).map(p => `${p.name}/${p.kind}`)

describe('extractPlaces', () => {
  test.each([
    ['school crossing', '小河小学路口上下学拥堵', ['小河小学路口/crossing', '小河小学/school']],
    ['compound with admin prefix', 'A市A3区杜鹃文苑小区外有检测站', ['杜鹃文苑小区/compound']],
    ['compound extended by 小区', '阳光花园小区门口', ['阳光花园小区/compound']],
    ['new town', '丽发新城附近搅拌站噪音', ['丽发新城/compound']],
    ['road crossing', '福元路与东二环交叉口', ['福元路/road', '东二环交叉口/crossing']],
    ['community', '长征桥社区居民反映', ['长征桥社区/community']],
    ['hospital keeps its town when generic', 'E市中心医院拒绝承担责任', ['E市中心医院/hospital']],
    ['market named after its road', '和平路菜市场垃圾', ['和平路菜市场/market', '和平路/road']],
    ['park', '运河公园的路灯坏了', ['运河公园/park']],
    ['traditional', '小河小學路口擁堵', ['小河小学路口/crossing', '小河小学/school']],
    ['generic words are not places', '这个小区的马路和学校', []],
    ['a bridge is a place', '反映A3区青石大桥超载车辆无人管', ['青石大桥/road']],
    ['a verb before the name is not part of it', '居民反对拆除松风桥建商铺', ['松风桥/road']],
    ['a bare county before 路口 names no place', '关于A7县路口红绿灯时间太短的建议', []],
    ['a year is not part of a school name', '咨询2019年大学毕业生落户政策', []],
    ['a county and one character is that name, not an estate', '咨询A市星城何时有地铁', ['星城/compound']],
    ['a ring road is a road, not an estate named 绕', '咨询A市绕城高速何时通车', ['绕城高速/road']],
    ['a ring road after a county and a stray character', '关于Q2县段环城绿化带建设的咨询', ['环城/road']],
    ['城 before a direction is the town, and a district is a place', '咨询Q2县青林城北新区规划', ['青林城北新区/other']],
    ['a north ring road is a road of its own', '环城北路路灯不亮', ['环城北路/road']],
    ['a road named after an estate is a road', '青林城路口拥堵', ['青林城路口/crossing']],
    ['一下 before a school word is not a name', '想请教一下大学毕业生落户', []],
    ['what a place suffers is not part of its name', '货车超载严重影响青石大桥安全', ['青石大桥/road']],
    ['to protect a place is not part of its name', '保护青石古桥这处古迹', ['青石古桥/road']],
    ['a town named after a bridge is not a bridge', 'Q2区石岭桥镇一家黑作坊排污', []],
    ['a village named after a bay is not an estate', '白沙湾村的道路坑洼', ['白沙湾村/community']],
    ['empty', '', []],
  ])('%s', (_, text, expected) => {
    expect(found(text)).toEqual(expected)
  })

  test.each([
    ['绕城高速', '环城绿化带', '绕城线'],
    ['青林城北新区', '城北新区', '松岭城北新区'],
  ])('spellings of one ring road or one district share a key: %s, %s, %s', (...names) => {
    const keys = names.map(n => extractPlaces(`Q2县${n}建设进度`)[0]?.canonical)
    expect(new Set(keys).size).toBe(1)
    expect(keys[0]).toBeTruthy()
  })

  test('two districts on different sides of the town keep two keys', () => {
    expect(extractPlaces('Q2县城北新区规划')[0].canonical).not.toBe(extractPlaces('Q2县城南新区规划')[0].canonical)
  })

  test('variant names share a canonical form', () => {
    const a = extractPlaces('丽发新城小区')[0]
    const b = extractPlaces('丽发新城')[0]
    expect(a.canonical).toBe(b.canonical)
    expect(canonicalPlace('东二环十字路口', 'crossing')).toBe(canonicalPlace('东二环交叉口', 'crossing'))
  })

  test('gazetteer names and aliases map to one canonical name', () => {
    const gazetteer = [{ name: '长征桥社区', aliases: ['长征桥'], kind: 'community' as const }]
    const ps = extractPlaces('长征桥居民反映路口拥堵', { gazetteer })
    expect(ps[0]).toMatchObject({ name: '长征桥', canonical: '长征桥社区', kind: 'community', start: 0, end: 3 })
  })

  test('a market, park or school named after its community is that place, not the community', () => {
    const gazetteer = [{ name: '和睦社区', aliases: ['和睦新村', '和睦'], kind: 'community' as const }]
    const place = (text: string) => extractPlaces(text, { gazetteer })[0]
    expect(place('和睦菜场缺斤短两')).toMatchObject({ name: '和睦菜场', kind: 'market', canonical: '和睦菜场' })
    expect(place('和睦公园广场舞太吵')).toMatchObject({ name: '和睦公园', kind: 'park' })
    expect(place('和睦小学门口拥堵')).toMatchObject({ name: '和睦小学', kind: 'school' })
    // The community written out, or one of its own names, is still the community.
    expect(place('和睦社区的老年食堂')).toMatchObject({ kind: 'community', canonical: '和睦社区' })
    expect(place('和睦新村垃圾桶满溢')).toMatchObject({ kind: 'community', canonical: '和睦社区' })
    expect(place('和睦附近装修公司拖欠工资')).toMatchObject({ kind: 'community', canonical: '和睦社区' })
  })

  test('spans index the normalised text', () => {
    const [p] = extractPlaces('我家住在翠苑小區，')
    expect(p).toMatchObject({ name: '翠苑小区', start: 4, end: 8 })
  })
})

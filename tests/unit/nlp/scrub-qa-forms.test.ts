import { findPersonalData, scrubPersonalData } from '../../../nlp/scrub'

// Synthetic texts written for the test: none of these people, plates or flats exist.
describe('personal data written in the other ways residents write it', () => {
  test.each([
    ['车牌浙 A 88888天天停在消防通道', '车牌【车牌】天天停在消防通道', 'plate'],
    ['浙 A 88888', '【车牌】', 'plate'],
    ['浙A 8888B占了我的车位', '【车牌】占了我的车位', 'plate'],
    ['那辆浙 A 8888B又停在盲道上', '那辆【车牌】又停在盲道上', 'plate'],
    ['家住长征桥小区18-2-303，楼上漏水', '家住长征桥小区【地址】，楼上漏水', 'address'],
    ['我住在和睦新村5-2-301', '我住在和睦新村【地址】', 'address'],
    ['住在和睦新村5-2-301室，电梯坏了', '住在和睦新村【地址】，电梯坏了', 'address'],
    ['老王（王大明）说楼下天天吵', '【姓名】说楼下天天吵', 'name'],
    ['李阿姨(李秀英)反映楼道堆物', '【姓名】反映楼道堆物', 'name'],
    ['小张（张伟）是楼长', '【姓名】是楼长', 'name'],
    ['住和睦新村5幢2单元301室', '住和睦新村【地址】', 'address'],
    ['家住长征桥小区12栋1单元302，晚上很吵', '家住长征桥小区【地址】，晚上很吵', 'address'],
    // Without an estate the building says little: only the room goes, as before.
    ['住5幢502，电梯坏了', '住5幢【地址】，电梯坏了', 'address'],
    // Without a room the building is where a problem is, not a home: only the unit goes, as before.
    ['住在12栋2单元的居民都反映电梯坏了', '住在12栋【地址】的居民都反映电梯坏了', 'address'],
    // 住宅 is not 住: the flat goes, the building where the leak is stays.
    ['住宅小区5幢2单元301室漏水', '住宅小区5幢【地址】漏水', 'address'],
  ])('%s → %s', (input, expected, kind) => {
    const r = scrubPersonalData(input)
    expect(r.text).toBe(expected)
    expect(r.removed[kind as keyof typeof r.removed]).toBeGreaterThan(0)
  })

  test('the name in brackets is what is found, so it goes wherever else it is written', () => {
    expect(findPersonalData('老王（王大明）说楼下天天吵')).toEqual([{ kind: 'name', text: '王大明' }])
    expect(scrubPersonalData('经核实，王大明已清理楼道。', { names: ['王大明'] }).text).toBe('经核实，【姓名】已清理楼道。')
  })

  test('while places, lines, dates, times and the building where a problem is stay', () => {
    for (const text of [
      '5幢电梯坏了三天',
      '住在12栋的居民都反映电梯坏了',
      '长征桥小区和和睦新村之间的路灯不亮',
      '坐18号线到长征桥站',
      '2019-10-01起施行',
      '每天18:30以后广场舞音乐很吵',
      '浙江省A级景区',
      '老王（物业）说下周修',
      '小区（和睦新村）门口的路灯坏了',
      '文三路与学院路交叉口',
      '按GB 50016-2014执行',
    ])
      expect(scrubPersonalData(text)).toEqual({ text, removed: {} })
  })
})

import { findPersonalData, introducedNames, looksPersonal, officeNumbers, scrubPersonalData } from '../../../nlp/scrub'

// Synthetic texts written for the test: none of these people or numbers exist.
describe('scrubPersonalData', () => {
  test.each([
    ['我叫王小明，住在3栋2单元501室，电话13812345678', ['王小明', '13812345678', '501'], 'name'],
    ['联系电话：0731-88886666，有事请联系', ['88886666'], 'phone'],
    ['手机 138 1234 5678 随时可以打', ['1234 5678'], 'phone'],
    ['+86-13912345678', ['13912345678'], 'phone'],
    ['身份证号430102199001011234，请核实', ['430102199001011234'], 'idNumber'],
    ['车牌湘A12345的车一直占道', ['A12345'], 'plate'],
    ['车号为楚e 98325', ['98325'], 'plate'],
    ['我家在幸福路139号', ['139号'], 'address'],
    ['美景小区a栋803的业主', ['803'], 'address'],
    ['网友“UU0081234”您好！', ['UU0081234'], 'handle'],
    ['信访人胡某明于2003年购得土地', ['胡某明'], 'name'],
    ['请王先生和李女士到社区来', ['王先生', '李女士'], 'name'],
    ['邮箱是someone@example.com', ['someone@example.com'], 'email'],
  ])('%s', (input, gone, kind) => {
    const r = scrubPersonalData(input)
    for (const g of gone) expect(r.text).not.toContain(g)
    expect(r.removed[kind as keyof typeof r.removed]).toBeGreaterThan(0)
  })

  test.each([
    ['家里座机88001234，白天没人', ['88001234'], 'phone'],
    ['有事打固话 8800123', ['8800123'], 'phone'],
    ['我的微信wangayi1960，加我', ['wangayi1960'], 'account'],
    ['微信号：Li_Ming-88 随时联系', ['Li_Ming-88'], 'account'],
    ['QQ号是 123456789', ['123456789'], 'account'],
    ['可加vx：13812345678', ['13812345678'], 'phone'],
    ['张建国师傅（物业）可直接联系', ['张建国'], 'name'],
    ['请欧阳春花女士到社区来', ['春花'], 'name'],
  ])('instant-messaging accounts, landlines and full names with a title: %s', (input, gone, kind) => {
    const r = scrubPersonalData(input)
    for (const g of gone) expect(r.text).not.toContain(g)
    expect(r.removed[kind as keyof typeof r.removed]).toBeGreaterThan(0)
  })

  test('a message and its reply with a WeChat ID, a landline and a third person’s name and WeChat keep none of them', () => {
    const message =
      '我是5号楼的王阿姨，车牌浙A12345，微信wangayi1960，邮箱wang@example.com，家里座机88001234，住长征桥小区12幢1单元302室。请问小区停车位怎么申请？'
    const reply = '王阿姨您好！停车位由物业统一登记，张建国师傅（物业）微信zjg8888，可直接联系。'
    const out = scrubPersonalData(message).text + scrubPersonalData(reply).text
    for (const personal of ['王阿姨', 'A12345', 'wangayi1960', 'wang@example.com', '88001234', '302', '张建国', 'zjg8888']) expect(out).not.toContain(personal)
    // What the question is about stays.
    expect(out).toContain('停车位')
    expect(out).toContain('物业')
  })

  test('the record’s own name, phone and address are removed wherever they appear', () => {
    const r = scrubPersonalData('欧阳春花反映：我欧阳春花住在东湖花园北区，电话0731 8888 1234', {
      names: ['欧阳春花'],
      phones: ['0731-88881234'],
      addresses: ['东湖花园北区'],
    })
    expect(r.text).not.toMatch(/欧阳春花|东湖花园北区|8888/)
    expect(r.removed.name).toBe(2)
  })

  test('ordinary policy text is left as it is', () => {
    const text = '无自有住房的职工每年可提取一次住房公积金，补助标准为每户2万元，3号线2019年通车，办理时间为工作日。'
    expect(scrubPersonalData(text)).toEqual({ text, removed: {} })
  })

  test('looksPersonal flags a phone or ID number that got through', () => {
    expect(looksPersonal('请拨打13812345678')).toBe(true)
    expect(looksPersonal('每户补助2万元')).toBe(false)
    expect(looksPersonal('加微信zjg8888联系')).toBe(true)
    expect(looksPersonal('QQ 12345678')).toBe(true)
    expect(looksPersonal('微信公众号“杭州发布”可以查询')).toBe(false)
  })
})

describe('a name the resident introduces with 我是 or 本人', () => {
  test.each([
    ['我是张三，住登云路12号3单元501室，电话13912345678', ['张三', '501', '13912345678']],
    ['本人李建国，今年六十岁', ['李建国']],
    ['本人是王晓红，在小区住了二十年', ['王晓红']],
  ])('%s', (input, gone) => {
    const r = scrubPersonalData(input)
    for (const g of gone) expect(r.text).not.toContain(g)
    expect(r.removed.name).toBe(1)
  })

  test('while saying what one is, not who, is left alone', () => {
    for (const text of [
      '我是业主，电梯又坏了',
      '我是小区居民',
      '本人于2019年购房',
      '我是马路对面的住户',
      '本人向您反映一个问题',
      '我是金陵镇（原莲花乡）的村民',
    ])
      expect(scrubPersonalData(text)).toEqual({ text, removed: {} })
  })
})

describe('a name the resident introduces and then goes straight on', () => {
  test.each([
    ['我是李秀英想问一下电梯的事', '我是【姓名】想问一下电梯的事'],
    ['我是李秀英住在5幢', '我是【姓名】住在5幢'],
    ['您好我是王建国请问小区什么时候加装电梯', '您好我是【姓名】请问小区什么时候加装电梯'],
    ['我叫陈志强要反映一下楼道堆物', '我叫【姓名】要反映一下楼道堆物'],
    ['我叫杨柳来自农村，在城里打工', '我叫【姓名】来自农村，在城里打工'],
    ['本人赵国庆家住和睦新村，想咨询', '本人【姓名】家住和睦新村，想咨询'],
    ['本人刘海涛现住长征桥小区', '本人【姓名】现住长征桥小区'],
    ['本人周建华向您反映一个问题', '本人【姓名】向您反映一个问题'],
    ['我是孙丽就门口的路灯问一下', '我是【姓名】就门口的路灯问一下'],
    ['我是长征桥社区居民李秀英，想问', '我是长征桥社区居民【姓名】，想问'],
    ['我是和睦新村业主王建国想问一下', '我是和睦新村业主【姓名】想问一下'],
    ['本人是小区租户张伟，房东不退押金', '本人是小区租户【姓名】，房东不退押金'],
    ['我是5幢的住户何丽萍，楼上天天漏水', '我是5幢的住户【姓名】，楼上天天漏水'],
    ['我是东山村三组村民吴建华，现在外地打工', '我是东山村三组村民【姓名】，现在外地打工'],
    ['本人王丽实名举报小区物业乱收费', '本人【姓名】实名举报小区物业乱收费'],
    ['我叫黄国平出生于1956年', '我叫【姓名】出生于1956年'],
    ['户主陈改平现住和睦新村', '户主【姓名】现住和睦新村'],
  ])('%s', (input, expected) => {
    const r = scrubPersonalData(input)
    expect(r.text).toBe(expected)
    expect(r.removed.name).toBe(1)
  })

  test('the name is also known for scrubbing the reply', () => {
    expect(introducedNames('我是长征桥社区居民李秀英想问一下')).toEqual(['李秀英'])
    expect(introducedNames('您好我是王建国请问')).toEqual(['王建国'])
  })

  test.each([
    '我是业主想问一下',
    '我是业主，想问一下',
    '我是本小区居民，想问',
    '我是外地人想咨询',
    '我是老党员',
    '我是退休教师想问',
    '我是金陵镇（原莲花乡）的村民，想问',
    '本人向您反映',
    '本人向物业反映过多次',
    '业主向物业反映过多次',
    '我是王家村的',
    '我是江北人想咨询一下',
    '我是高中生想问一下',
    '我是高三学生想问',
    '我是万科业主想问一下',
    '我是周边居民想问一下',
    '我是周围的居民',
    '本人于今年三月购房',
    '本人于上周就这个问题反映过',
    '本人曾多次向街道反映',
    '我是金沙湾住户',
    '我是高信向日葵的业主',
    '我是业主委员会的',
    '我是本小区业主，向您反映',
    '我是小区居民向您反映',
    '我是居民，就想问一下',
    '我是石门人来咨询的',
  ])('while saying what one is, or where from, before going on is left alone: %s', text => {
    expect(scrubPersonalData(text)).toEqual({ text, removed: {} })
  })
})

describe('a name given as whom to contact', () => {
  test.each([
    ['如有疑问请联系张建国，电话13912345678。', ['张建国', '13912345678']],
    ['可致电社区网格员李明，工作日均可。', ['李明']],
    ['请直接联系王晓红主任。', ['王晓红']],
    ['经办人：陈小红', ['陈小红']],
  ])('%s', (input, gone) => {
    const r = scrubPersonalData(input)
    for (const g of gone) expect(r.text).not.toContain(g)
    expect(r.removed.name).toBe(1)
  })

  test('while an office, a place or a way to get in touch is left alone', () => {
    for (const text of [
      '请联系社区居委会。',
      '可以联系物业公司',
      '联系方式：见社区公告',
      '请咨询文化局，',
      '请咨询高新区管委会',
      '请联系江北区',
      '不知道应联系何处，',
      '可致电市民热线。',
      '请咨询当地派出所。',
    ])
      expect(scrubPersonalData(text)).toEqual({ text, removed: {} })
  })
})

describe('a name right after a role word (业主, 村民, 车主…), someone the message or the reply speaks of', () => {
  test.each([
    ['本村村民蒋介雄将自家宅基地卖给了外村人', '本村村民【姓名】将自家宅基地卖给了外村人'],
    ['小区业主王术，党员，多次反映过', '小区业主【姓名】，党员，多次反映过'],
    ['三组村民刘建华在河道边私自建房', '三组村民【姓名】在河道边私自建房'],
    ['5幢的业主陈志强擅自把阳台外扩', '5幢的业主【姓名】擅自把阳台外扩'],
    ['车主李国平将车长期停在消防通道', '车主【姓名】将车长期停在消防通道'],
    ['租户赵军家的狗每天晚上叫', '租户【姓名】家的狗每天晚上叫'],
    ['住户孙海燕称楼上一直漏水', '住户【姓名】称楼上一直漏水'],
    ['居民周建华等人多次反映噪音', '居民【姓名】等人多次反映噪音'],
    ['家长何丽萍反映食堂饭菜变质', '家长【姓名】反映食堂饭菜变质'],
    ['居民欧阳春花的房屋被拆了一半', '居民【姓名】的房屋被拆了一半'],
    ['我们组村民杨永家门口堆满了建筑垃圾', '我们组村民【姓名】家门口堆满了建筑垃圾'],
    ['实名举报本组村民王才有违法占用耕地', '实名举报本组村民【姓名】违法占用耕地'],
    ['我是收马村村民王平继.多次到乡里反映', '我是收马村村民【姓名】.多次到乡里反映'],
  ])('in a resident’s message: %s', (input, expected) => {
    const r = scrubPersonalData(input)
    expect(r.text).toBe(expected)
    expect(r.removed.name).toBe(1)
  })

  test.each([
    ['41栋前方土地为村民余亮洪的私人宅基地，经核实属实', '41栋前方土地为村民【姓名】的私人宅基地，经核实属实'],
    ['经调查，车主彭贵永并未违反相关规定', '经调查，车主【姓名】并未违反相关规定'],
    ['业主许丽亚于2017年1月取得房屋产权', '业主【姓名】于2017年1月取得房屋产权'],
    ['村委会已与村民李华签订用地协议', '村委会已与村民【姓名】签订用地协议'],
    ['该工程由当地村民杜宝文负责施工', '该工程由当地村民【姓名】负责施工'],
    ['对村民蒋介雄划分宅基地一事进行了调查', '对村民【姓名】划分宅基地一事进行了调查'],
    ['该加油车系居民彭芳德所有', '该加油车系居民【姓名】所有'],
    ['户主黄刚明与指挥部签订了补偿协议', '户主【姓名】与指挥部签订了补偿协议'],
    ['此问题市民欧烨已在市政府网站留言', '此问题市民【姓名】已在市政府网站留言'],
  ])('in an official reply: %s', (input, expected) => {
    const r = scrubPersonalData(input)
    expect(r.text).toBe(expected)
    expect(r.removed.name).toBe(1)
  })

  test('the name is what is found, so it can go wherever else it is written', () => {
    expect(findPersonalData('工程转包给了村民邓益国。邓益国做完后')).toEqual([{ kind: 'name', text: '邓益国' }])
  })

  test.each([
    '业主方的意见已转达',
    '业主方',
    '我们也反映给了业主方，',
    '业主方面，已经同意',
    '居民向街道反映过',
    '居民向街道，社区反映',
    '业主向政府求助',
    '业主向物业反映',
    '居民高兴想着以后坐车方便了',
    '居民高兴',
    '住户白天不在家',
    '住户白天，晚上都很吵',
    '业主谢谢您',
    '全体业主谢谢您！',
    '业主大会',
    '业主委员会',
    '居民代表',
    '村民小组',
    '居民们',
    '村民自治',
    '居民区',
    '广大业主万分感谢！',
    '家长万般无奈',
    '个别村民曾多次住院',
    '小区业主于6月10日找政府部门求助',
    '未经业主许可，',
    '村民何处去求助',
    '居民何时能用上天然气',
    '居民严重不满',
    '督促租户严格规范犬只管理',
    '倡导市民文明骑行',
    '市民文化广场',
    '市民周末出行',
    '为方便村民方便出行',
    '住户陆续搬家',
    '对参保居民符合条件的',
    '比其它小区业主高出那么多',
    '没有给予家长任何的答复',
    '要求业主顾全大局，',
    '经业主陈述确认：',
    '业主付款后，',
    '沿途村民田地，常年被污染',
    '车主马上挪车',
    '居民阳台，客厅',
    '家长胡乱收费',
    '居民周边，',
    '住户任意一家同意',
    '业主张贴了通知',
    '物业主任何时能来',
    '邻村村民李姓家族的祖坟',
  ])('while a role word before an ordinary word is left alone: %s', text => {
    expect(scrubPersonalData(text)).toEqual({ text, removed: {} })
  })
})

describe('a name the dictionary does not know, after a role, a title or a relative', () => {
  test.each([
    ['车主韩德永收费项目均已公示', '车主【姓名】收费项目均已公示'],
    ['村民曹永旺借用村里的晒谷坪', '村民【姓名】借用村里的晒谷坪'],
    ['村民夏彪带走调查', '村民【姓名】带走调查'],
    ['父亲罗世昌患有肺病多年', '父亲【姓名】患有肺病多年'],
    ['村支书蒋德贵利用职务便利', '村支书【姓名】利用职务便利'],
    ['儿子吴辉松在外地打工', '儿子【姓名】在外地打工'],
    ['局长韦鸿德滥用职权', '局长【姓名】滥用职权'],
    ['学生邹梓念与二名同学打架', '学生【姓名】与二名同学打架'],
    ['医生杨建松一次都没来', '医生【姓名】一次都没来'],
    ['组长周富林是其堂弟', '组长【姓名】是其堂弟'],
    ['老板张平忠却沿途开挖', '老板【姓名】却沿途开挖'],
  ])('%s', (input, expected) => {
    const r = scrubPersonalData(input)
    expect(r.text).toBe(expected)
    expect(r.removed.name).toBe(1)
  })

  test('the same name written again later goes too', () => {
    expect(scrubPersonalData('妻子易文娟在就诊时摔倒，易文娟至今未愈').text).toBe('妻子【姓名】在就诊时摔倒，【姓名】至今未愈')
  })

  test.each([
    ['校长龚德国早就把账转走', '校长【姓名】早就把账转走'],
    ['组长董学成家门口堆满了砖', '组长【姓名】家门口堆满了砖'],
    ['老板黎志军系从外地来的', '老板【姓名】系从外地来的'],
    ['妻子唐华瑞不许上告', '妻子【姓名】不许上告'],
  ])('a name whose given part is a word the dictionary knows (德国, 学成): %s', (input, expected) => {
    expect(scrubPersonalData(input).text).toBe(expected)
  })

  test.each(['主任唐老师如是说', '医生王医生又叫', '书记杨同志督促', '村干部王自然不管', '主任周课时应该', '书记王强调要抓紧'])(
    'while a surname before a title or an ordinary word is left alone: %s',
    text => {
      expect(scrubPersonalData(text)).toEqual({ text, removed: {} })
    },
  )

  test.each([
    '患者钱花了不少',
    '老人向南门口走',
    '书记高度重视',
    '校长何时回复',
    '老师周末补课',
    '村支书严重违纪',
    '村主任于2018年',
    '儿子曾经说过',
    '经理方面同意',
    '司机马上停车',
    '学生高中生减压',
    '父亲节',
    '老人家白天在家',
  ])('while a role before an ordinary word is left alone: %s', text => {
    expect(scrubPersonalData(text)).toEqual({ text, removed: {} })
  })
})

describe('a name community staff are known by, a greeting, or a name that opens what someone reported', () => {
  test.each([
    ['网格员黄晓明说会处理但一直没来', '网格员【姓名】说会处理但一直没来'],
    ['楼长孙建华把钥匙收走了', '楼长【姓名】把钥匙收走了'],
    ['志愿者马丽娟每周都来', '志愿者【姓名】每周都来'],
  ])('after a community role: %s', (input, expected) => {
    expect(scrubPersonalData(input).text).toBe(expected)
  })

  test.each([
    ['张秀英：您好！您反映的问题已转交街道。', '【姓名】：您好！您反映的问题已转交街道。'],
    ['李建国同志：你好，来信收悉。', '【姓名】同志：你好，来信收悉。'],
    ['来信收悉。\n王梅女士：您好，现答复如下。', '来信收悉。\n【姓名】女士：您好，现答复如下。'],
  ])('a reply greeting the resident by name: %s', (input, expected) => {
    expect(scrubPersonalData(input).text).toBe(expected)
  })

  test.each([
    ['李明反映小区路灯坏了', '【姓名】反映小区路灯坏了'],
    ['路灯坏了一周。刘志刚说物业不管。', '路灯坏了一周。【姓名】说物业不管。'],
    ['陈桂兰来电称楼道堵塞', '【姓名】来电称楼道堵塞'],
  ])('a name opening a sentence, followed by what the person reported: %s', (input, expected) => {
    expect(scrubPersonalData(input).text).toBe(expected)
  })

  test.each([
    ['张秀英反映的锁门问题已整改。', '【姓名】反映的锁门问题已整改。'],
    ['网格员张秀英已上门', '网格员【姓名】已上门'],
    ['志愿者张秀英已上门', '志愿者【姓名】已上门'],
    ['张秀英问：孩子明年上小学怎么报名？', '【姓名】问：孩子明年上小学怎么报名？'],
    ['感谢张秀英的反映', '感谢【姓名】的反映'],
    ['网格员林小红说周日不开', '网格员【姓名】说周日不开'],
    ['王建国：孩子明年上小学怎么报名？', '【姓名】：孩子明年上小学怎么报名？'],
    ['来信收悉。\n李明：孩子的事', '来信收悉。\n【姓名】：孩子的事'],
  ])('a name the segmenter cuts after its surname (张|秀英), or that labels what follows: %s', (input, expected) => {
    expect(scrubPersonalData(input).text).toBe(expected)
  })

  test.each([
    ['王永红称物业不管', '【姓名】称物业不管'],
    ['路灯坏了一周。李永红问楼道堵塞怎么办', '路灯坏了一周。【姓名】问楼道堵塞怎么办'],
  ])('a name the segmenter reads with the first character of the report (王永红称): %s', (input, expected) => {
    expect(scrubPersonalData(input).text).toBe(expected)
  })

  test.each(['金额：100元', '方案：如下', '三张红旗', '感谢社区的帮助', '周一问：几点开门', '说明：如下', '邓说：你在这里是解决不了的'])(
    'while a word before a colon or after thanks is left alone: %s',
    text => {
      expect(scrubPersonalData(text)).toEqual({ text, removed: {} })
    },
  )

  test.each([
    '您好：您反映的问题已收悉',
    '居民：你好',
    '市民反映小区路灯坏了',
    '物业反映情况属实',
    '胡书记：您好！我想请问一下',
    '于区长： 你好！',
    '教导主任何奈育栋梁之材',
    '高新区反映的问题',
    '黄花镇来电称已处理',
    '王府井说明书',
    '社区说会处理',
    '金山反映问题',
    '江南说了算',
  ])('while an ordinary word in the same place is left alone: %s', text => {
    expect(scrubPersonalData(text)).toEqual({ text, removed: {} })
  })
})

describe('the flat a resident says they live in', () => {
  test.each([
    ['楼道里电动车充电，我是王秀英，住301，电话13800001111', '301'],
    ['我家住在1102，楼上漏水', '1102'],
    ['本人住5楼502室', '502'],
  ])('%s', (input, gone) => {
    const r = scrubPersonalData(input)
    expect(r.text).not.toContain(gone)
    expect(r.removed.address).toBe(1)
  })

  test('while a count of households, a bus line or a year is left alone', () => {
    for (const text of ['楼里住了120户人家', '住200多人的小区', '住了3年', '我住的楼有18层']) expect(scrubPersonalData(text)).toEqual({ text, removed: {} })
  })
})

describe('a neighbour named by where they live', () => {
  test.each([
    ['我家楼下502的刘建国也说过这事', ['502', '刘建国'], '我家楼下【地址】的【姓名】也说过这事'],
    ['对门的陈秀兰天天晚上放音乐', ['陈秀兰'], '对门的【姓名】天天晚上放音乐'],
    ['隔壁1201的张军说他家也漏水', ['1201', '张军'], '隔壁【地址】的【姓名】说他家也漏水'],
    ['邻居黄志强也被吵得睡不着，我家住在佳苑北区3幢', ['黄志强', '3幢'], '邻居【姓名】也被吵得睡不着，我家住在【地址】'],
    ['我住在金色家园12栋，晚上很吵', ['12栋'], '我住在【地址】，晚上很吵'],
  ])('%s', (input, gone, expected) => {
    const r = scrubPersonalData(input)
    for (const g of gone) expect(r.text).not.toContain(g)
    expect(r.text).toBe(expected)
  })

  test('while the building where a problem is, a floor count and ordinary words after a neighbour cue are left alone', () => {
    for (const text of [
      '5幢电梯坏了三天',
      '住在12栋的居民都反映电梯坏了',
      '楼下的超市太吵',
      '楼上18层的水管爆了',
      '隔壁小区也停水了',
      '对门的邻居也反映过',
      '住在这附近3年了',
    ])
      expect(scrubPersonalData(text)).toEqual({ text, removed: {} })
  })
})

describe('introducedNames', () => {
  test('finds the names a message introduces, not masked ones', () => {
    expect(introducedNames('我叫钱多多，户主孙大圣反映，信访人胡某明')).toEqual(['钱多多', '孙大圣'])
  })
})

describe('scrubPersonalData on complaint text shown in public', () => {
  test.each([
    ['请打13812345678', '13812345678'],
    ['电话138-1234-5678', '1234-5678'],
    ['电话 +86 138 1234 5678 谢谢', '1234 5678'],
    ['座机0571-88001234', '88001234'],
    ['身份证号33010519900101123X。', '33010519900101123X'],
    ['邮箱 wang.lei@example.com', 'wang.lei'],
    ['车牌浙A12345一直占道', 'A12345'],
    ['新能源车浙A·D12345停在消防通道', 'D12345'],
    ['住5幢2单元301室', '301'],
    ['住5幢502，电梯坏了', '502'],
    ['3号楼1201的住户', '1201'],
    ['我叫王小明，住在和睦新村', '王小明'],
    ['联系人：李梅 电话', '李梅'],
  ])('%s loses %s', (input, gone) => {
    expect(scrubPersonalData(input).text).not.toContain(gone)
  })

  test('names known from the record are removed wherever they appear', () => {
    expect(scrubPersonalData('司马青反映：司马青家门口的路灯坏了', { names: ['司马青', null, ''] }).text).toBe('【姓名】反映：【姓名】家门口的路灯坏了')
  })

  test('ordinary complaint text is left alone', () => {
    const text = '小河小学路口每天早上7点到8点接送车辆拥堵，希望增加2名交警疏导，设置30个临时车位。'
    expect(scrubPersonalData(text).text).toBe(text)
  })
})

describe('officeNumbers: landlines a text presents as an office’s, not a person’s', () => {
  test.each([
    ['社区办公室电话0571-88881234，工作日可打', ['0571-88881234']],
    ['咨询电话：(0571)88881234', ['(0571)88881234']],
    ['城管科室 0571 8888 1234', ['0571 8888 1234']],
    ['值班电话88881234', ['88881234']],
    ['服务热线0571-12345678转2', ['0571-12345678']],
    ['Call the office phone: 0571-88881234 on weekdays', ['0571-88881234']],
    ['Duty phone 88881234', ['88881234']],
    ['Hotline (0571)88881234', ['(0571)88881234']],
    ['community office tel. 0571 8888 1234', ['0571 8888 1234']],
    ['Office number is 0571-88881234', ['0571-88881234']],
    // A booking line, a counter's number, a service's number, a line to complain about a service.
    ['需提前预约，预约电话0571-88001234。', ['0571-88001234']],
    ['办事电话：88001234', ['88001234']],
    ['服务电话(0571)88001234', ['(0571)88001234']],
    ['监督电话为0571-88001235', ['0571-88001235']],
  ])('%s', (text, numbers) => {
    expect(officeNumbers(text)).toEqual(numbers)
  })
  test.each([
    '可打0571-88881234询问',
    '家里座机88001234，白天没人',
    '办公室电话13812345678',
    '热线13812345678',
    '反映人王阿姨，电话0571-88881234',
    'Her phone: 0571-88881234',
    'office phone 13812345678',
    'Mrs Wang, tel. 0571-88881234',
    '预约电话13812345678',
    '服务电话13812345678',
    '我的电话0571-88001234，预约不上',
  ])('not %s', text => {
    expect(officeNumbers(text)).toEqual([])
  })
  test('the public scrubber still removes an office landline', () => {
    expect(scrubPersonalData('社区办公室电话0571-88881234').text).not.toContain('88881234')
  })
})

describe('a full name with no cue before it, in an ordinary sentence', () => {
  test.each([
    ['路口拥堵，张伟明也看到了', '路口拥堵，【姓名】也看到了'],
    ['这事王秀英和李建国都知道', '这事【姓名】和【姓名】都知道'],
    ['陈桂兰家门口的路灯坏了', '【姓名】家门口的路灯坏了'],
    ['我和刘洋都去问过', '我和【姓名】都去问过'],
    ['昨天跟刘洋也说了', '昨天跟【姓名】也说了'],
    ['楼道堆物的事张伟明说过好几次', '楼道堆物的事【姓名】说过好几次'],
  ])('%s', (input, expected) => {
    expect(scrubPersonalData(input).text).toBe(expected)
  })

  test.each([
    '去张家界旅游的人很多',
    '王府井百货门口堵车',
    '黄河路的路灯坏了',
    '高新区管委会已回复',
    '林业局也来看过',
    '周边环境很差',
    '高度不够，车过不去',
    '出行很不方便',
    '金额不对',
    '马路上全是积水',
    '黄色的警示牌倒了',
    '白天也很吵',
    '钱包丢了',
    '程序太复杂',
    '何时能解决',
    '任何人都不管',
    '常年积水',
    '石头堆在路边',
    '江边的步道坏了',
    '向东走两百米',
    '于是我们又去问',
    '毛病也不少',
    '文件已下发',
    '严重影响出行',
    '段落之间空一行',
    '许多居民都知道',
    '华为手机也丢了',
    '万达广场门口堵车',
    '孙中山路口的红绿灯',
    '胡书记也来看过',
    '王主任和我们说过',
    '和高新区都说过',
    '学习习近平新时代中国特色社会主义思想',
  ])('while a place, an office, an official by title or an ordinary word is left alone: %s', text => {
    expect(scrubPersonalData(text)).toEqual({ text, removed: {} })
  })
})

describe('a name signing or labelling a message', () => {
  test.each([
    ['小区门口垃圾堆了一周没人清理。（李建国问）', '小区门口垃圾堆了一周没人清理。（【姓名】问）'],
    ['请问孩子入学要带什么材料(王芳 反映)', '请问孩子入学要带什么材料(【姓名】 反映)'],
    ['来信人：李建国', '来信人：【姓名】'],
    ['留言人:王芳，联系我', '留言人:【姓名】，联系我'],
    ['路灯坏了半个月，希望尽快修好。——赵志刚', '路灯坏了半个月，希望尽快修好。——【姓名】'],
    ['路灯坏了半个月。\n—— 欧阳春花\n2019年5月', '路灯坏了半个月。\n—— 【姓名】\n2019年5月'],
  ])('%s', (input, expected) => {
    expect(scrubPersonalData(input).text).toBe(expected)
  })

  test.each(['去张家界——路上堵车', '（王府井）步行街', '（高新区问）', '（李书记问）', '——编者按', '新路——黄花机场'])(
    'while a place or a title is left alone: %s',
    text => {
      expect(scrubPersonalData(text)).toEqual({ text, removed: {} })
    },
  )
})

describe('names listed after a name found', () => {
  test.each([
    ['举报人：余中华、王才茂、张庆国、刘军建', '举报人：【姓名】、【姓名】、【姓名】、【姓名】'],
    ['举报人：谢德平    李顺小     李阳政', '举报人：【姓名】    【姓名】     【姓名】'],
  ])('%s', (input, expected) => {
    expect(scrubPersonalData(input).text).toBe(expected)
  })

  test('while what follows the name is left alone', () => {
    expect(scrubPersonalData('举报人：杨和清　　电话：0731-88886666　　2017年').text).toBe('举报人：【姓名】　　电话：【电话】　　2017年')
    expect(scrubPersonalData('投诉人：黄小林 男 家住B市').text).toBe('投诉人：【姓名】 男 家住B市')
  })
})

// Synthetic demo district, written by us: plausible Chinese complaints about
// invented places in 小河街道. Nothing here is copied from real message boards.

export const DEMO_PASSWORD = 'teahouse-demo'

export const DEMO_DISTRICT = { code: 'gs', nameZh: '拱墅区', nameEn: 'Gongshu District' }
export const DEMO_STREET = { code: 'gs-xh', nameZh: '小河街道', nameEn: 'Xiaohe Street', aliases: ['小河街道办'] }

export const DEMO_COMMUNITIES = [
  {
    code: 'gs-czq',
    nameZh: '长征桥社区',
    nameEn: 'Changzhengqiao Community',
    aliases: ['长征桥'],
    places: ['小河小学路口', '长征桥', '长征桥农贸市场', '小河路', '长征桥公园', '长征桥小区', '长征新苑'],
  },
  {
    code: 'gs-hm',
    nameZh: '和睦社区',
    nameEn: 'Hemu Community',
    aliases: ['和睦新村', '和睦'],
    places: ['和睦新村', '和睦路口', '和睦菜场', '和睦小学', '和睦公园', '阳光家园'],
  },
  {
    code: 'gs-dy',
    nameZh: '登云社区',
    nameEn: 'Dengyun Community',
    aliases: ['登云'],
    places: ['登云路', '登云花苑', '登云路口', '红石新城', '登云农贸市场', '社区卫生服务站'],
  },
  {
    code: 'gs-xhjy',
    nameZh: '小河佳苑社区',
    nameEn: 'Xiaohe Jiayuan Community',
    aliases: ['小河佳苑'],
    places: ['小河佳苑', '佳苑北门', '湖墅南路口', '小河佳苑幼儿园', '运河绿道'],
  },
] as const

export const DEMO_DEPARTMENTS = [
  { code: 'dept-traffic', nameZh: '拱墅交警大队', nameEn: 'Traffic Police Brigade', serviceCode: 'traffic_police' },
  { code: 'dept-cityman', nameZh: '小河城管中队', nameEn: 'City Management Squad', serviceCode: 'city_management' },
  { code: 'dept-school', nameZh: '小河小学', nameEn: 'Xiaohe Primary School', serviceCode: 'school' },
  { code: 'dept-property', nameZh: '长征桥小区物业', nameEn: 'Changzhengqiao Property Management', serviceCode: 'property_management' },
  { code: 'dept-market', nameZh: '市场监管所', nameEn: 'Market Regulation Office', serviceCode: 'market_regulation' },
  { code: 'dept-env', nameZh: '生态环境分局', nameEn: 'Environment Bureau Branch', serviceCode: 'environment_bureau' },
] as const

/**
 * One account per role; password DEMO_PASSWORD (never created in production).
 * Each is named as a person is: pages say the role and the unit themselves, in the reader's language.
 */
export const DEMO_ACCOUNTS = [
  { username: 'admin', displayName: '钱工', role: 'admin', unit: null },
  { username: 'resident1', displayName: '王阿姨', role: 'resident', unit: 'gs-czq' },
  { username: 'worker1', displayName: '李社工', role: 'community_worker', unit: 'gs-czq' },
  { username: 'worker2', displayName: '陈社工', role: 'community_worker', unit: 'gs-hm' },
  { username: 'street1', displayName: '赵科长', role: 'street_staff', unit: 'gs-xh' },
  { username: 'dept1', displayName: '孙警官', role: 'department_staff', unit: 'dept-traffic' },
  { username: 'facilitator1', displayName: '周老师', role: 'facilitator', unit: 'gs-xh' },
  { username: 'supervisor1', displayName: '吴大伯', role: 'supervisor', unit: 'gs-xh' },
] as const

type Problem = { subject: string; body: string[]; category: string; at: string[] }
export const PROBLEMS: Problem[] = [
  {
    category: '交通运输',
    subject: '{p}上下学高峰拥堵严重',
    at: ['小河小学路口', '和睦小学', '小河佳苑幼儿园'],
    body: [
      '每天早上七点半到八点，{p}接送孩子的车辆排成长队，行人根本过不去。',
      '家长临时停车占了非机动车道，孩子过马路很危险。',
      '放学的时候也一样，电瓶车、汽车和学生挤在一起。',
      '希望交警在高峰时段安排疏导，增设临时停车位。',
    ],
  },
  {
    category: '交通运输',
    subject: '{p}乱停车堵塞消防通道',
    at: ['长征桥小区', '红石新城'],
    body: [
      '{p}的消防通道长期被私家车占用。',
      '晚上车辆停得密密麻麻，救护车都进不来。',
      '上次有老人发病，救护车在门口绕了十几分钟。',
      '请相关部门加强管理，施划停车位，贴条处罚。',
    ],
  },
  {
    category: '交通运输',
    subject: '{p}红绿灯时间太短老人过不去',
    at: ['和睦路口', '湖墅南路口'],
    body: ['{p}人行横道绿灯只有十几秒，老人走到一半就变灯了。', '右转的车辆也不让行人，很多次差点撞上。', '建议延长行人绿灯时间，或者加装安全岛。'],
  },
  {
    category: '交通运输',
    subject: '{p}公交站台没有遮雨棚',
    at: ['登云路口'],
    body: ['{p}公交站台没有遮雨棚和座椅，下雨天等车全身湿透。', '夏天太阳直晒，老人等车站不住。', '希望公交公司尽快改造站台。'],
  },
  {
    category: '环境保护',
    subject: '{p}餐馆油烟扰民',
    at: ['登云花苑', '阳光家园'],
    body: ['{p}楼下新开的饭店油烟直排，家里窗户都不敢开。', '晚上排风机噪音也很大，影响休息。', '晾在阳台的衣服都是油烟味。', '请环保部门检查油烟净化设施。'],
  },
  {
    category: '环境保护',
    subject: '{p}夜间施工噪音严重',
    at: ['登云路', '佳苑北门'],
    body: [
      '{p}附近工地晚上十一点以后还在施工，噪音扰民。',
      '打桩和渣土车的声音一直到凌晨。',
      '孩子明天要上学，老人心脏不好，实在睡不着。',
      '请查一下有没有夜间施工许可。',
    ],
  },
  {
    category: '环境保护',
    subject: '{p}河道发黑发臭',
    at: ['长征桥公园'],
    body: ['{p}旁边的河道最近发黑发臭，夏天蚊虫很多。', '水面上漂着垃圾和死鱼，散步都要绕开。', '怀疑有污水偷排，请尽快排查。'],
  },
  {
    category: '城乡建设',
    subject: '{p}垃圾桶满溢无人清运',
    at: ['和睦新村', '小河佳苑'],
    body: ['{p}的垃圾分类桶经常满溢，垃圾堆在地上好几天。', '气味很大，还招老鼠。', '请物业和环卫增加清运次数。'],
  },
  {
    category: '城乡建设',
    subject: '{p}电梯频繁故障',
    at: ['长征新苑', '阳光家园'],
    body: ['{p}3幢的电梯这个月坏了四次，有老人被困在里面。', '维保单位来修一次好几天，楼上的老人只能爬楼。', '物业说没钱维修，希望街道协调维修资金。'],
  },
  {
    category: '城乡建设',
    subject: '{p}物业不作为',
    at: ['红石新城'],
    body: ['{p}物业费年年收，楼道灯坏了半年没人修。', '绿化带变成了菜地，物业也不管。', '业主打物业电话经常没人接。'],
  },
  {
    category: '城乡建设',
    subject: '{p}违章搭建占用公共空间',
    at: ['和睦新村'],
    body: ['{p}一楼住户在公共绿地上违章搭建了棚子。', '棚子越搭越大，还堆满了杂物。', '影响采光和通行，请城管依法处理。'],
  },
  {
    category: '城乡建设',
    subject: '{p}路面坑洼雨天积水',
    at: ['登云路', '小河路'],
    body: ['{p}路面坑坑洼洼，一下雨就积水。', '电动车骑过去很容易摔倒，行人也要蹚水走。', '请尽快修补路面，疏通雨水口。'],
  },
  {
    category: '城乡建设',
    subject: '{p}老旧小区加装电梯进展慢',
    at: ['长征桥小区', '登云花苑'],
    body: ['{p}老旧小区加装电梯的事情讨论了两年还没有结果。', '高层住的多是老人，上下楼很吃力。', '低层住户不同意，希望社区组织大家协商。'],
  },
  {
    category: '教育文体',
    subject: '{p}周边缺少健身场地',
    at: ['小河佳苑'],
    body: ['{p}附近没有像样的健身场地，老人只能在马路边锻炼。', '孩子放学后也没有地方玩。', '建议利用边角地建设口袋公园和健身器材。'],
  },
  {
    category: '环境保护',
    subject: '{p}广场舞音响声音太大',
    at: ['和睦公园', '运河绿道'],
    body: ['每天晚上{p}的广场舞音响开得很响，一直跳到九点半。', '附近楼里的孩子写作业、老人休息都受影响。', '希望社区协调一下时间和音量。'],
  },
  {
    category: '劳动和社会保障',
    subject: '{p}老年食堂名额不够',
    at: ['长征桥', '红石新城'],
    body: ['{p}的老年食堂每天中午排长队，很多老人吃不上。', '去晚了菜就没有了，行动不便的老人更难。', '希望扩大规模，增加助餐点。'],
  },
  {
    category: '劳动和社会保障',
    subject: '{p}附近装修公司拖欠工资',
    at: ['湖墅南路口'],
    body: ['我在{p}附近一家装修公司干活，老板拖欠了三个月工资。', '一起干活的十几个工友都没拿到钱。', '请劳动监察部门帮忙讨薪。'],
  },
  {
    category: '商贸旅游',
    subject: '{p}商户占道经营',
    at: ['长征桥农贸市场', '和睦菜场'],
    body: ['{p}的商户把货物摆到人行道上，行人只能走机动车道。', '早上卖菜的三轮车也停在路边。', '请城管加强管理。'],
  },
  {
    category: '商贸旅游',
    subject: '{p}缺斤短两',
    at: ['登云农贸市场', '和睦菜场'],
    body: ['在{p}买菜经常缺斤短两，投诉了也没用。', '一斤肉回家一称只有八两多。', '希望设置公平秤，加强市场监管。'],
  },
  {
    category: '卫生计生',
    subject: '{p}排队时间长',
    at: ['社区卫生服务站'],
    body: ['{p}只有两个医生，配药要排一上午。', '老人身体不好，站着等太累了。', '希望增加医生或者开通预约。'],
  },
  {
    category: '卫生计生',
    subject: '{p}蚊虫多需要消杀',
    at: ['和睦新村'],
    body: ['{p}绿化带里积水多，蚊子特别多。', '晚上在楼下乘凉被咬得满身包。', '请安排消杀，清理积水。'],
  },
]

export const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'
export const GIVEN = [
  '伟',
  '芳',
  '娜',
  '秀英',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀兰',
  '霞',
  '平',
  '刚',
  '桂英',
  '建华',
  '志强',
  '淑珍',
  '国庆',
  '红梅',
  '海燕',
  '玉兰',
  '文',
  '斌',
  '浩',
  '婷',
  '雪',
  '琳',
  '晨',
  '佳怡',
  '子涵',
  '建国',
]

export { POOL_ROLES } from './enums'
export const EXPERTISE = ['交通规划', '法律', '建筑工程', '教育', '医疗', '财务', '环境工程', '社会工作', '城市管理', '餐饮经营', '养老服务', '物业管理']
export const CATEGORIES = ['城乡建设', '环境保护', '交通运输', '教育文体', '劳动和社会保障', '商贸旅游', '卫生计生']

/**
 * The reply library's demo content, written for the demo: questions residents
 * ask again and again, answered once, so the public answers page and "ask
 * before you file" have something to show.
 */
/** Frequent questions of the demo, each filed where the classifier in force files its matter (none for the platform itself). */
export const DEMO_FAQ: { question: string; reply: string; categoryPath: string[] | null }[] = [
  {
    question: '垃圾分类投放点几点开放？错过时间的垃圾怎么办？',
    reply:
      '小河街道各小区实行定时定点投放，时间为早上 7:00–9:00、晚上 18:00–20:00。错过时间的，可以投放到小区的误时投放点（一般设在物业门口），请不要把垃圾袋放在投放点外面。不清楚怎么分的，可以看投放点上的分类指引，或问现场的垃圾分类督导员。',
    categoryPath: ['城乡建设', '市政设施与公共服务'],
  },
  {
    question: '电动自行车能不能在楼道里充电？小区哪里可以充？',
    reply:
      '不能。楼道、楼梯间和家中都严禁给电动自行车充电，也不能从窗口拉电线下来充。各社区都建有集中充电棚，扫码付费充电；充电棚的位置可以在社区服务中心问到。充电位不够的小区，可以在本平台反映，社区会和物业协商增设。',
    categoryPath: ['城乡建设', '物业管理'],
  },
  {
    question: '晚上几点以后不允许施工？工地夜里施工太吵找谁？',
    reply:
      '居民区附近晚上 22:00 到第二天早上 6:00 不得进行产生噪声的建筑施工，抢修、抢险和经批准的连续作业除外，经批准的夜间施工应在工地门口公示。遇到夜间施工扰民，可以在本平台提交反映，写明工地位置和施工时间，由生态环境分局和城管中队核查处理。',
    categoryPath: ['城乡建设', '建筑市场与工程质量'],
  },
  {
    question: '怎样才能参加社区议事会？',
    reply:
      '登录本平台后打开"加入议事员库"，填写关注的领域、专长和方便的时间。每次议事会从议事员库中公开、随机地抽选居民代表，并照顾不同年龄、楼栋和身份；被抽中后会收到短信邀请，可以接受也可以婉拒。议事会也欢迎公众在线旁听。',
    categoryPath: null,
  },
  {
    question: '老年食堂怎么办理助餐？有没有补贴？',
    reply:
      '60 周岁以上的老人可以带身份证到所在社区服务中心办理助餐卡，在社区老年食堂或助餐点用餐。80 周岁以上、低保低边和失能老人按规定享受不同档次的用餐补贴，具体标准以社区服务中心的公示为准。行动不便的老人可以申请送餐上门。',
    categoryPath: ['劳动和社会保障', '社会保险'],
  },
  {
    question: '在菜场买菜缺斤短两，到哪里复秤？',
    reply:
      '各农贸市场入口处都设有公平秤，可以免费复秤。复秤发现短秤的，先找市场管理办公室处理；处理结果不满意的，可以在本平台反映，写明市场名称、摊位号和购买时间，市场监管所会核查处理。',
    categoryPath: ['商贸旅游', '质量监督与检验检疫'],
  },
  {
    question: '社区卫生服务站能不能预约配药？',
    reply:
      '可以。长期服用慢性病药物的居民，可以打服务站的预约电话或到服务站登记，提前一天预约配药，按预约时段取药，不用排队。签约了家庭医生的居民还可以申请长处方，一次配足几周的用量。',
    categoryPath: ['卫生计生', '医疗服务与医疗机构'],
  },
]

/** Official replies to complaints of the demo history (found by subject), published to the library. */
export const DEMO_REPLIES: { subject: string; reply: string }[] = [
  {
    subject: '和睦公园广场舞音响太响',
    reply:
      '您好！社区已和广场舞队负责人沟通，并将在议事会上与附近居民一起商定活动时间和音量。在此之前，活动请在晚上 20:30 前结束，音响音量控制在 60 分贝以内，社区网格员会不定时巡查。协商结果会在本社区的公示时间线上公布。',
  },
  {
    subject: '登云路一下雨就积水',
    reply:
      '您好！您反映的路面坑洼和积水已转交城管中队，已列入道路修补计划，修补前先设置警示标志，并疏通附近的雨水口。修补进度可以在登云社区的公示时间线上查看。',
  },
]

/**
 * Questions residents of the demo keep asking (咨询, not 投诉), written for the
 * demo: three on enrolling a child in primary school, answered, so the review
 * page proposes them as one FAQ entry; two on flu jabs nobody has answered yet,
 * so the dashboard lists them among the top unanswered questions, beside
 * questions asked only once; one of those has a reply still awaiting review.
 */
export const INQUIRY_NAMES = ['邵丽华', '方建军', '龚晓燕', '韦德明', '毛春梅', '柏文斌', '卜玉珍', '雷振华']
export const DEMO_INQUIRIES: { community: string; subject: string; body: string; daysAgo: number; reply?: string; published?: false }[] = [
  {
    community: 'gs-czq',
    subject: '咨询孩子明年上小学怎么报名',
    body: '孩子明年九月满六周岁，请问小学新生报名是什么时候？要去学校报名还是网上报名？',
    daysAgo: 48,
    reply:
      '您好！小学新生入学报名一般在每年5月进行，时间以区教育局当年发布的招生公告为准。报名在网上进行：家长在区义务教育招生平台填写信息，按学区报名对应的学校，审核结果会以短信通知。',
  },
  {
    community: 'gs-hm',
    subject: '请问小学一年级新生在哪里报名',
    body: '小孩明年要上一年级了，请问去哪里报名？报名时要带户口本和房产证吗？租房住的要什么证明？',
    daysAgo: 31,
    reply:
      '您好！报名需要孩子和父母的户口簿、居住地的房产证明；租房居住的，需要居住证、租房合同和社保缴纳证明。材料在网上报名时上传，学校审核时核对原件。具体清单以区教育局当年的招生公告为准。',
  },
  {
    community: 'gs-dy',
    subject: '咨询外地户口孩子在本地上小学怎么报名',
    body: '我们是外地户口，在这边租房工作三年了，孩子明年上小学，请问要怎么报名？',
    daysAgo: 17,
    reply:
      '您好！非本地户籍的适龄儿童，父母持本地居住证并按规定缴纳社保的，可以在招生期间网上报名，由区教育局统筹安排入学。报名时上传居住证、社保缴纳证明和租房合同。具体条件以区教育局当年的招生公告为准。',
  },
  {
    community: 'gs-czq',
    subject: '请问今年流感疫苗什么时候开始打',
    body: '家里老人想打流感疫苗，请问今年什么时候开始接种，在哪里打？',
    daysAgo: 6,
  },
  {
    community: 'gs-xhjy',
    subject: '请问社区什么时候开始打流感疫苗',
    body: '孩子今年想打流感疫苗，请问在哪里打，什么时候开始？',
    daysAgo: 3,
  },
  {
    community: 'gs-hm',
    subject: '请问社区活动室周末开不开放',
    body: '想周末带孩子去社区活动室看书，请问周六周日开门吗？',
    daysAgo: 9,
    reply: '您好！和睦社区活动室周六、周日照常开放，时间为上午9:00–11:30、下午14:00–17:00，周一闭馆。阅览区可以带孩子看书，请保持安静。',
    published: false,
  },
  {
    community: 'gs-dy',
    subject: '咨询老年人公交卡在哪里办',
    body: '我父亲今年满七十岁了，请问老年人免费乘车卡去哪里办，要带什么？',
    daysAgo: 12,
  },
  {
    community: 'gs-xhjy',
    subject: '请问小区楼顶可以装太阳能热水器吗',
    body: '家住顶楼，想在楼顶装一台太阳能热水器，需要谁同意？',
    daysAgo: 21,
  },
]

/**
 * Removes personal data from a resident's message or an official reply before
 * it is published: names, phone numbers, addresses (building, unit, room, house
 * number), ID card numbers, plate numbers, e-mail addresses, WeChat and QQ
 * accounts and board handles.
 * Each is replaced by a bracketed placeholder so the sentence still reads.
 *
 * Patterns catch what residents usually write; the record's own complainant
 * name, phone and address (passed as `known`) are removed wherever they occur.
 * A worker still reads the result before it is published.
 */

import { defaultDictionary, defaultSegmenter } from './tokenize'

export type PersonalDataKind = 'name' | 'phone' | 'address' | 'idNumber' | 'plate' | 'email' | 'account' | 'handle'

export interface ScrubResult {
  text: string
  /** How many of each kind were removed. */
  removed: Partial<Record<PersonalDataKind, number>>
}

export interface KnownPersonalData {
  names?: readonly (string | null | undefined)[]
  phones?: readonly (string | null | undefined)[]
  addresses?: readonly (string | null | undefined)[]
}

export const PLACEHOLDER: Record<PersonalDataKind, string> = {
  name: '【姓名】',
  phone: '【电话】',
  address: '【地址】',
  idNumber: '【证件号】',
  plate: '【车牌】',
  email: '【邮箱】',
  account: '【账号】',
  handle: '【网友】',
}

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤易阳符左欧文'
const SURNAME = `[${SURNAMES}]`
const COMPOUND_SURNAME = '(?:欧阳|司马|诸葛|上官|东方|皇甫|令狐|慕容|司徒|夏侯|公孙|端木|尉迟|长孙|宇文)'
// A WeChat ID starts with a letter (6–20 letters, digits, - and _); a QQ number is 5–12 digits.
const IM_PREFIX = '(?:微信号?|[Ww][Xx]|[Vv][Xx]|[Vv]信|QQ号?|qq号?|Q号)(?:码)?(?:是|为)?[:：]?\\s*'
const IM_ACCOUNT = '(?:[A-Za-z][-_A-Za-z0-9]{5,19}|[1-9][0-9]{4,11})(?![-_A-Za-z0-9])'
const DIGIT = '[0-9０-９]'
const CN_NUM = '[0-9一二三四五六七八九十百零〇两a-zA-Z]'

// What introduces one's own name: 我叫, 本人, 户主…, or 我是/本人是 and the role one lives or acts in, where (长征桥社区居民, 5幢的住户).
const SELF_INTRO =
  '(?:我叫|我是|本人(?:是|叫)?|名叫|我的名字是|姓名(?:是|为)?[:：]?|户主|(?:联系人|投诉人|反映人|信访人|来信人|写信人|留言人|提问人|咨询人|举报人|当事人|申请人)[:：]?|' +
  '(?:我是|本人是?)[^\\s，,。；;！!？?、：:（()）]{0,12}?(?:居民|业主|住户|租户|村民|市民|车主|家长))'
// A surname character starting a common word, not a name: 于今年, 于上周 (a time), 曾经, 曾多次, 向物业反映 (to whom), 周边.
const NOT_A_NAME =
  '于(?:[今去前昨明上下本近当同该此这那次每]|[0-9一二两三四五六七八九十])|曾(?:经|多|在|于|向|到|因|去|来|找|被|是|有|给|为|把|将|与|和|跟|就|对|从|几|数)|' +
  '向[\\p{Script=Han}]{1,2}(?:反映|咨询|投诉|举报|求助|申请|了解|汇报|报告|提出|说明|请教|表示)|周边|周围|许可|方面|任何|何时|何处|陆续|严重|严格|符合|万分'
// What comes right after a name one introduces: punctuation, a title, one's age or home, or what one goes on to say.
const AFTER_A_NAME =
  '[，,。；;、：:\\s（(）)]|$|系|是|的|于|在|家|户|同志|先生|女士|反映|说|今年|现年|' +
  '想|要|请|咨询|希望|现住|居住|住(?![户宅房])|向(?:您|你|各位|领导|贵|政府|有关|相关|上级)|就|来(?:自|信|电|反映|咨询)|因|曾|已经|多次|一直|' +
  '今天|现在|目前|特(?:此|向|地)|生于|出生|身份证|电话|手机|联系|实名'

// Someone named after their role, not by themselves: 村民蒋介雄将…, 业主王术，…, 村民余亮洪的私人宅基地 (how a reply names a
// third party). After a role a surname character more often starts a word (业主方, 居民向街道, 居民高兴, 住户白天), so this
// is stricter than a self-introduction: no role of a group (全体业主, 我们村民) or inside a word (物业主任, 企业主), none of
// the words below, and the name must end in punctuation or what is said of a person (将, 家, 称, 等人, 的房屋, 签订…).
const ROLE =
  '(?<![物企]|全体|广大|部分|多名|个别|所有|其他|其它|众多|许多|不少|一些|有的|多数|各位|各|我们|你们|他们|咱们)(?:业主|住户|租户|居民|村民|市民|车主|家长|户主)'
// Words after a role that start with a surname character: 业主方, 居民向…, 市民文明出行, 住户陆续, 家长任何, 村民田地.
const ROLE_NOT_A_NAME =
  '方|向|万|何(?:时|处|以|去|在|种|况|必|其|尝|故|为|等)|任(?:何|意|由|其|务)|许(?:可|多|诺)|严(?:重|格|禁|厉|肃|查|惩|守)|' +
  '曾(?:一|无|几|组|听|部|屡)|高(?:兴|度|额|出|于|层|楼|空|温|价|速|龄|档|端|新|效|峰|压)|周(?:边|围|末|[一二三四五六日]|岁|年|期|转|到|全)|' +
  '文(?:明|化|件|体|艺|字|物|娱)|陆(?:续|陆)|符合|谢(?:谢|绝)|白(?:天|日|班|色)|顾(?:全|及|虑|忌|客|问|名)|陈(?:述|旧|列)|马(?:上|路)|' +
  '付(?:款|费|清|出|钱|了|给|账)|余(?:款|额|下|量|留|钱)|钱(?:款|财|物)|胡(?:乱|闹|作|搅)|金(?:额|钱)|田(?:地|间|园|里|土)|林(?:地|木|业)|' +
  '夏(?:天|季)|阳(?:台|光)|左(?:右|边|侧)|范围|程(?:序|度)|杜绝|毛坯|易(?:于|发)|石(?:头|料)|张(?:贴|开|罗)|黄(?:金|色|昏)|段(?:时|路)'
// The one or two characters after the surname: not a particle, pronoun or measure word (业主方的, 村民李姓家族).
const GIVEN_NAME = '[^\\P{Script=Han}的了们是已将被把从对也都就又还很等这那个些您你他她我某姓]'
// What follows a person named after their role: punctuation; whose house, land or family; what they did or said.
const AFTER_A_ROLE_NAME =
  '[，,。.…；;、：:（()）！!？?“”"【\\s]|$|' +
  '的(?:房|住房|宅基地|私人|自家|家|承包|责任田|土地|耕地|山林|林地|车|门面|门口|户口|名下|名义|身份证|电话|手机|账户|签名|诉求|来信|' +
  '举报|投诉|反映|申请|请求|要求|父亲|母亲|儿子|女儿|妻子|丈夫|老婆|孩子|子女|家人|亲属)|' +
  '将|把|被|家|户|等|系|是|所[建有为在述说称]|称|说|表示|反映|反应|介绍|告知|认为|同志|诉求|与|和|及|向|在|曾|因|从|已|' +
  '于(?=[0-9０-９一二今去前昨同当上本次])|[0-9]{2,4}年|经常|多次|一直|长期|一起|位于|现年|今年|年龄|出生|生于|' +
  '签订|签字|承包|负责|划分|办理|修建|购买|出售|转让|租用|经营|开设|没有|并未|擅自|私自|强行|违章|违法|违规|非法|私建|乱搭|乱建|霸占|占用|建房|' +
  '报警|举报|投诉|上访|来信|来电|申请|咨询|要求|请求|求助|进行|发现|发生|当即|再次|继续|利用|无视|涉嫌|打伤|殴打|毒打|恐吓|威胁|辱骂|' +
  '一家|[二两三]人|夫妇|夫妻|老人|之[父母子女妻夫]|妻|父亲|母亲|儿子|女儿|丈夫|养子|居住|住在|现住|家住|电话|手机|身份证'

// An official addressed by surname and title: 胡书记, 于区长, 張厅长.
const OFFICIAL_TITLE = '(?:书记|[市區区县縣省镇乡村厅局处科部院校所队组]长|市長|主任|老师|医生|经理|总)'

// Order matters: ID numbers before phones (an ID holds a phone-like run), e-mails before handles.
// `keep`: the part of the match that stays (a cue before the data); `found`: what is reported as found, when not all the rest.
const RULES: { kind: PersonalDataKind; re: RegExp; keep?: (m: string[]) => string; found?: (m: string[]) => string; repeat?: boolean }[] = [
  { kind: 'email', re: /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g },
  { kind: 'idNumber', re: new RegExp(`(?<![0-9])[1-9]${DIGIT}{5}(19|20)${DIGIT}{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])${DIGIT}{3}[0-9Xx](?![0-9])`, 'g') },
  // Mobile numbers, optionally +86 and with spaces or dashes: 138 0013 8000, +86-13800138000.
  { kind: 'phone', re: /(?<![0-9])(?:\+?86[-\s]?)?1[3-9][0-9](?:[-\s]?[0-9]{4}){2}(?![0-9])/g },
  // Landlines with an area code: 0731-12345678, (0731)1234567, 0731 1234 5678.
  { kind: 'phone', re: /(?<![0-9])(?:[(（]0[0-9]{2,3}[)）]|0[0-9]{2,3}[-\s])[0-9]{3,4}[-\s]?[0-9]{4}(?![0-9])/g },
  // A number right after 电话/手机/联系方式 is a phone whatever its shape.
  {
    kind: 'phone',
    re: /((?:电话|手机|手机号|联系方式|联系电话|热线|座机|固话|固定电话|宅电|tel|Tel|TEL)(?:号码)?(?:是|为)?[:：]?\s*)([0-9][0-9\-\s]{5,16}[0-9])/g,
    keep: m => m[1],
  },
  // WeChat and QQ accounts after their name: 微信wangayi1960, QQ号：123456789 (a WeChat that is a phone number went as a phone).
  { kind: 'account', re: new RegExp(`(${IM_PREFIX})${IM_ACCOUNT}`, 'g'), keep: m => m[1] },
  // Plates, also written with spaces: 浙A12345, 浙A·D12345, 浙 A 88888 (a digit among the first characters: not 浙 A 级景区).
  {
    kind: 'plate',
    re: /[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼楚]\s?[A-Za-z][·•\s-]?(?=[A-Za-z]{0,4}[0-9])[A-Za-z0-9]{5,6}(?![A-Za-z0-9])/g,
  },
  // The building a resident says they live in, with what follows it: 我住在佳苑北区3幢 → 我住在【地址】. The building
  // alone, where a problem is (5幢电梯坏了, 住在12栋的居民), stays: see below.
  {
    kind: 'address',
    re: new RegExp(
      `((?:我家|俺家|我|本人|俺)(?:就|也|现)?(?:住在|家住))[\\p{Script=Han}]{0,10}?[0-9]{1,3}(?:栋|幢|号楼)(?:${CN_NUM}{1,3}单元)?(?:${CN_NUM}{1,5}(?:室|号房|号)?)?`,
      'gu',
    ),
    keep: m => m[1],
  },
  // The flat a resident says is home in a named estate, building and all: 住和睦新村5幢2单元301室 → 住和睦新村【地址】,
  // 家住长征桥小区12栋1单元302 (the estate stays). Only with a room after the building (住在12栋的居民 stays, and so does
  // the building of 住在12栋2单元的居民); without an estate the building says little and stays (住5幢502 → 住5幢【地址】), and 住 not the start of 住宅, 住户, 住房 or 住建.
  {
    kind: 'address',
    re: new RegExp(
      `((?:家住|住在|住)(?![宅户房建院])[\\p{Script=Han}]{1,10}?)[0-9]{1,3}(?:栋|幢|号楼)(?:${CN_NUM}{1,3}单元)?[0-9]{3,4}(?:室|号房|号)?(?![0-9户人多年层个天号楼栋幢米元万块])`,
      'gu',
    ),
    keep: m => m[1],
  },
  // Building, unit and room written as digits: 18-2-303, 5-2-301室 (not a date, 2019-10-01, nor a phone).
  { kind: 'address', re: /(?<![0-9A-Za-z-])[0-9]{1,3}[-－—–][0-9]{1,2}[-－—–][0-9]{3,4}(?:室|号房|号)?(?![0-9-])/g },
  // Unit and room, where someone lives: 3栋2单元501室 → 3栋【地址】, a栋803, 7号楼1602.
  // The building alone (5幢电梯坏了) names where the problem is, shared by many households: it stays.
  {
    kind: 'address',
    re: new RegExp(`(${CN_NUM}{1,4}(?:栋|幢|号楼))(?:${CN_NUM}{1,3}单元(?:${CN_NUM}{1,5}(?:室|号房|号|楼|层)?)?|${CN_NUM}{1,5}(?:室|号房|号|楼|层)?)`, 'g'),
    keep: m => m[1],
  },
  { kind: 'address', re: new RegExp(`${CN_NUM}{1,3}单元${CN_NUM}{1,5}(?:室|号)?|${DIGIT}{3,5}(?:室|号房)`, 'g') },
  // The flat someone says they live in, without 室: 住301, 家住在1102 (not 住200多人, 住了3年, 18层).
  { kind: 'address', re: /((?:家住|住在|住)(?:[0-9]{1,2}(?:楼|层))?)[0-9]{3,4}(?![0-9户人多年层个天号楼栋幢米元万块])/g, keep: m => m[1] },
  // A neighbour's flat: 楼下502, 隔壁1201的 (not 楼上18层, 隔壁3户).
  { kind: 'address', re: /((?:楼上|楼下|对门|隔壁)的?)[0-9]{3,4}(?:室|号)?(?![0-9户人多年层个天号楼栋幢米元万块])/g, keep: m => m[1] },
  // A house number on a road: 珍珠北路139号 → 珍珠北路【地址】.
  { kind: 'address', re: new RegExp(`((?:路|街|巷|道|里|村|组))${DIGIT}{1,5}(?:-${DIGIT}{1,4})?号(?:院)?`, 'g'), keep: m => m[1] },
  // Board handles: 网友“UU008792”, “A00072615”网友.
  { kind: 'handle', re: /(?:网友)?[“"]?(?:UU|A000)[0-9]{2,}[”"]?(?:网友)?/g },
  // Self-introductions and roles followed by a name: 我叫李柏思, 我是张三, 本人李建国, 户主陈改平, 信访人胡某明, and the
  // role one introduces oneself by: 我是长征桥社区居民李秀英. A name needs an end: punctuation, or what a resident goes on
  // to say (我是李秀英想问…, 本人王建国家住…, 我是张伟请问…). Not a pronoun (本人向您反映), a place or someone one
  // is (我是金陵镇（…）, 我是江北人想…), nor a surname character used as a word (本人于今年…, 本人向物业反映, 我是周边居民).
  {
    kind: 'name',
    re: new RegExp(
      `(${SELF_INTRO}\\s*)((?!${NOT_A_NAME})${SURNAME}(?![您你他她我])(?:某|[\\p{Script=Han}]{1,2})(?<![镇乡村区县市省路街人员者户们]|中生))(?=${AFTER_A_NAME})`,
      'gu',
    ),
    keep: m => m[1],
  },
  // Someone named after their role (see ROLE): 村民【姓名】将…, 业主【姓名】，…; the role stays and the name is what is found,
  // so it goes wherever else it is written. A name is not a place (…村, …湾, …镇).
  {
    kind: 'name',
    re: new RegExp(
      `(${ROLE})((?!${NOT_A_NAME}|${ROLE_NOT_A_NAME})(?:${COMPOUND_SURNAME}|${SURNAME})${GIVEN_NAME}{1,2}(?<![镇乡村区县市省路街组湾冲坪塘岭寨屯垅庄苑]))(?=${AFTER_A_ROLE_NAME})`,
      'gu',
    ),
    keep: m => m[1],
  },
  // Whom to contact, in a reply or a notice: 请联系张建国，电话…; 网格员李明; 经办人：陈小红. Not 联系方式, 联系何处,
  // nor an office or a place (咨询文化局, 联系江北区): the name must end before punctuation, a phone or a title.
  {
    kind: 'name',
    re: new RegExp(
      `((?:(?:请|可|可以|直接|请直接)?(?:联系|致电|咨询)|经办人|负责人|工作人员|网格员|社区民警|民警|专管员|联络员)[:：]?\\s*)(?!方式|方法|何)(${SURNAME}(?![您你他她我])[\\p{Script=Han}]{1,2}(?<![镇乡村区县市省路街局委办科所站队处院部厅会司馆校园厂店行网台]))(?=[，,。；;、：:\\s（(）)]|$|电话|手机|联系|主任|书记|经理|老师|科长|所长|站长|队长|同志)`,
      'gu',
    ),
    keep: m => m[1],
  },
  // A neighbour by name, where they live: 楼下502的刘建国也说过, 对门的陈秀兰天天…, 邻居黄志强，… (the flat went above).
  // Not 楼下的超市, 对门的邻居, 隔壁小区: the name is a surname and one or two characters, followed by what people say next.
  {
    kind: 'name',
    re: new RegExp(
      `((?:楼上|楼下|对门|隔壁|邻居家?)(?:【地址】)?的?)(${SURNAME}(?![您你他她我])[\\p{Script=Han}]{1,2}?(?<![楼层房店铺区院门口家]))(?=[，,。；;、：:\\s（(）)]|$|也|说|家|又|还|经常|天天|每天|总|一直|在|把|老|都|就|和|跟|他|她)`,
      'gu',
    ),
    keep: m => m[1],
  },
  // A name in brackets after a nickname or a form of address: 老王（王大明）, 李阿姨(李秀英), 小张（张伟） → 【姓名】;
  // the bracketed name is what is found, so it goes wherever else it is written. Not 老王（物业）, 小区（和睦新村）.
  {
    kind: 'name',
    re: new RegExp(
      `(?:[老小阿]${SURNAME}|${SURNAME}(?:先生|女士|小姐|师傅|阿姨|大爷|奶奶|爷爷|大妈|大姐|大哥|叔叔|婶婶|姐|哥|叔|婶|伯|姨)|【姓名】)\\s*[（(]\\s*((?:${COMPOUND_SURNAME}|${SURNAME})[\\p{Script=Han}]{1,2}(?<![镇乡村区县市省路街局委办科所站队处院部厅会司馆校园厂店行网台]))\\s*[）)]`,
      'gu',
    ),
    found: m => m[1],
  },
  // A message signed or attributed in brackets: （李建国问）, (王芳 反映), ——赵志刚 at the end of a line. Not a place
  // (——张家界), nor an official by title (（李书记问）).
  {
    kind: 'name',
    re: new RegExp(
      `([（(]\\s*)((?:${COMPOUND_SURNAME}|${SURNAME})(?!${OFFICIAL_TITLE})${GIVEN_NAME}{1,2}(?<![镇乡村区县市省路街局委办科所站队处院部厅会司馆校园厂店行网台]))(?=\\s*(?:问|反映|提问|留言|咨询|来信)\\s*[）)])`,
      'gu',
    ),
    keep: m => m[1],
  },
  {
    kind: 'name',
    re: new RegExp(
      `((?:——|—|－－|--)[ \\t]*)((?:${COMPOUND_SURNAME}|${SURNAME})${GIVEN_NAME}{1,2}(?<![镇乡村区县市省路街局委办科所站队处院部厅会司馆校园厂店行网台界山河湖江]))(?=[ \\t]*(?:\\n|$))`,
      'gu',
    ),
    keep: m => m[1],
  },
  // Names listed after a name already found: 举报人：【姓名】、王才茂、张庆国 (each in turn, so the rule runs until none is left).
  {
    kind: 'name',
    re: new RegExp(
      `(【姓名】[、，, \\t　]+)((?:${COMPOUND_SURNAME}|${SURNAME})${GIVEN_NAME}{1,2}(?<![镇乡村区县市省路街局委办科所站队处院部厅会司馆校园厂店行网台]))(?=[、，,。；; \\t　\\n]|等|$)`,
      'gu',
    ),
    keep: m => m[1],
    repeat: true,
  },
  // A reply greeting the resident by name, at the start of the text or of a line: 张秀英：您好, 李建国同志：你好. Not a
  // letter to an official by title (胡书记：您好), who is named in office, not as a person.
  {
    kind: 'name',
    re: new RegExp(
      `((?:^|\\n)\\s*)((?:${COMPOUND_SURNAME}|${SURNAME})(?!${OFFICIAL_TITLE})[\\p{Script=Han}]{1,2}?)(?=(?:同志|先生|女士|小姐)?\\s*[:：，,]\\s*(?:您|你)好)`,
      'gu',
    ),
    keep: m => m[1],
  },
  // A full name with a form of address: 张建国师傅, 欧阳春花女士.
  { kind: 'name', re: new RegExp(`(?:${COMPOUND_SURNAME}|${SURNAME})[^\\P{Script=Han}的位们等些各]{1,2}(?:先生|女士|小姐|师傅|阿姨|大爷|同志)`, 'gu') },
  // Forms of address: 王先生, 李女士, 张某某, 刘某明.
  { kind: 'name', re: new RegExp(`${SURNAME}(?:先生|女士|小姐|师傅|阿姨|大爷|奶奶|爷爷|某某|某[\\p{Script=Han}]?)`, 'gu') },
]

/** A text matched literally inside a pattern. */
export const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** One piece of personal data found in a text: its kind and the words as written. */
export type PersonalDataFound = { kind: PersonalDataKind; text: string }

/** Removes personal data; see the module comment for what is caught. */
export function scrubPersonalData(text: string, known: KnownPersonalData = {}): ScrubResult {
  return scrub(text, known, null)
}

/**
 * What scrubPersonalData would remove from a text, in the order it is removed:
 * for telling someone what to take out of what they wrote, not changing it.
 */
export function findPersonalData(text: string, known: KnownPersonalData = {}): PersonalDataFound[] {
  const found: PersonalDataFound[] = []
  scrub(text, known, found)
  return found
}

// Whom a message or a reply names by role, title or kin, or thanks: a name after one of these is a person's, when the segmenter finds a
// word there that its dictionary does not know (车主彭贵永收费, 父亲黄刚明患有, 书记林平建指使). The words that follow a name
// are too many to list, so this asks the dictionary instead of a list; an ordinary word there is known (书记高度重视).
const NAMED_BY = new RegExp(
  `(?<![物企]|全体|广大|部分|多名|个别|所有|其他|其它|众多|许多|不少|一些|有的|多数|各位|各|我们|你们|他们|咱们)` +
    '(?:业主|住户|租户|居民|村民|市民|车主|家长|户主|职工|员工|工人|农户|学生|同学|同事|老人|患者|病人|伤者|死者|五保户|低保户|贫困户|' +
    '残疾人|军人|老板|店主|司机|门卫|保安|民警|辅警|律师|医生|教师|书记|村支书|村主任|村干部|主任|局长|校长|院长|所长|队长|组长|经理|负责人|' +
    '网格员|网格长|楼长|楼栋长|单元长|社工|志愿者|保洁员|管理员|协管员|感谢|谢谢|' +
    '父亲|母亲|儿子|女儿|丈夫|妻子|老公|老婆|哥哥|弟弟|姐姐|妹妹|爷爷|奶奶|外公|外婆|女婿|儿媳|侄子|外甥|孙子|孙女|邻居|亲戚|朋友)' +
    `(?=${COMPOUND_SURNAME}|${SURNAME})`,
  'gu',
)
const UNKNOWN_NAME = new RegExp(
  `^(?!${NOT_A_NAME}|${ROLE_NOT_A_NAME}|钱花|向南|高中|初中|大学|小学)(?:${COMPOUND_SURNAME}|${SURNAME})${GIVEN_NAME}{1,2}$(?<![镇乡村区县市省路街组湾冲坪塘岭寨屯垅庄苑长记])`,
  'u',
)
// What a given name the dictionary also knows as a word is tagged (a noun, a place, a name, an adjective, a verb).
const GIVEN_WORD_TAGS = new Set(['n', 'nz', 'nr', 'ns', 'nt', 'a', 'v', 'vn'])
const TITLE_OR_SAYING =
  /^(老师|医生|同志|书记|局长|主任|校长|院长|所长|队长|组长|经理|师傅|先生|女士|小姐|阿姨|大爷|总监|总经理|科长|处长|部长|县长|镇长|乡长|村长|律师|警官|某某|强调|表示|指出|要求|介绍|认为|答复|回复|同意|负责|批示|签字|说明|反映|称赞|承诺|解释|回应)$/u
// How far after the role the segmenter reads: a name and the word after it, so that it cuts the name as in the sentence.
const NAME_WINDOW = 12

/** Names after a role, a title or a relative that the segmenter's dictionary does not know (see NAMED_BY). */
function unknownNamesAfterRoles(text: string): string[] {
  const names = new Set<string>()
  for (const m of text.matchAll(NAMED_BY)) {
    const start = m.index + m[0].length
    const words = defaultSegmenter().tag(text.slice(m.index, start + NAME_WINDOW))
    const split = splitAt(words, m[0].length)
    let [next, after] = split.after
    // The segmenter read the role's last character with the name (楼|长孙|建华, 网格|长周敏): read from the name
    // instead, unless that word is an ordinary one (主|任何, where 何 is not a surname).
    if (split.across) {
      if (!NAME_LIKE_TAGS.has(split.across.tag)) continue
      ;[next, after] = defaultSegmenter().tag(text.slice(start, start + NAME_WINDOW))
    }
    if (!next) continue
    const word = nameFrom(next, after)
    if (UNKNOWN_NAME.test(word)) names.add(word)
  }
  return [...names]
}

type Tagged = { word: string; tag: string }

// What the segmenter tags a name, a place, a noun (网格|员林|小红) or a word it does not know.
const NAME_LIKE_TAGS = new Set(['x', 'n', 'nr', 'ns', 'nz'])

/** The words after character `at` of the segmented text, or the word that starts before it and ends after it. */
function splitAt(words: Tagged[], at: number): { after: Tagged[]; across?: Tagged } {
  let end = 0
  for (let i = 0; i < words.length; i++) {
    const begin = end
    end += words[i].word.length
    if (end === at) return { after: words.slice(i + 1) }
    if (begin < at && end > at) return { after: [], across: words[i] }
  }
  return { after: [] }
}

/**
 * The name the segmenter's words at a name's place spell: an unknown word of two to four characters (a name run into
 * the next character keeps its first three); a three-character word the dictionary knows as a person's name (张国庆);
 * or a surname the segmenter cut off a given name that is also a word (龚|德国, 董|学成), not a title (唐老师) nor a
 * word said of them (王|强调). '' when they spell none.
 */
function nameFrom(next: Tagged, after: Tagged | undefined): string {
  if (next.tag === 'x' && next.word.length >= 2 && next.word.length <= 4) return next.word.slice(0, 3)
  if (next.tag === 'nr' && next.word.length === 3) return next.word
  // A lone surname is tagged a name, or a morpheme (孙|建华).
  if (
    (next.tag === 'nr' || next.tag === 'zg') &&
    next.word.length === 1 &&
    after &&
    GIVEN_WORD_TAGS.has(after.tag) &&
    /^\p{Script=Han}{2}$/u.test(after.word) &&
    !TITLE_OR_SAYING.test(after.word)
  )
    return next.word + after.word
  // A surname the segmenter took for another word (张 as a measure word: 张|秀英) before a given name it tags a name.
  if (next.word.length === 1 && after?.tag === 'nr' && /^\p{Script=Han}{2}$/u.test(after.word)) return next.word + after.word
  return ''
}

// A sentence that opens with someone's name and what they reported: 李明反映…, 刘志刚说…, 陈桂兰来电称… (a complaint
// passed on, a reply quoting a resident). Only where the segmenter reads a name: a two-character word it knows
// (金山反映, 高明说) or a place (高新区反映) stays. A name labelling what follows (王建国：…) is one too.
const REPORTED = '(?:反映|说|称|问|表示|投诉|举报|来电|来信|致电|咨询|留言|告诉|介绍|[：:])'
const OPENING_NAME = new RegExp(`(?:^|[。！？!?；;\\n])\\s*(?=(?:${COMPOUND_SURNAME}|${SURNAME})\\p{Script=Han}{1,2}?${REPORTED})`, 'gu')
const REPORTED_NEXT = new RegExp(`^${REPORTED}`, 'u')
const REPORTED_WORD = new RegExp(`^${REPORTED}$`, 'u')

/** Names that open a sentence and are followed by what the person reported (see OPENING_NAME). */
function namesOpeningReports(text: string): string[] {
  const names = new Set<string>()
  for (const m of text.matchAll(OPENING_NAME)) {
    const start = m.index + m[0].length
    const words = defaultSegmenter().tag(text.slice(start, start + NAME_WINDOW))
    const word = words[0] ? nameFrom(words[0], words[1]) : ''
    // A surname alone and the verb read as one unknown word (邓说：…) is no full name.
    if (!UNKNOWN_NAME.test(word) || /[说称问]$/u.test(word)) continue
    // The word after the name is the report itself (说), not a longer word it starts (王府井|说明书). An unknown word
    // cut to its first three characters ends with the report (王永红称): what is left of it is what follows the name.
    const reported =
      word.length < words[0].word.length ? { word: words[0].word.slice(word.length), tag: 'x' } : words[word.length === words[0].word.length ? 1 : 2]
    if (reported && (REPORTED_WORD.test(reported.word) || (reported.tag === 'x' && REPORTED_NEXT.test(reported.word)))) names.add(word)
  }
  return [...names]
}

// A full name with no cue before it (路口拥堵，张伟明也看到了; 这事王秀英和李建国都知道). The segmenter tags many dictionary
// words a name (孔明灯, 林权证, 何原因, 马王堆, 秦始皇), so a name it finds by itself, not in its dictionary, counts alone;
// a dictionary word only beside words said of people (李建国也…, 和张伟明…), a name of two characters between them (和刘洋都…).
const BARE_NAME_BEFORE = /^(?:和|跟|与|同)$/u
// A common single surname only: a compound one starts too many words read as names (东方红, 欧阳询).
const STARTS_WITH_SURNAME = new RegExp(`^${SURNAME}`, 'u')
const BARE_NAME_AFTER = /^(?:也|都|说|家)$/u
// What ends a place or a thing, and titles the segmenter reads with a surname (张家界, 王府井, 白云山, 胡书记, 汪老板).
const NOT_BARE_NAME =
  /(?:[区山园界井寺洞阁楼县市村湾河湖岛港桥站场路街巷镇乡省庄寨坡岭塘江海州城门宫殿堂庙台院馆局上下里人]|书记|主任|老师|医生|经理|师傅|先生|女士|同志|大人|将军|老爷|夫人|老板|老三)$/u
// A place or a building it starts (青湖水岸小区, 石坪上组, 孙中山路), or an official's title after it.
const NOT_AFTER_BARE_NAME = new RegExp(
  `^(?:${OFFICIAL_TITLE}|[路街巷道区村镇乡县市省组岸里湾苑府塘冲桥湖山河港站线]|小区|广场|公园|公司|集团|局|学校|中学|小学|医院|大厦|酒店|宾馆|超市|花园|新村|社区|楼盘|安置)`,
  'u',
)
// A place written before it (某县段拓宽), or asking someone to do something (请刘原谅).
const NOT_BEFORE_BARE_NAME = /[省市县区镇乡村路街请]$/u
// Parts of speech a given name is not, as a word of its own (泥巴, 原因, 素质, 开水, 现金).
const NOT_GIVEN_NAME_TAGS = new Set(['n', 'v', 'vn', 'a', 'ad', 'an', 'd', 't', 'm', 'f', 'r', 'nrt', 'c', 'p'])
// Dictionary words this common are known things or famous people (东方红, 马克思, 熊希龄, 宋之问), not a resident.
const COMMON_WORD = 10

let dictionary: Map<string, { freq: number; tag: string }> | undefined
/** Two- and three-character words of the segmenter's dictionary, with how common they are and their tag. */
const dictionaryWord = (word: string) => {
  if (!dictionary) {
    dictionary = new Map()
    for (const line of defaultDictionary().toString('utf8').split('\n')) {
      const [w, freq, tag] = line.split(' ')
      if (w && (w.length === 2 || w.length === 3)) dictionary.set(w, { freq: Number(freq), tag: (tag ?? '').trim() })
    }
  }
  return dictionary.get(word)
}

/** Full names the segmenter reads in ordinary sentences, with no cue before them (see BARE_NAME_BEFORE). */
function bareNames(text: string): string[] {
  const names = new Set<string>()
  const words = defaultSegmenter().tag(text)
  let at = 0
  for (let i = 0; i < words.length; i++) {
    const { word, tag } = words[i]
    at += word.length
    const next = words[i + 1]
    let name = ''
    let start = at - word.length
    let end = at
    let after = next
    if (tag === 'nr' && word.length === 3) name = word
    else if (
      next &&
      /^\p{Script=Han}{2}$/u.test(next.word) &&
      ((tag === 'nr' && word.length === 1 && (next.tag === 'nr' || next.tag === 'ns')) || (tag === 'x' && next.tag === 'nr'))
    ) {
      // A surname the segmenter cut off its given name (陈|桂兰, 王|秀英), or read with the word before it (这事王|秀英).
      name = word.slice(-1) + next.word
      start = at - 1
      end = at + 2
      after = words[i + 2]
    } else if ((tag === 'x' || tag === 'nr') && word.length === 2) name = word
    if (!name || !STARTS_WITH_SURNAME.test(name) || !UNKNOWN_NAME.test(name) || NOT_BARE_NAME.test(name)) continue
    if (
      /^.[省市县区镇乡村路街]/u.test(name) ||
      NOT_BEFORE_BARE_NAME.test(text.slice(Math.max(0, start - 1), start)) ||
      NOT_AFTER_BARE_NAME.test(text.slice(end, end + 4))
    )
      continue
    const known = dictionaryWord(name)
    const given = dictionaryWord(name.slice(1))
    if (known && known.freq >= COMMON_WORD) continue
    if (name.length === 3 && given && NOT_GIVEN_NAME_TAGS.has(given.tag)) continue
    const before = BARE_NAME_BEFORE.test(words[i - 1]?.word ?? '')
    const said = BARE_NAME_AFTER.test(after?.word ?? '')
    // Two characters are as often a place or a word (黄星大道, 高管, 左转): only between both, and never a dictionary word.
    if (name.length === 2 ? known || !(before && said) : known && !(before || said)) continue
    names.add(name)
  }
  return [...names]
}

function scrub(text: string, known: KnownPersonalData, found: PersonalDataFound[] | null): ScrubResult {
  const removed: ScrubResult['removed'] = {}
  const count = (kind: PersonalDataKind, what: string) => {
    removed[kind] = (removed[kind] ?? 0) + 1
    found?.push({ kind, text: what })
  }
  let out = text ?? ''
  const replaceKnown = (values: readonly (string | null | undefined)[] | undefined, kind: PersonalDataKind, variants: (v: string) => string[]) => {
    for (const raw of values ?? []) {
      const v = (raw ?? '').trim()
      if (v.length < 2) continue
      for (const form of variants(v)) {
        if (form.length < 2) continue
        const re = new RegExp(escapeRe(form), 'g')
        out = out.replace(re, () => {
          count(kind, form)
          return PLACEHOLDER[kind]
        })
      }
    }
  }
  // The record's own data first, in the forms people write it.
  replaceKnown(known.phones, 'phone', v => {
    const digits = v.replace(/[^0-9]/g, '')
    return digits.length >= 7 ? [v, digits] : [v]
  })
  replaceKnown(known.addresses, 'address', v => [v])
  replaceKnown(known.names, 'name', v => [v])

  for (const rule of RULES) {
    for (let before = ''; before !== out;) {
      before = out
      // The callback gets (match, ...groups, offset, whole text): match and groups are what `keep` reads.
      out = out.replace(rule.re, (...args: unknown[]) => {
        const kept = rule.keep ? rule.keep(args as string[]) : ''
        count(rule.kind, rule.found ? rule.found(args as string[]) : (args[0] as string).slice(kept.length))
        return kept + PLACEHOLDER[rule.kind]
      })
      if (!rule.repeat) break
    }
  }
  // Longest first, so that a name is not left half replaced by a shorter one it starts with.
  for (const name of [...new Set([...unknownNamesAfterRoles(out), ...namesOpeningReports(out), ...bareNames(out)])].sort((a, b) => b.length - a.length)) {
    out = out.replaceAll(name, () => {
      count('name', name)
      return PLACEHOLDER.name
    })
  }
  return { text: out, removed }
}

/**
 * Names a text introduces (我叫…, 户主…, 投诉人…): pass them as `known.names`
 * when scrubbing the reply, which often greets the resident by name.
 */
export function introducedNames(text: string): string[] {
  const rule = RULES.find(r => r.kind === 'name' && r.keep)!
  const names = new Set<string>()
  for (const m of (text ?? '').matchAll(new RegExp(rule.re.source, rule.re.flags))) if (!m[2].includes('某')) names.add(m[2])
  return [...names]
}

const LEFT_ACCOUNT = new RegExp(`${IM_PREFIX}${IM_ACCOUNT}`)

/** True when the scrubbed text still holds something that looks like a phone or ID number or a WeChat or QQ account (a last check before publishing). */
export function looksPersonal(text: string): boolean {
  return /(?<![0-9])1[3-9][0-9]{9}(?![0-9])|(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])/.test(text) || LEFT_ACCOUNT.test(text)
}

// What presents a number as an office's: 社区办公室电话, 值班电话, 服务热线, 咨询电话, 城管科室, and the lines a reply gives
// for a service (预约电话, 办事电话, 服务电话, 监督电话) (longer cues first);
// in English, office phone / duty tel. / office number / hotline / helpline.
const OFFICE_CUE_ZH =
  '(?:办公室电话|办公电话|值班室电话|值班电话|咨询电话|预约电话|办事电话|服务电话|监督电话|服务热线|热线电话|科室电话|热线|办公室|值班室|科室)(?:号码)?(?:是|为)?[:：]?'
const OFFICE_CUE_EN =
  '\\b(?:(?:office|duty|service|enquiry|inquiry)\\s+(?:phone|telephone|tel\\.?|number|line)|hotline|helpline)(?:\\s+(?:number|is))*\\s*[:：]?'
const OFFICE_CUE = `(?:${OFFICE_CUE_ZH}|${OFFICE_CUE_EN})\\s*`
// A landline: with an area code (0571-88881234, (0571)88881234, 0571 8888 1234) or a local 7–8 digits; never a mobile.
const LANDLINE = '(?:[(（]0[0-9]{2,3}[)）]\\s?|0[0-9]{2,3}[-\\s]?)[0-9]{3,4}[-\\s]?[0-9]{4}|[2-9][0-9]{2,3}[-\\s]?[0-9]{4}'
const OFFICE_NUMBER = new RegExp(`${OFFICE_CUE}(${LANDLINE})(?![0-9])`, 'gi')

/**
 * Landlines a text gives as an office's (办公室电话0571-88881234, 值班电话88881234),
 * as written. For staff writing to a department, where an office's number may
 * stay; what is published is scrubbed as before. A mobile is never an office's.
 */
export function officeNumbers(text: string): string[] {
  return [...(text ?? '').matchAll(OFFICE_NUMBER)].map(m => m[1])
}

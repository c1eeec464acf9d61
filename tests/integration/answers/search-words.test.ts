import { describe, expect, test } from 'vitest'
import AnswersIndex, * as answersIndex from '#app/routes/_answers+/answers._index'
import { MAX_WORDS, searchAnswers } from '#app/services/answers.server'
import type { Db } from '#db/client'
import { publishFaqEntry, recordComplaintReply, reviewAnswer } from '#db/queries/answers'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { seedDemo } from '#db/seed'
import { callRoute, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'
import { renderPage } from '#tests/render-page'

// Synthetic answers about two subjects, one about both and one about neither: all made up here.
function setup() {
  const db = createTestDb()
  const units = seedTestUnits(db)
  const faq = (question: string, reply: string) => publishFaqEntry(db, { question, reply, sourceIds: [] }, SYSTEM).id
  const ids = {
    rubbish: faq(
      '垃圾分类投放点几点开放？错过时间的垃圾怎么办？',
      '各小区实行定时定点投放，时间为早上7:00–9:00、晚上18:00–20:00。错过时间的，可以投放到小区的误时投放点。',
    ),
    charging: faq('电动自行车能不能在楼道里充电？小区哪里可以充？', '不能。楼道、楼梯间和家中都严禁给电动自行车充电。各社区都建有集中充电棚，扫码付费充电。'),
    lamp: faq('小区路灯坏了找谁修？', '小区内的路灯由物业负责维修，道路上的路灯可以在本平台反映，由城管中队安排维修。'),
    both: reply(
      db,
      units.czq.id,
      '充电棚旁边堆满了垃圾',
      '长征桥小区充电棚旁边的垃圾好几天没人清理。',
      '已通知物业清理充电棚旁的垃圾，并在充电棚旁增设垃圾桶。',
    ),
  }
  return { db, units, ids }
}

function reply(db: Db, communityId: number, subject: string, body: string, text: string) {
  const c = createComplaint(db, { channel: 'web', communityId, subject, body }, SYSTEM).complaint
  return reviewAnswer(db, { answerId: recordComplaintReply(db, { complaintId: c.id, reply: text }, SYSTEM).id, decision: 'publish' }, SYSTEM).id
}

type Page = { results: { id: number; partial: boolean }[] }
const load = async (query: string) => (await (await callRoute(answersIndex.loader, makeRequest(`/answers?${query}`))).json()) as Page

describe('a search of several words', () => {
  test('lists the answers holding every word first, then those holding any of them', () => {
    const { db, ids } = setup()
    const found = searchAnswers(db, { q: '垃圾 充电' })
    expect(found.map(a => a.id)[0]).toBe(ids.both)
    expect(found.map(a => a.id).sort()).toEqual([ids.both, ids.rubbish, ids.charging].sort())
    expect(found.map(a => a.partial)).toEqual([false, true, true])
  })

  test('finds both subjects when no answer holds both', () => {
    const { db, ids } = setup()
    const found = searchAnswers(db, { q: '垃圾  路灯' })
    expect(found.map(a => a.id).sort()).toEqual([ids.rubbish, ids.lamp, ids.both].sort())
    expect(found.every(a => a.partial)).toBe(true)
  })

  test('a word no answer holds leaves the others’ answers listed, as holding only some words', () => {
    const { db, ids } = setup()
    expect(searchAnswers(db, { q: '流感疫苗 路灯' }).map(a => [a.id, a.partial])).toEqual([[ids.lamp, true]])
    expect(searchAnswers(db, { q: '流感 疫苗' })).toEqual([])
  })

  test('one subject, or words of one question, are searched as before', () => {
    const { db, ids } = setup()
    expect(searchAnswers(db, { q: '充电' }).map(a => a.id)).toEqual(expect.arrayContaining([ids.charging, ids.both]))
    expect(searchAnswers(db, { q: '充电' }).every(a => !a.partial)).toBe(true)
    // Filler words are no subjects of their own: the answer holding the subject holds the whole search.
    expect(searchAnswers(db, { q: '路灯 怎么办' }).map(a => [a.id, a.partial])).toEqual([[ids.lamp, false]])
  })

  test('a word no answer uses is not found by a part of it: 物业费 is not 物业 mentioned in passing', () => {
    const { db, ids } = setup()
    expect(searchAnswers(db, { q: '物业' }).map(a => a.id)).toEqual(expect.arrayContaining([ids.lamp, ids.both]))
    expect(searchAnswers(db, { q: '物业费' })).toEqual([])
    expect(searchAnswers(db, { q: '物业费 路灯' }).map(a => [a.id, a.partial])).toEqual([[ids.lamp, true]])
    // Words the segmenter cuts into words the answers use are held whole (充电|棚).
    expect(searchAnswers(db, { q: '充电棚' }).map(a => a.id)).toEqual(expect.arrayContaining([ids.charging, ids.both]))
  })

  test('an answer holds a word its category names: 广场舞 filed under 噪音污染 holds 广场舞 噪音', () => {
    const { db } = setup()
    const dance = publishFaqEntry(
      db,
      {
        question: '广场舞音响太响怎么办？',
        reply: '可向社区反映，社区会约谈广场舞队伍，控制音量和时间。',
        sourceIds: [],
        categoryPath: ['环境保护', '噪音污染'],
      },
      SYSTEM,
    ).id
    expect(searchAnswers(db, { q: '广场舞 噪音' }).map(a => [a.id, a.partial])).toEqual([[dance, false]])
  })

  test('a complaint’s subject and body, searched for answers like it, are one question, not words each found on its own', () => {
    const { db, ids } = setup()
    expect(searchAnswers(db, { q: '垃圾 路灯', asQuestion: true })).toEqual([])
    expect(searchAnswers(db, { q: '充电棚旁边堆满了垃圾 好几天没人清理', asQuestion: true }).map(a => a.id)).toEqual([ids.both])
  })

  test('on /answers within a community, the frequent questions holding only some words come after its answers holding all', async () => {
    const { units, ids } = setup()
    const page = await load(`q=${encodeURIComponent('垃圾 充电')}&community=${units.czq.id}`)
    expect(page.results.map(r => r.id)[0]).toBe(ids.both)
    expect(page.results.map(r => r.partial)).toEqual([false, true, true])
  })

  test('says, in the reader’s language, where the answers holding only some of the words begin', async () => {
    setup()
    const path = `/answers?q=${encodeURIComponent('垃圾 充电')}`
    const loaderData = await (await callRoute(answersIndex.loader, makeRequest(path))).json()
    const zh = await renderPage(AnswersIndex, { path, locale: 'zh', loaderData })
    expect(zh).toContain('以下答复只与部分搜索词有关')
    const en = await renderPage(AnswersIndex, { path, locale: 'en', loaderData })
    expect(en).toContain('The answers below match only some of your words')
    // Not said when every answer holds every word.
    const one = `/answers?q=${encodeURIComponent('充电')}`
    const oneData = await (await callRoute(answersIndex.loader, makeRequest(one))).json()
    expect(await renderPage(AnswersIndex, { path: one, locale: 'zh', loaderData: oneData })).not.toContain('以下答复只与部分搜索词有关')
  })

  test('an answer is listed as holding the whole search only when it holds every word, however well it matches most of them', () => {
    const { db, ids } = setup()
    // The answer about rubbish by the charging shed holds 垃圾 and 充电 but not 路灯.
    const found = searchAnswers(db, { q: '充电棚 垃圾 路灯' })
    expect(found.find(a => a.id === ids.both)?.partial).toBe(true)
    expect(found.every(a => a.partial)).toBe(true)
    // A word no answer holds: the answers on the other word hold only part of the search.
    const mars = searchAnswers(db, { q: '垃圾 火星' })
    expect(mars.map(a => a.id)).toEqual(expect.arrayContaining([ids.rubbish, ids.both]))
    expect(mars.every(a => a.partial)).toBe(true)
  })

  test('a word is held in the answer’s own words too: a synonym, or a word the segmenter splits', () => {
    const { db, ids } = setup()
    // 电动车 is the reply's 电动自行车.
    expect(searchAnswers(db, { q: '电动车 充电' }).find(a => a.id === ids.charging)?.partial).toBe(false)
    expect(searchAnswers(db, { q: '充电棚 垃圾' }).find(a => a.id === ids.both)?.partial).toBe(false)
    expect(searchAnswers(db, { q: '垃圾分类 投放点' }).find(a => a.id === ids.rubbish)?.partial).toBe(false)
  })

  test('more words find no fewer answers: each of the first words is still searched on its own', () => {
    const { db, ids } = setup()
    const words = ['垃圾', '充电', '路灯', '菜场', '施工', '老年食堂', '配药', '广场舞', '火星', '停车', '电梯', '物业']
    expect(MAX_WORDS).toBeGreaterThanOrEqual(8)
    let before: number[] = []
    for (let n = 2; n <= words.length; n++) {
      const found = searchAnswers(db, { q: words.slice(0, n).join(' ') }).map(a => a.id)
      expect(found).toEqual(expect.arrayContaining(before))
      before = found
    }
    expect(before.sort()).toEqual([ids.rubbish, ids.charging, ids.lamp, ids.both].sort())
  })

  test('in the demo district, the answers that lack a word of the search are listed under the line', async () => {
    const db = createTestDb()
    await seedDemo(db)
    const whole = (q: string) => searchAnswers(db, { q }).filter(a => !a.partial)
    for (const q of ['广场舞 音响 垃圾', '电动车 充电 垃圾', '配药 预约 食堂', '垃圾 火星']) {
      expect(searchAnswers(db, { q }).length, q).toBeGreaterThan(0)
      expect(
        whole(q).map(a => a.publicQuestion),
        q,
      ).toEqual([])
    }
    expect(whole('广场舞 音响').map(a => a.publicQuestion)).toEqual([expect.stringContaining('广场舞')])
    const six = searchAnswers(db, { q: '垃圾 充电 广场舞 菜场 施工 老年食堂' }).map(a => a.id)
    expect(six.length).toBeGreaterThanOrEqual(6)
    expect(searchAnswers(db, { q: '垃圾 充电 广场舞 菜场 施工 老年食堂 配药' }).map(a => a.id)).toEqual(expect.arrayContaining(six))
    // A question typed as one is searched as before.
    expect(searchAnswers(db, { q: '社区什么时候打流感疫苗' })).toEqual([])
    expect(searchAnswers(db, { q: '垃圾分类几点收' }).map(a => a.partial)[0]).toBe(false)
  }, 60_000)

  test('says first, in the reader’s language, that no answer holds every word', async () => {
    setup()
    const render = async (q: string, locale: 'zh' | 'en') => {
      const path = `/answers?q=${encodeURIComponent(q)}`
      const loaderData = await (await callRoute(answersIndex.loader, makeRequest(path))).json()
      return renderPage(AnswersIndex, { path, locale, loaderData })
    }
    const zh = await render('垃圾 火星', 'zh')
    expect(zh).toContain('没有答复与全部搜索词都有关')
    expect(zh.indexOf('没有答复与全部搜索词都有关')).toBeLessThan(zh.indexOf('以下答复只与部分搜索词有关'))
    expect(await render('垃圾 火星', 'en')).toContain('No answer matches all of your words')
    expect(await render('垃圾 充电', 'zh')).not.toContain('没有答复与全部搜索词都有关')
    expect(await render('充电', 'zh')).not.toContain('没有答复与全部搜索词都有关')
    // Nothing found at all is said as before.
    expect(await render('流感 疫苗', 'zh')).not.toContain('没有答复与全部搜索词都有关')
  })

  test('says when only the first words were each searched on their own', async () => {
    setup()
    const words = Array.from({ length: MAX_WORDS + 2 }, (_, i) => ['垃圾', '充电', '路灯'][i % 3] + '火星水星金星木星土星天王星海王星冥王星'.slice(i, i + 2))
    const path = `/answers?q=${encodeURIComponent(words.join(' '))}`
    const loaderData = await (await callRoute(answersIndex.loader, makeRequest(path))).json()
    expect(await renderPage(AnswersIndex, { path, locale: 'zh', loaderData })).toContain(`只分别搜索了前 ${MAX_WORDS} 个词`)
    expect(await renderPage(AnswersIndex, { path, locale: 'en', loaderData })).toContain(`only the first ${MAX_WORDS} were each searched`)
  })
})

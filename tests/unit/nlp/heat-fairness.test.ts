import { createTopicEngine, type ComplaintInput } from '#nlp/index'
import { smallTaxonomy } from './helpers'

const taxonomy = smallTaxonomy()
const DAY = 86_400_000
const at = (day: number) => new Date(Date.UTC(2026, 0, 1) + day * DAY).toISOString()

/** Letters about one matter: `n` residents, one every `every` days from `start`. */
function letters(
  key: string,
  n: number,
  o: { start: number; every: number; subject: string; text: string; channel?: (i: number) => string; likes?: number },
): ComplaintInput[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${key}${i}`,
    subject: o.subject,
    text: o.text,
    time: at(o.start + i * o.every),
    user: `${key}-resident-${i}`,
    channel: o.channel?.(i),
    likes: o.likes ?? 0,
  }))
}

// Letters imported from a file: one channel, no supporters recorded.
const imported = letters('imp', 6, {
  start: 250,
  every: 12,
  subject: '青禾里小区旁垃圾中转站臭气熏天',
  text: '青禾里小区旁边的垃圾中转站夏天臭气熏天，苍蝇很多，居民无法开窗。',
  channel: () => 'import',
})
// Letters taken in live through several channels, each with the supporters those channels record.
const live = letters('live', 5, {
  start: 300,
  every: 4,
  subject: '石榴巷路口早晚高峰拥堵',
  text: '石榴巷路口早晚高峰车辆拥堵，接送孩子的车辆乱停，行人过马路很危险。',
  channel: i => ['web', 'hotline', 'petition'][i % 3],
  likes: 10,
})
// Other live letters on those channels carry as many supporters: ten per letter is the usual.
const background = Array.from({ length: 12 }, (_, i) => ({
  id: `bg${i}`,
  subject: ['路灯不亮', '井盖缺失', '树枝挡住信号灯', '公厕无人打扫'][i % 4] + `（${i}号）`,
  text: `第${i}处的问题，请尽快处理。`,
  time: at(300 + i),
  user: `bg-resident-${i}`,
  channel: ['web', 'hotline', 'petition'][i % 3],
  likes: 10,
}))

function heatsOf(rows: ComplaintInput[]) {
  const engine = createTopicEngine({ taxonomy, learnNames: false })
  for (const r of [...rows].sort((a, b) => Date.parse(a.time as string) - Date.parse(b.time as string))) engine.add(r)
  const topics = engine.topics({ now: at(320) })
  const of = (prefix: string) => topics.find(t => t.complaintIds.every(id => id.startsWith(prefix)) && t.complaintIds.length > 2)!
  return { imported: of('imp'), live: of('live') }
}

describe('heat parts a source cannot produce do not decide the ranking', () => {
  const { imported: imp, live: liv } = heatsOf([...imported, ...live, ...background])

  test('both matters are found whole', () => {
    expect(imp.complaintIds).toHaveLength(6)
    expect(liv.complaintIds).toHaveLength(5)
  })

  test('no supporters recorded by the import count as the usual share, not as none', () => {
    expect(imp.heatBreakdown.supporters.contribution).toBeCloseTo(liv.heatBreakdown.supporters.contribution, 2)
  })

  test('the usual ten supporters a letter weigh as much as the average, one point', () => {
    expect(liv.heatBreakdown.supporters.contribution).toBeCloseTo(1, 2)
  })

  test('three channels out of four give at most the channel weight', () => {
    expect(liv.heatBreakdown.channels.value).toBe(3)
    expect(liv.heatBreakdown.channels.contribution).toBeLessThanOrEqual(0.5)
  })

  test('six residents over two months outrank five over two weeks with average support', () => {
    expect(imp.heat).toBeGreaterThan(liv.heat)
  })

  test('the supporters part says what it was measured against', () => {
    expect(liv.heatBreakdown.supporters.value).toBe(50)
    expect(liv.heatBreakdown.supporters.baseline).toBeCloseTo(10, 5)
    expect(imp.heatBreakdown.supporters.notRecorded).toBe(true)
    expect(liv.heatBreakdown.channels.baseline).toBe(4)
  })

  test('a letter with far more supporters than usual still counts more, within a bound', () => {
    const loud = heatsOf([...imported, ...live.map(r => ({ ...r, likes: 200 })), ...background])
    expect(loud.live.heatBreakdown.supporters.contribution).toBeGreaterThan(liv.heatBreakdown.supporters.contribution)
    expect(loud.live.heatBreakdown.supporters.contribution).toBeLessThanOrEqual(3)
  })
})

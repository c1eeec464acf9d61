import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { fixturePath } from './helpers'

// Runs the CLI the way the contract describes (tsx nlp/cli.ts), without npm's own output.
const root = fileURLToPath(new URL('../../../', import.meta.url))
const run = (args: string[], input: string) => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'nlp/cli.ts', ...args], { cwd: root, input, encoding: 'utf8' })
  return {
    code: r.status,
    out: r.stdout,
    err: r.stderr,
    lines: r.stdout
      .split('\n')
      .filter(Boolean)
      .map(l => JSON.parse(l)),
  }
}
const taxonomy = ['--taxonomy', fixturePath('taxonomy-small.json')]

describe('nlp CLI', () => {
  test('classify: one line per input, in order, with the contract fields', () => {
    const input = [
      { id: 'a', subject: '小河小學路口擁堵', text: '上下学高峰车辆乱停' },
      { id: 7, text: '工地夜间施工噪音扰民' },
      { id: 'c', text: '今天天气很好' },
    ]
      .map(x => JSON.stringify(x))
      .join('\n')
    const r = run(['classify', ...taxonomy], input)
    expect(r.code).toBe(0)
    expect(r.err).toBe('')
    expect(r.lines).toHaveLength(3)
    expect(r.lines[0]).toEqual({
      id: 'a',
      category: '交通运输',
      path: ['交通运输', '道路拥堵'],
      keywords: expect.arrayContaining(['拥堵', '路口']),
      score: expect.any(Number),
    })
    expect(r.lines[1]).toMatchObject({ id: 7, category: '环境保护' })
    expect(r.lines[2]).toMatchObject({ id: 'c', category: '', path: [], keywords: [], score: 0 })
    expect(Object.keys(r.lines[0])).toEqual(['id', 'category', 'path', 'keywords', 'score'])
  })

  test.each([
    ['invalid JSON', '{"id":'],
    ['not an object', '[1,2]'],
    ['missing text', '{"id":"x"}'],
    ['missing id', '{"text":"路口拥堵"}'],
  ])('classify: %s is reported with its line number and skipped; exit non-zero', (_, bad) => {
    const input = ['{"id":"ok1","text":"路口拥堵"}', bad, '', '{"id":"ok2","text":"物业不管"}'].join('\n')
    const r = run(['classify', ...taxonomy], input)
    expect(r.code).not.toBe(0)
    expect(r.lines.map(l => l.id)).toEqual(['ok1', 'ok2'])
    expect(r.err).toMatch(/line 2\b/)
  })

  test('classify --train learns labels', () => {
    const r = run(['classify', ...taxonomy, '--train', fixturePath('train-small.jsonl')], '{"id":1,"text":"窨井盖缺失很危险"}\n')
    expect(r.code).toBe(0)
    expect(r.lines[0]).toMatchObject({ id: 1, category: '城乡建设' })
  })

  test('classify --train reads segmented "tokens" rows and classifies raw text with them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nlp-train-'))
    const file = join(dir, 'train.jsonl')
    const rows = [
      ...['共享 单车 乱 停', '共享 单车 堆 在 路边', '共享 单车 占道'].map(tokens => ({ tokens, label: '城乡建设' })),
      ...['网约车 司机 绕路', '出租车 拒载', '网约车 乱 收费'].map(tokens => ({ tokens, label: '交通运输' })),
    ]
    writeFileSync(file, rows.map(x => JSON.stringify(x)).join('\n') + '\n')
    const r = run(['classify', ...taxonomy, '--train', file], '{"id":1,"text":"共享单车堆满人行道"}\n')
    expect(r.code).toBe(0)
    expect(r.err).toBe('')
    expect(r.lines[0]).toMatchObject({ id: 1, category: '城乡建设' })
  })

  test('topics: hottest first, contract fields, original ids', () => {
    const r = run(['topics', ...taxonomy], readFileSync(fixturePath('complaints.jsonl'), 'utf8'))
    expect(r.code).toBe(0)
    expect(r.lines.length).toBeGreaterThanOrEqual(2)
    const [top] = r.lines
    expect(Object.keys(top)).toEqual(['rank', 'title', 'category', 'place', 'keywords', 'complaintIds', 'heat', 'from', 'to'])
    expect(top).toMatchObject({ rank: 1, category: '交通运输', place: '小河小学路口' })
    expect(top.complaintIds).toHaveLength(9)
    expect(r.lines.map(t => t.rank)).toEqual(r.lines.map((_, i) => i + 1))
    for (let i = 1; i < r.lines.length; i++) expect(r.lines[i - 1].heat).toBeGreaterThanOrEqual(r.lines[i].heat)
  })

  test('topics --window-days splits by time; bad time is malformed', () => {
    const input = readFileSync(fixturePath('complaints.jsonl'), 'utf8') + '{"id":"bad","text":"路口拥堵","time":"soon"}\n'
    const r = run(['topics', ...taxonomy, '--window-days', '10'], input)
    expect(r.code).not.toBe(0)
    expect(r.err).toMatch(/line 23\b.*time/)
    const crossing = r.lines.filter(t => t.place === '小河小学路口')
    expect(crossing.length).toBeGreaterThan(1)
  })

  test('topics --gap-days: a lull longer than it starts a new issue', () => {
    const letter = (id: string, time: string) =>
      JSON.stringify({ id, subject: '翠湖苑门口夜市占道噪音', text: '翠湖苑门口夜市每天开到凌晨，噪音很大，请城管整治。', time, user: id })
    const input = ['2025-01-01', '2025-01-20', '2025-02-10', '2025-04-01', '2025-04-15'].map((d, i) => letter(`n${i}`, `${d}T10:00:00`)).join('\n') + '\n'
    const ids = (gap: string) =>
      run(['topics', ...taxonomy, '--gap-days', gap], input)
        .lines.map(t => t.complaintIds.length)
        .sort()
    expect(ids('30')).toEqual([2, 3])
    expect(ids('60')).toEqual([5])
    expect(run(['topics', ...taxonomy, '--gap-days', '-1'], input).code).not.toBe(0)
  })

  test('unknown command fails with usage', () => {
    const r = run(['nonsense'], '')
    expect(r.code).not.toBe(0)
    expect(r.out).toBe('')
    expect(r.err).toMatch(/usage/)
  })
})

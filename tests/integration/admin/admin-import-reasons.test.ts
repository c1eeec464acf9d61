import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { runImport } from '#app/services/import.server'
import { SYSTEM } from '#db/queries/audit'
import { answers, complaints } from '#db/schema/index'
import { createTestDb, seedTestUnits } from '#tests/db-utils'

// A board export with reply columns and rows an administrator has to put right; all text is made up.
const HEADER = '留言编号,留言用户,留言主题,留言时间,留言详情,答复意见,答复时间,点赞数'
const ROWS = [
  'B1,u1,路灯不亮,2025-03-02 09:15,小区3幢门口路灯坏了,已联系物业修复。,2025-03-06 10:00,0',
  'B2,u2,停车难,2025-03-04 08:00,登云路晚上停车位太少,已答复。,2025-02-30,0',
  'B3,u3,入学咨询,2025-03-06,孩子明年上小学怎么报名,请关注区教育局公告。,昨天,0',
  `B4,u4,${'电梯经常停运'.repeat(40)},2025-03-05 07:30,电梯经常停运,,,0`,
  'B5,u5,噪音,2025-03-05 07:30,晚上施工噪音大,,,很多',
]

function writeBoard() {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'th-admin-import-')), 'board.csv')
  fs.writeFileSync(file, '\uFEFF' + [HEADER, ...ROWS].join('\r\n'))
  return file
}

describe('importing a board export with rows to put right', () => {
  test('an unreadable reply time refuses the row, saying it is the reply time, rather than dating the reply today', async () => {
    const db = createTestDb()
    seedTestUnits(db)
    const file = writeBoard()
    const s = await runImport(db, { filePath: file, actor: SYSTEM, locale: 'zh' })
    const imported = db
      .select()
      .from(complaints)
      .all()
      .map(c => c.externalId)
    expect(imported).toEqual(['B1'])
    expect(db.select().from(answers).all()).toHaveLength(1)
    expect(s.rejects.find(r => r.line === 3)?.reason).toBe('答复时间“2025-02-30”无法识别')
    expect(s.rejects.find(r => r.line === 4)?.reason).toBe('答复时间“昨天”无法识别')
    // Nothing is lost: each refused row is in the rejects file, as written, with its reason.
    const rejects = fs.readFileSync(s.rejectsFile, 'utf8')
    for (const id of ['B2', 'B3', 'B4', 'B5']) expect(rejects).toContain(`${id},u`)
    expect(rejects).toContain('答复时间“昨天”无法识别')
  })

  test('a reason about one column names it as the file heads it, in either language', async () => {
    const db = createTestDb()
    seedTestUnits(db)
    const zh = await runImport(db, { filePath: writeBoard(), actor: SYSTEM, locale: 'zh' })
    expect(zh.rejects.find(r => r.line === 5)?.reason).toBe('“留言主题”过长（最多 200 字）')
    expect(zh.rejects.find(r => r.line === 6)?.reason).toBe('“点赞数”不是有效的数字')
    const en = await runImport(createTestDb(), { filePath: writeBoard(), actor: SYSTEM, locale: 'en' })
    expect(en.rejects.find(r => r.line === 3)?.reason).toBe('reply time “2025-02-30” cannot be read')
    expect(en.rejects.find(r => r.line === 5)?.reason).toBe('“留言主题” is too long (at most 200 characters)')
    expect(en.rejects.find(r => r.line === 6)?.reason).toBe('“点赞数” is not a valid number')
    for (const r of [...zh.rejects, ...en.rejects]) expect(r.reason).not.toMatch(/\b(body|subject|supportersCount|receivedAt|repliedAt)\b/)
  })
})

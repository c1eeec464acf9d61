import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { runImport } from '#app/services/import.server'
import { SYSTEM } from '#db/queries/audit'
import { answers, complaints } from '#db/schema/index'
import { createTestDb, seedTestUnits } from '#tests/db-utils'

// A board export with the official reply columns (答复意见/答复时间); all text is made up.
const CSV = [
  '留言编号,留言用户,留言主题,留言时间,留言详情,答复意见,答复时间',
  'R1,u1,咨询公积金租房提取,2024/3/5 7:45,"我叫钱多多，电话13700001234，想问公积金能否付房租","钱多多您好！无房职工可提取公积金支付房租。",2024/3/20 10:00',
  'R2,u2,路灯不亮,2024/3/6 8:00,小区路灯坏了,,',
].join('\r\n')

describe('importing answered messages', () => {
  test('reply columns become answered questions awaiting review, scrubbed, with the reply date; re-import adds none', async () => {
    const db = createTestDb()
    seedTestUnits(db)
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'th-replies-')), 'board.csv')
    fs.writeFileSync(file, '\uFEFF' + CSV)
    const s = await runImport(db, { filePath: file, actor: SYSTEM })
    expect(s).toMatchObject({ imported: 2, rejected: 0, ignoredColumns: [] })
    const rows = db.select().from(answers).all()
    expect(rows).toHaveLength(1)
    const c = db
      .select()
      .from(complaints)
      .all()
      .find(x => x.externalId === 'R1')!
    expect(rows[0]).toMatchObject({ complaintId: c.id, status: 'pending', kind: 'reply' })
    expect(rows[0].repliedAt.toISOString()).toBe('2024-03-20T02:00:00.000Z')
    expect(rows[0].reply).toContain('钱多多')
    for (const text of [rows[0].publicQuestion, rows[0].publicText, rows[0].publicReply]) expect(text).not.toMatch(/钱多多|13700001234/)
    await runImport(db, { filePath: file, actor: SYSTEM })
    expect(db.select().from(answers).all()).toHaveLength(1)
  })
})

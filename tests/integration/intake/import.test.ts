import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { count } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import { runImport, parseMapping, ImportFileError } from '#app/services/import.server'
import { openDb, type Db } from '#db/client'
import { SYSTEM } from '#db/queries/audit'
import { createUser } from '#db/queries/auth'
import { importComplaintBatch } from '#db/queries/intake'
import { complaints, nlpQueue, complaintStatusEvents, auditEvents } from '#db/schema/index'
import { ensureBaseline } from '#db/seed'
import { createTestDb, seedTestUnits } from '#tests/db-utils'
import { BOARD_HEADER, GOOD_ROWS, MIXED_BAD_LINES, MIXED_ROWS, tmpDir, writeGbkCsv, writeJsonl, writeUtf8Csv, writeXlsx } from '#tests/fixtures/intake/files'

let db: Db
let dir: string
beforeEach(() => {
  db = createTestDb()
  seedTestUnits(db)
  dir = tmpDir()
})

const n = (table: typeof complaints | typeof nlpQueue | typeof complaintStatusEvents) => db.select({ n: count() }).from(table).get()!.n
const imp = (file: string, extra: Partial<Parameters<typeof runImport>[1]> = {}) => runImport(db, { filePath: file, actor: SYSTEM, ...extra })

describe('bulk import', () => {
  it('imports a UTF-8 board export with Chinese headers, resolving communities and queueing NLP', async () => {
    const s = await imp(writeUtf8Csv(dir, 'board.csv', GOOD_ROWS))
    expect(s).toMatchObject({ imported: 3, duplicates: 0, rejected: 0, format: 'csv', encoding: 'utf8' })
    const rows = db.select().from(complaints).orderBy(complaints.id).all()
    expect(rows.map(r => r.externalId)).toEqual(['A1001', 'A1002', 'A1003'])
    expect(rows[0]).toMatchObject({
      channel: 'import',
      complainantKey: 'u001',
      subject: '小河小学路口早高峰拥堵',
      placeText: '小河小学路口',
      complainantPhone: '13812345678',
      status: 'received',
    })
    // 2024/3/5 7:45 Beijing time
    expect(rows[0]!.receivedAt.toISOString()).toBe('2024-03-04T23:45:00.000Z')
    expect(rows[2]!.receivedAt.toISOString()).toBe('2024-03-07T15:30:00.000Z')
    const czq = rows[0]!.communityId
    expect(czq).not.toBeNull()
    expect(rows[1]!.communityId).not.toBeNull() // 和睦新村 is an alias of 和睦社区
    expect(n(nlpQueue)).toBe(3)
    expect(n(complaintStatusEvents)).toBe(3)
    expect(db.select({ n: count() }).from(auditEvents).get()!.n).toBeGreaterThanOrEqual(3)
  })

  it('reads a GBK CSV as Chinese Excel writes it', async () => {
    const s = await imp(writeGbkCsv(dir, 'excel.csv', GOOD_ROWS))
    expect(s).toMatchObject({ imported: 3, rejected: 0, encoding: 'gb18030' })
    const subjects = db
      .select({ s: complaints.subject })
      .from(complaints)
      .all()
      .map(r => r.s)
    expect(subjects).toContain('和睦新村垃圾清运不及时')
  })

  it('imports valid rows and rejects bad ones with line and reason, into a re-importable rejects file', async () => {
    const file = writeUtf8Csv(dir, 'mixed.csv', MIXED_ROWS)
    const s = await imp(file)
    expect(s).toMatchObject({ imported: 4, rejected: 4 })
    expect(s.rejects.map(r => r.line)).toEqual(MIXED_BAD_LINES)
    expect(s.rejects[0]!.reason).toContain('标题和内容都为空')
    expect(s.rejects[1]!.reason).toContain('明天下午')
    expect(s.rejects[2]!.reason).toContain('电话')
    expect(s.rejects[3]!.reason).toContain('不合理')
    expect(s.rejectsFile).toBe(path.join(dir, 'mixed.rejects.csv'))
    // Script tags are stored exactly as written.
    const xss = db
      .select()
      .from(complaints)
      .all()
      .find(c => c.externalId === 'B2005')!
    expect(xss.body).toBe('长征桥公园路灯坏了<script>alert("x")</script>')

    // Fix the rejects file and import it again: the fixed rows come in, the rest stays rejected.
    const text = fs.readFileSync(s.rejectsFile, 'utf8')
    expect(text.charCodeAt(0)).toBe(0xfeff)
    const fixed = text.replace('明天下午', '2024-03-08 15:00').replace('打我电话', '13900001111')
    fs.writeFileSync(s.rejectsFile, fixed)
    const again = await imp(s.rejectsFile)
    expect(again).toMatchObject({ imported: 2, duplicates: 0, rejected: 2 })
    expect(again.rejects.map(r => r.line)).toEqual([2, 5])
  })

  it('creates no duplicates when the same file is imported again, in any format', async () => {
    const csv = writeUtf8Csv(dir, 'a.csv', GOOD_ROWS)
    await imp(csv)
    const second = await imp(csv)
    expect(second).toMatchObject({ imported: 0, duplicates: 3, rejected: 0 })
    // The same rows as GBK or XLSX are the same complaints too.
    expect(await imp(writeGbkCsv(dir, 'b.csv', GOOD_ROWS))).toMatchObject({ imported: 0, duplicates: 3 })
    // Rows without an id or time are recognised by content.
    const noIds = GOOD_ROWS.map(r => ['', r[1]!, r[2]!, '', r[4]!, r[5]!, r[6]!])
    await imp(writeUtf8Csv(dir, 'c.csv', noIds))
    expect(await imp(writeUtf8Csv(dir, 'd.csv', noIds))).toMatchObject({ imported: 0, duplicates: 3 })
    expect(n(complaints)).toBe(6)
  })

  it('reads XLSX with real date cells', async () => {
    const rows = GOOD_ROWS.map(r => [r[0]!, r[1]!, r[2]!, new Date(Date.UTC(2024, 2, 5, 7, 45)), r[4]!, r[5]!, r[6]!])
    const s = await imp(await writeXlsx(dir, 'board.xlsx', rows))
    expect(s).toMatchObject({ imported: 3, rejected: 0, format: 'xlsx' })
    const first = db.select().from(complaints).orderBy(complaints.id).get()!
    expect(first.receivedAt.toISOString()).toBe('2024-03-04T23:45:00.000Z')
  })

  it('reads JSON Lines with English keys and reports broken lines', async () => {
    const file = writeJsonl(dir, 'api.jsonl', [
      {
        id: 'J1',
        subject: '运河绿道路灯不亮',
        body: '运河绿道晚上一片漆黑。',
        received_at: '2024-03-01T20:00:00+08:00',
        community: 'gs-czq',
        channel: 'hotline',
      },
      '{"id": "J2", "subject": broken json',
      { id: 'J3', title: '小区电梯故障', content: '和睦新村5幢电梯又坏了。', channel: '网格员' },
      { id: 'J4', subject: '渠道不明', body: '内容', channel: 'fax' },
    ])
    const s = await imp(file)
    expect(s).toMatchObject({ imported: 2, rejected: 2, format: 'jsonl' })
    expect(s.rejects.map(r => r.line)).toEqual([2, 4])
    const rows = db.select().from(complaints).orderBy(complaints.id).all()
    expect(rows.map(r => r.channel)).toEqual(['hotline', 'grid'])
    const rejects = fs
      .readFileSync(s.rejectsFile, 'utf8')
      .trim()
      .split('\n')
      .map(l => JSON.parse(l))
    expect(rejects[1]).toMatchObject({ id: 'J4', channel: 'fax' })
  })

  it('applies a column mapping, a default channel and a default community', async () => {
    const file = writeUtf8Csv(dir, 'custom.csv', [['运河边噪音', '每晚广场舞音响太大。', '2024-03-02 21:00']], ['标头', '正文内容', '登记日期'])
    await expect(imp(file)).rejects.toBeInstanceOf(ImportFileError)
    const s = await imp(file, { mapping: parseMapping('subject=标头,body=正文内容,receivedAt=登记日期'), channel: 'mailbox', communityCode: 'gs-hm' })
    expect(s).toMatchObject({ imported: 1, rejected: 0 })
    const c = db.select().from(complaints).get()!
    expect(c).toMatchObject({ channel: 'mailbox', subject: '运河边噪音' })
    expect(c.communityId).not.toBeNull()
  })

  it('rejects a row whose bytes are broken without losing its neighbours', async () => {
    const file = writeUtf8Csv(dir, 'damaged.csv', GOOD_ROWS)
    const buf = fs.readFileSync(file)
    // Damage one byte inside the third data row's subject.
    const at = buf.indexOf(Buffer.from('登云路夜间'))
    buf[at + 1] = 0xff
    fs.writeFileSync(file, buf)
    const s = await imp(file)
    expect(s).toMatchObject({ imported: 2, rejected: 1, encoding: 'utf8' })
    expect(s.rejects[0]).toMatchObject({ line: 4 })
    expect(s.rejects[0]!.reason).toContain('无法识别的字符')
  })

  it('streams a CSV bigger than the part that decides its encoding: GBK, quoted line breaks, line numbers and progress', async () => {
    // About 1.4 MB of GBK: the encoding is decided on the first megabyte, the rest is read as it comes.
    const rows: string[][] = []
    for (let i = 0; i < 12_000; i++) {
      const body = i === 6_000 ? '第一行\n第二行，引号里的换行' : `登云路${i}号门口的路灯不亮，晚上出行不便，希望尽快修复。`
      const time = i === 11_000 ? '明天下午' : `2024-03-0${1 + (i % 9)} 08:${String(i % 60).padStart(2, '0')}`
      rows.push([`S${i}`, `u${i % 97}`, `路灯不亮${i}`, time, body, '登云路', '13812345678'])
    }
    const file = writeGbkCsv(dir, 'stream.csv', rows)
    expect(fs.statSync(file).size).toBeGreaterThan(1.3 * 1024 * 1024)
    const seen: { done: number; total: number }[] = []
    const s = await imp(file, { batchSize: 1000, onProgress: p => seen.push({ done: p.done, total: p.total }) })
    expect(s).toMatchObject({ imported: 11_999, rejected: 1, total: 12_000, encoding: 'gb18030', format: 'csv' })
    // Header on line 1, row i on line i + 2, one more line after the quoted line break.
    expect(s.rejects).toEqual([{ line: 11_000 + 3, reason: expect.stringContaining('明天下午') }])
    expect(seen.map(p => p.done)).toEqual(Array.from({ length: 12 }, (_, k) => (k + 1) * 1000))
    expect(seen[0]!.total).toBe(12_001)
    const multi = db
      .select()
      .from(complaints)
      .all()
      .find(c => c.externalId === 'S6000')!
    expect(multi.body).toBe('第一行\n第二行，引号里的换行')
    const last = db
      .select()
      .from(complaints)
      .all()
      .find(c => c.externalId === 'S11999')!
    expect(last.subject).toBe('路灯不亮11999')
    const rejectsText = fs.readFileSync(s.rejectsFile, 'utf8')
    expect(rejectsText).toContain('S11000')
  })

  it('gives every complaint of a batch its status event, queue entry and audit row', () => {
    const batch = Array.from({ length: 5 }, (_, i) => ({ channel: 'hotline' as const, externalId: `E${i}`, subject: `噪音${i}`, body: `夜间施工噪音${i}` }))
    const results = importComplaintBatch(db, batch, SYSTEM)
    expect(results.map(r => r.status)).toEqual(Array(5).fill('imported'))
    const ids = results.map(r => (r.status === 'imported' ? r.id : -1))
    expect(
      db
        .select()
        .from(nlpQueue)
        .all()
        .map(q => q.complaintId),
    ).toEqual(ids)
    expect(
      db
        .select()
        .from(complaintStatusEvents)
        .all()
        .map(e => [e.complaintId, e.status, e.actorId]),
    ).toEqual(ids.map(id => [id, 'received', null]))
    const audits = db
      .select()
      .from(auditEvents)
      .all()
      .filter(a => a.action === 'complaint.create')
    expect(audits.map(a => [a.actorKind, a.subjectType, a.subjectId])).toEqual(ids.map(id => ['system', 'complaint', String(id)]))
    expect(audits[2]!.after).toMatchObject({ channel: 'hotline', externalId: 'E2', via: 'import' })
  })

  it('keeps a row the database refuses out entirely, and imports its neighbours in the same batch', () => {
    const row = (i: number, extra: object = {}) => ({
      channel: 'import' as const,
      externalId: `F${i}`,
      subject: `路灯不亮${i}`,
      body: `登云路路灯不亮${i}`,
      ...extra,
    })
    // An unknown entering user breaks a foreign key inside the insert.
    const results = importComplaintBatch(db, [row(1), row(2, { enteredByUserId: 987654 }), row(3), row(1)], SYSTEM)
    expect(results.map(r => r.status)).toEqual(['imported', 'error', 'imported', 'duplicate'])
    const stored = db.select().from(complaints).orderBy(complaints.id).all()
    expect(stored.map(c => c.externalId)).toEqual(['F1', 'F3'])
    expect(n(nlpQueue)).toBe(2)
    expect(n(complaintStatusEvents)).toBe(2)
    const audited = db
      .select()
      .from(auditEvents)
      .all()
      .filter(a => a.action === 'complaint.create')
      .map(a => Number(a.subjectId))
    expect(audited).toEqual(stored.map(c => c.id))
    expect(new Set(stored.map(c => c.trackingCode)).size).toBe(2)
  })

  it('refuses unusable files with a clear message', async () => {
    const xls = path.join(dir, 'old.xls')
    fs.writeFileSync(xls, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))
    await expect(imp(xls)).rejects.toMatchObject({ key: 'import.error.xls' })
    const empty = path.join(dir, 'empty.csv')
    fs.writeFileSync(empty, '')
    await expect(imp(empty)).rejects.toMatchObject({ key: 'import.error.empty' })
    const exe = path.join(dir, 'x.exe')
    fs.writeFileSync(exe, 'MZ')
    await expect(imp(exe)).rejects.toMatchObject({ key: 'import.error.type' })
    await expect(imp(writeUtf8Csv(dir, 'ok.csv', GOOD_ROWS), { communityCode: 'nope' })).rejects.toMatchObject({ key: 'import.error.community' })
  })
})

describe('import command (contract)', () => {
  const cli = (args: string[], dbPath: string) =>
    spawnSync(process.execPath, ['scripts/cli.mjs', 'import', ...args], { env: { ...process.env, DATABASE_PATH: dbPath }, encoding: 'utf8' })

  it('prints the JSON summary as its last line and exits 0 only when nothing was rejected', () => {
    const dbPath = path.join(dir, 'cli.db')
    const seeded = openDb(dbPath)
    ensureBaseline(seeded)
    seeded.$client.close()
    const good = writeGbkCsv(dir, 'good.csv', GOOD_ROWS)
    const first = cli([good, '--channel', 'hotline', '--json'], dbPath)
    expect(first.status).toBe(0)
    const last = (out: string) => JSON.parse(out.trim().split('\n').at(-1)!)
    expect(last(first.stdout)).toEqual({ imported: 3, duplicates: 0, rejected: 0, rejectsFile: path.join(dir, 'good.rejects.csv') })
    expect(last(cli([good, '--channel', 'hotline', '--json'], dbPath).stdout)).toMatchObject({ imported: 0, duplicates: 3, rejected: 0 })

    const mixed = writeUtf8Csv(dir, 'mixed.csv', MIXED_ROWS)
    const second = cli([mixed, '--json'], dbPath)
    expect(second.status).toBe(1)
    const summary = last(second.stdout)
    expect(summary).toMatchObject({ rejected: 4, rejectsFile: path.join(dir, 'mixed.rejects.csv') })
    expect(fs.existsSync(summary.rejectsFile)).toBe(true)

    const bad = cli([mixed, '--channel', 'fax'], dbPath)
    expect(bad.status).toBe(2)
    expect(bad.stderr).toContain('fax')
  }, 60_000)

  it('warns on stderr, and only then, when the letters go into a database that holds the demo district', async () => {
    const csv = writeUtf8Csv(dir, 'year.csv', GOOD_ROWS)
    const plain = path.join(dir, 'plain.db')
    const p = openDb(plain)
    ensureBaseline(p)
    p.$client.close()
    const quiet = cli([csv, '--json'], plain)
    expect(quiet.status).toBe(0)
    expect(quiet.stderr).not.toContain('SEED_DEMO=never')

    const demo = path.join(dir, 'demo.db')
    const d = openDb(demo)
    ensureBaseline(d)
    await createUser(d, { username: 'demo-worker', displayName: '演示社工', isDemo: true }, [], SYSTEM)
    d.$client.close()
    const warned = cli([csv, '--json', '--lang', 'en'], demo)
    expect(warned.status).toBe(0)
    expect(warned.stderr).toContain('demo district')
    expect(warned.stderr).toContain('SEED_DEMO=never')
    // The summary line stays the last line of stdout, untouched.
    expect(JSON.parse(warned.stdout.trim().split('\n').at(-1)!)).toMatchObject({ imported: 3, rejected: 0 })
    expect(cli([csv, '--lang', 'zh'], demo).stderr).toContain('演示')
  }, 60_000)

  it('keeps the board header list in one place', () => {
    expect(BOARD_HEADER.slice(0, 5)).toEqual(['留言编号', '留言用户', '留言主题', '留言时间', '留言详情'])
  })
})

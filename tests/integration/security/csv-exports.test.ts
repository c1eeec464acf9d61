import fs from 'node:fs'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import { beforeEach, describe, expect, it } from 'vitest'
import { toCsv } from '#app/components/chart'
import * as exportCsv from '#app/routes/_intake+/inbox.export[.]csv'
import { runImport } from '#app/services/import.server'
import { csvCell } from '#app/utils/csv'
import type { Db } from '#db/client'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'
import { tmpDir } from '#tests/fixtures/intake/files'

let db: Db
let units: ReturnType<typeof seedTestUnits>
beforeEach(() => {
  db = createTestDb()
  units = seedTestUnits(db)
})

const FORMULAS = ['=HYPERLINK("http://evil.example","点我")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1']

describe('CSV cells', () => {
  it.each(FORMULAS)('neutralises %j so spreadsheets show it as text', value => {
    const cell = parse(csvCell(value), { relax_quotes: true })[0][0] as string
    expect(cell).toBe(`'${value}`)
  })

  it('leaves numbers (negative ones included) and ordinary text alone', () => {
    expect(csvCell(-3)).toBe('-3')
    expect(csvCell('路灯不亮')).toBe('路灯不亮')
    expect(csvCell('a,b')).toBe('"a,b"')
  })

  it('chart downloads neutralise formula labels', () => {
    const csv = toCsv(['=cmd|" /C calc"!A0', '长征桥'], [{ label: '@owner', data: [-1, 2] }], '+x')
    const rows = parse(csv.replace(/^\uFEFF/, ''), { relax_quotes: true }) as string[][]
    expect(rows).toEqual([
      ["'+x", "'@owner"],
      [`'=cmd|" /C calc"!A0`, '-1'],
      ['长征桥', '2'],
    ])
  })

  it('import rejects files neutralise formulas, and the fixed file imports back as typed', async () => {
    const dir = tmpDir('th-rejects-')
    const file = path.join(dir, 'letters.csv')
    // Received time in the future: rejected; the body is a formula.
    fs.writeFileSync(file, '\uFEFF标题,内容,时间\n=1+1,=HYPERLINK("http://evil.example"),2999-01-01 08:00\n')
    const first = await runImport(db, { filePath: file, channel: 'hotline', communityCode: 'gs-czq', actor: SYSTEM })
    expect(first.rejected).toBe(1)
    const rows = parse(fs.readFileSync(first.rejectsFile, 'utf8').replace(/^\uFEFF/, ''), { relax_quotes: true }) as string[][]
    expect(rows[1]!.slice(0, 2)).toEqual(["'=1+1", `'=HYPERLINK("http://evil.example")`])
    // Fix the date and import the rejects file again: the text is what was typed, without the apostrophe.
    fs.writeFileSync(first.rejectsFile, fs.readFileSync(first.rejectsFile, 'utf8').replace('2999-01-01 08:00', '2024-01-01 08:00'))
    const again = await runImport(db, { filePath: first.rejectsFile, channel: 'hotline', communityCode: 'gs-czq', actor: SYSTEM })
    expect(again.imported).toBe(1)
    const stored = db.$client.prepare('select subject, body from complaints').get()
    expect(stored).toEqual({ subject: '=1+1', body: '=HYPERLINK("http://evil.example")' })
  })
})

describe('inbox CSV export', () => {
  it('exports every matching row, past 10,000, and neutralises formulas', async () => {
    const first = createComplaint(
      db,
      { channel: 'hotline', communityId: units.czq.id, subject: '=HYPERLINK("http://evil.example")', body: '路灯不亮已经一周了' },
      SYSTEM,
    ).complaint
    // Copies of the first complaint, each with its own tracking code, written in one statement.
    db.$client
      .prepare(
        `with recursive n(i) as (select 1 union all select i + 1 from n where i < 10049)
         insert into complaints (tracking_code, channel, external_id, unit_id, community_id, subject, body, received_at, supporters_count, status, content_hash)
         select 'TH-BULK-' || i, channel, null, unit_id, community_id, '路灯' || i, body, received_at - i, 0, status, content_hash || i from complaints, n where complaints.id = ?`,
      )
      .run(first.id)
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const res = await callRoute(exportCsv.loader, makeRequest('/inbox/export.csv', { cookie: worker.cookie }))
    expect(res.status).toBe(200)
    const rows = parse((await res.text()).replace(/^\uFEFF/, ''), { relax_quotes: true }) as string[][]
    expect(rows).toHaveLength(1 + 10_050)
    expect(new Set(rows.slice(1).map(r => r[0])).size).toBe(10_050)
    expect(rows.find(r => r[0] === first.trackingCode)![5]).toBe(`'=HYPERLINK("http://evil.example")`)
  }, 60_000)
})

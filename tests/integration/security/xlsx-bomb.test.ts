import zlib from 'node:zlib'
import { beforeEach, describe, expect, it } from 'vitest'
import { ImportFileError, readTable } from '#app/services/import.server'
import { XLSX_LIMITS } from '#app/services/xlsx-guard.server'
import { createTestDb } from '#tests/db-utils'

beforeEach(() => {
  createTestDb()
})

type Part = { name: string; data: Buffer; deflate?: boolean; claimSize?: number }

/** A zip archive written by hand, so a test can make one that lies about its sizes. */
function zipOf(parts: Part[]): Buffer {
  const out: Buffer[] = []
  const central: Buffer[] = []
  let offset = 0
  for (const p of parts) {
    const name = Buffer.from(p.name)
    const body = p.deflate === false ? p.data : zlib.deflateRawSync(p.data, { level: 9 })
    const method = p.deflate === false ? 0 : 8
    const size = p.claimSize ?? p.data.length
    const crc = zlib.crc32(p.data)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(method, 8)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(body.length, 18)
    local.writeUInt32LE(size, 22)
    local.writeUInt16LE(name.length, 26)
    const cd = Buffer.alloc(46)
    cd.writeUInt32LE(0x02014b50, 0)
    cd.writeUInt16LE(20, 4)
    cd.writeUInt16LE(20, 6)
    cd.writeUInt16LE(method, 10)
    cd.writeUInt32LE(crc, 16)
    cd.writeUInt32LE(body.length, 20)
    cd.writeUInt32LE(size, 24)
    cd.writeUInt16LE(name.length, 28)
    cd.writeUInt32LE(offset, 42)
    out.push(local, name, body)
    central.push(cd, name)
    offset += 30 + name.length + body.length
  }
  const cdBuf = Buffer.concat(central)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(parts.length, 8)
  end.writeUInt16LE(parts.length, 10)
  end.writeUInt32LE(cdBuf.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...out, cdBuf, end])
}

const xml = (s: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${s}`)
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
const cell = (ref: string, v: string) => `<c r="${ref}" t="inlineStr"><is><t>${v}</t></is></c>`
const sheetXml = (rows: string[][]) =>
  xml(
    `<worksheet xmlns="${MAIN}"><sheetData>${rows.map((r, i) => `<row r="${i + 1}">${r.map((v, j) => cell(`${String.fromCharCode(65 + j)}${i + 1}`, v)).join('')}</row>`).join('')}</sheetData></worksheet>`,
  )

/** A two-sheet workbook; `sheets` replaces the parts of the sheets. */
function workbook(sheet1: Part, sheet2?: Part): Buffer {
  return zipOf([
    {
      name: '[Content_Types].xml',
      data: xml(
        `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
      ),
    },
    {
      name: '_rels/.rels',
      data: xml(
        `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      ),
    },
    {
      name: 'xl/workbook.xml',
      data: xml(
        `<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="留言" sheetId="1" r:id="rId1"/><sheet name="附表" sheetId="2" r:id="rId2"/></sheets></workbook>`,
      ),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: xml(
        `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/worksheet" Target="worksheets/sheet2.xml"/></Relationships>`,
      ),
    },
    { ...sheet1, name: 'xl/worksheets/sheet1.xml' },
    { ...(sheet2 ?? { data: sheetXml([['x']]) }), name: 'xl/worksheets/sheet2.xml' },
  ])
}

const GOOD_SHEET = sheetXml([
  ['标题', '内容'],
  ['路灯不亮', '小区门口路灯坏了一周'],
])
const MB = 1024 * 1024
/** Spaces compress about a thousand to one: the shape of a zip bomb. */
const bombData = (bytes: number) => Buffer.alloc(bytes, ' ')

async function refusal(buf: Buffer) {
  try {
    await readTable(buf, 'letters.xlsx')
  } catch (error) {
    if (error instanceof ImportFileError) return error.key
    throw error
  }
  return null
}

describe('XLSX import against zip bombs', () => {
  it('reads an ordinary workbook (the first sheet)', async () => {
    const table = await readTable(workbook({ name: '', data: GOOD_SHEET }), 'letters.xlsx')
    expect(table.headers).toEqual(['标题', '内容'])
    expect(table.rows.map(r => r.cells)).toEqual([['路灯不亮', '小区门口路灯坏了一周']])
  })

  it('refuses a sheet that would inflate past the size limit, before inflating it', async () => {
    const bomb = workbook({ name: '', data: bombData(XLSX_LIMITS.entryBytes + MB) })
    expect(bomb.length).toBeLessThan(MB)
    expect(await refusal(bomb)).toBe('import.error.xlsxTooLarge')
  })

  it('refuses a part compressed far beyond what spreadsheets compress to', async () => {
    expect(await refusal(workbook({ name: '', data: bombData(20 * MB) }))).toBe('import.error.xlsxTooLarge')
  })

  it('refuses a sheet that claims to be small but inflates to far more, without holding it in memory', async () => {
    const liar = workbook({ name: '', data: bombData(60 * MB), claimSize: 4000 })
    const before = process.memoryUsage()
    expect(await refusal(liar)).toBe('import.error.xlsxTooLarge')
    const after = process.memoryUsage()
    expect(after.arrayBuffers + after.heapUsed - (before.arrayBuffers + before.heapUsed)).toBeLessThan(30 * MB)
  })

  it('never inflates sheets other than the first', async () => {
    const table = await readTable(workbook({ name: '', data: GOOD_SHEET }, { name: '', data: bombData(60 * MB), claimSize: 4000 }), 'letters.xlsx')
    expect(table.rows).toHaveLength(1)
  })
})

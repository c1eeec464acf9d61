// An XLSX file is a zip archive: a few hundred kilobytes can inflate to
// gigabytes. Before the spreadsheet library sees a workbook we read the zip's
// central directory, refuse archives whose entries are too large or too
// compressed, check while inflating (counting, never keeping) that no entry is
// larger than it claims, and hand on a smaller archive holding only the parts
// needed to read the first sheet.
import zlib from 'node:zlib'

export const XLSX_LIMITS = {
  entries: 5000,
  /** Largest inflated size of any one part (the sheet itself, usually). */
  entryBytes: 100 * 1024 * 1024,
  /** Inflated size of everything that is kept. */
  totalBytes: 150 * 1024 * 1024,
  /** Inflated / compressed, for parts over `ratioFrom` bytes. Real sheets stay well under 100. */
  ratio: 200,
  ratioFrom: 1024 * 1024,
  /** workbook.xml and its relationships are small. */
  indexBytes: 4 * 1024 * 1024,
}

export class XlsxRefused extends Error {
  constructor(readonly reason: 'not-zip' | 'too-many-entries' | 'too-large' | 'ratio' | 'size-mismatch' | 'no-sheet') {
    super(`xlsx refused: ${reason}`)
  }
}

type Entry = {
  name: string
  flags: number
  method: number
  time: number
  date: number
  crc: number
  compressedSize: number
  size: number
  localOffset: number
  /** The central directory record as stored. */
  central: Buffer
}

function readDirectory(buf: Buffer): Entry[] {
  // End of central directory: 22 bytes plus a comment of up to 64 KB, at the end.
  let eocd = -1
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i
      break
    }
  }
  if (eocd < 0) throw new XlsxRefused('not-zip')
  const count = buf.readUInt16LE(eocd + 10)
  const cdSize = buf.readUInt32LE(eocd + 12)
  const cdOffset = buf.readUInt32LE(eocd + 16)
  // Zip64 markers: no spreadsheet that fits an upload needs them.
  if (count === 0xffff || cdOffset === 0xffffffff || cdOffset + cdSize > eocd) throw new XlsxRefused('not-zip')
  if (count > XLSX_LIMITS.entries) throw new XlsxRefused('too-many-entries')
  const entries: Entry[] = []
  let p = cdOffset
  for (let n = 0; n < count; n++) {
    if (p + 46 > eocd || buf.readUInt32LE(p) !== 0x02014b50) throw new XlsxRefused('not-zip')
    const nameLen = buf.readUInt16LE(p + 28)
    const extraLen = buf.readUInt16LE(p + 30)
    const commentLen = buf.readUInt16LE(p + 32)
    const end = p + 46 + nameLen + extraLen + commentLen
    if (end > eocd) throw new XlsxRefused('not-zip')
    const e: Entry = {
      flags: buf.readUInt16LE(p + 8),
      method: buf.readUInt16LE(p + 10),
      time: buf.readUInt16LE(p + 12),
      date: buf.readUInt16LE(p + 14),
      crc: buf.readUInt32LE(p + 16),
      compressedSize: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      name: buf.toString('utf8', p + 46, p + 46 + nameLen),
      localOffset: buf.readUInt32LE(p + 42),
      central: buf.subarray(p, p + 46 + nameLen),
    }
    if (e.compressedSize === 0xffffffff || e.size === 0xffffffff || e.localOffset === 0xffffffff) throw new XlsxRefused('not-zip')
    if (e.size > XLSX_LIMITS.entryBytes) throw new XlsxRefused('too-large')
    if (e.size > XLSX_LIMITS.ratioFrom && e.size > e.compressedSize * XLSX_LIMITS.ratio) throw new XlsxRefused('ratio')
    entries.push(e)
    p = end
  }
  return entries
}

/** The compressed bytes of an entry, located through its local header. */
function rawData(buf: Buffer, e: Entry): Buffer {
  const p = e.localOffset
  if (p + 30 > buf.length || buf.readUInt32LE(p) !== 0x04034b50) throw new XlsxRefused('not-zip')
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28)
  if (start + e.compressedSize > buf.length) throw new XlsxRefused('not-zip')
  return buf.subarray(start, start + e.compressedSize)
}

/** Inflate, keeping at most `keepUpTo` bytes, and fail as soon as more than the entry claims comes out. */
function inflateChecked(buf: Buffer, e: Entry, keepUpTo: number): Promise<Buffer> {
  const data = rawData(buf, e)
  if (e.method === 0) {
    if (data.length !== e.size) return Promise.reject(new XlsxRefused('size-mismatch'))
    return Promise.resolve(e.size <= keepUpTo ? data : Buffer.alloc(0))
  }
  if (e.method !== 8) return Promise.reject(new XlsxRefused('not-zip'))
  return new Promise((resolve, reject) => {
    const z = zlib.createInflateRaw()
    const kept: Buffer[] = []
    let n = 0
    z.on('data', (c: Buffer) => {
      n += c.length
      if (n > e.size) {
        z.destroy()
        reject(new XlsxRefused('size-mismatch'))
      } else if (n <= keepUpTo) kept.push(c)
    })
    z.on('error', () => reject(new XlsxRefused('not-zip')))
    z.on('end', () => (n === e.size ? resolve(Buffer.concat(kept)) : reject(new XlsxRefused('size-mismatch'))))
    z.end(data)
  })
}

const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1]

/** Path of the first sheet in the workbook, e.g. `xl/worksheets/sheet1.xml`. */
function firstSheetPath(workbookXml: string, relsXml: string): string | null {
  const sheet = /<(?:\w+:)?sheet\s[^>]*>/.exec(workbookXml)?.[0]
  const rid = sheet && (attr(sheet, 'r:id') ?? /\s\w+:id="([^"]*)"/.exec(sheet)?.[1])
  if (!rid) return null
  for (const rel of relsXml.match(/<(?:\w+:)?Relationship\s[^>]*>/g) ?? []) {
    if (attr(rel, 'Id') !== rid) continue
    const target = attr(rel, 'Target')
    if (!target) return null
    return target.startsWith('/') ? target.slice(1) : `xl/${target}`.replace(/\/\.\//g, '/')
  }
  return null
}

/** A new archive holding `entries` (compressed data copied as is). */
function writeZip(buf: Buffer, entries: Entry[]): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const e of entries) {
    const data = rawData(buf, e)
    const name = Buffer.from(e.name, 'utf8')
    const flags = e.flags & ~0x0008 // sizes are in the header, no data descriptor follows
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(flags, 6)
    local.writeUInt16LE(e.method, 8)
    local.writeUInt16LE(e.time, 10)
    local.writeUInt16LE(e.date, 12)
    local.writeUInt32LE(e.crc, 14)
    local.writeUInt32LE(e.compressedSize, 18)
    local.writeUInt32LE(e.size, 22)
    local.writeUInt16LE(name.length, 26)
    local.writeUInt16LE(0, 28)
    const central = Buffer.from(e.central.subarray(0, 46))
    central.writeUInt16LE(flags, 8)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt16LE(0, 30)
    central.writeUInt16LE(0, 32)
    central.writeUInt32LE(offset, 42)
    locals.push(local, name, data)
    centrals.push(central, name)
    offset += 30 + name.length + data.length
  }
  const cd = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(cd.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, cd, end])
}

/** The parts besides the sheet that a reader needs: content types, relationships, shared strings, styles. */
const SUPPORT_PARTS = ['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/styles.xml']

/**
 * Check an XLSX upload and return a reduced archive with only the first sheet
 * and what reading it needs. Throws XlsxRefused.
 */
export async function safeFirstSheetArchive(buf: Buffer): Promise<Buffer> {
  const entries = readDirectory(buf)
  const byName = new Map(entries.map(e => [e.name, e]))
  const workbook = byName.get('xl/workbook.xml')
  const rels = byName.get('xl/_rels/workbook.xml.rels')
  if (!workbook || !rels || workbook.size > XLSX_LIMITS.indexBytes || rels.size > XLSX_LIMITS.indexBytes) throw new XlsxRefused('no-sheet')
  const sheetPath = firstSheetPath(
    (await inflateChecked(buf, workbook, XLSX_LIMITS.indexBytes)).toString('utf8'),
    (await inflateChecked(buf, rels, XLSX_LIMITS.indexBytes)).toString('utf8'),
  )
  const sheet = sheetPath ? byName.get(sheetPath) : undefined
  if (!sheet) throw new XlsxRefused('no-sheet')
  const kept = [...SUPPORT_PARTS.map(n => byName.get(n)).filter((e): e is Entry => !!e), sheet]
  if (kept.reduce((sum, e) => sum + e.size, 0) > XLSX_LIMITS.totalBytes) throw new XlsxRefused('too-large')
  // Declared sizes are what the limits above trust: make sure none of them lies.
  for (const e of kept) await inflateChecked(buf, e, 0)
  return writeZip(buf, kept)
}

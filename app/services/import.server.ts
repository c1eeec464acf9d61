// Bulk import of complaints from CSV (UTF-8 or GB18030/GBK), XLSX and JSON
// Lines. Shared by the command line (app/cli/import.ts) and the upload page.
// Every row is validated on its own: valid rows are imported in batches, bad
// rows are reported with their line number and written to a rejects file that
// can be fixed and imported again. Re-importing a file creates no duplicates.
import fs from 'node:fs'
import path from 'node:path'
import { pipeline } from 'node:stream'
import { parse as parseCsvStream } from 'csv-parse'
import { parse as parseCsv } from 'csv-parse/sync'
// Loaded only for XLSX files: it takes longer to load than a CSV import of thousands of rows.
import type ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import { translate, type Locale, type MessageKey } from '#app/i18n/index'
import { csvCell, unneutralise } from '#app/utils/csv'
import type { Db } from '#db/client'
import { CHANNELS, type Channel } from '#db/enums'
import { getAnswerForComplaint, recordComplaintReply } from '#db/queries/answers'
import type { Actor } from '#db/queries/audit'
import { LIMITS, resolveCommunity, type NewComplaint } from '#db/queries/complaints'
import { importComplaintBatch } from '#db/queries/intake'
import { getUnitByCode, listUnits, unitsWithin } from '#db/queries/units'
import { XlsxRefused, safeFirstSheetArchive } from './xlsx-guard.server'

export const MAX_IMPORT_BYTES = 50 * 1024 * 1024

export const IMPORT_FIELDS = [
  'externalId',
  'complainantKey',
  'subject',
  'receivedAt',
  'body',
  'placeText',
  'complainantAddress',
  'community',
  'complainantPhone',
  'complainantName',
  'channel',
  'lat',
  'lng',
  'supportersCount',
  'reply',
  'repliedAt',
] as const
export type ImportField = (typeof IMPORT_FIELDS)[number]

/** Header names recognised for each field (compared after normaliseHeader). */
const ALIASES: Record<ImportField, string[]> = {
  externalId: [
    '留言编号',
    '编号',
    '工单号',
    '工单编号',
    '信件编号',
    '来信编号',
    '受理编号',
    '诉求编号',
    'id',
    'externalid',
    'ticket',
    'ticketid',
    'messageid',
    'servicerequestid',
  ],
  complainantKey: ['留言用户', '用户', '用户名', '网名', '昵称', 'user', 'username', 'userid', 'complainantkey'],
  subject: ['留言主题', '主题', '标题', '诉求标题', '信件标题', '事项', 'subject', 'title'],
  receivedAt: [
    '留言时间',
    '时间',
    '来电时间',
    '来信时间',
    '日期',
    '受理时间',
    '登记时间',
    '反映时间',
    'receivedat',
    'date',
    'time',
    'createdat',
    'requesteddatetime',
  ],
  body: ['留言详情', '详情', '内容', '正文', '诉求内容', '问题描述', '来信内容', '留言内容', 'body', 'content', 'description', 'text', 'detail', 'details'],
  placeText: ['地点', '事发地点', '位置', '问题地点', '发生地点', 'place', 'location', 'placetext', 'addressstring'],
  complainantAddress: ['地址', '住址', '联系地址', '家庭住址', '反映人地址', 'address', 'complainantaddress'],
  community: ['社区', '所属社区', '社区名称', '社区编码', 'community', 'communitycode'],
  complainantPhone: ['电话', '手机', '手机号', '手机号码', '联系电话', '电话号码', '联系方式', 'phone', 'mobile', 'tel', 'telephone', 'complainantphone'],
  complainantName: ['姓名', '联系人', '反映人', '来信人', '来电人', '投诉人', 'name', 'complainant', 'complainantname', 'fullname'],
  channel: ['渠道', '来源', '来源渠道', '受理渠道', 'channel', 'source'],
  lat: ['纬度', 'lat', 'latitude'],
  lng: ['经度', 'lng', 'lon', 'long', 'longitude'],
  supportersCount: ['点赞数', '支持数', '附议数', 'supporters', 'supporterscount', 'likes'],
  reply: ['答复意见', '答复内容', '回复意见', '回复内容', '办理结果', 'reply', 'answer', 'response'],
  repliedAt: ['答复时间', '回复时间', '办结时间', 'replytime', 'repliedat', 'answeredat'],
}

/** Labels of channels as they appear in Chinese exports. */
const CHANNEL_ALIASES: Record<string, Channel> = {
  网上留言: 'web',
  网站: 'web',
  留言板: 'web',
  网页: 'web',
  小程序: 'web',
  热线: 'hotline',
  '12345': 'hotline',
  '12345热线': 'hotline',
  电话: 'hotline',
  意见箱: 'mailbox',
  信箱: 'mailbox',
  来信: 'mailbox',
  信访: 'petition',
  网格: 'grid',
  网格员: 'grid',
  网络舆情: 'online',
  舆情: 'online',
  导入: 'import',
  批量导入: 'import',
  开放接口: 'open311',
}

/** Extra columns of a rejects file; ignored when the file is imported again. */
export const REJECT_LINE_COLUMN = '原行号(line)'
export const REJECT_REASON_COLUMN = '错误原因(reason)'

export function normaliseHeader(h: string): string {
  return h
    .replace(/^\uFEFF/, '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-*:：()（）[\]【】.]/g, '')
}

/** Parse `subject=标题,body=内容` into field → source column. */
export function parseMapping(spec: string | undefined): Partial<Record<ImportField, string>> {
  const out: Partial<Record<ImportField, string>> = {}
  if (!spec?.trim()) return out
  for (const part of spec.split(/[,，;\n]/)) {
    const [k, ...rest] = part.split(/[=＝:]/)
    const key = k?.trim() as ImportField
    const col = rest.join('=').trim()
    if (!key && !col) continue
    if (!IMPORT_FIELDS.includes(key) || !col) throw new ImportFileError('import.error.mapping', { part: part.trim() })
    out[key] = col
  }
  return out
}

/** Which field each column feeds (null: ignored). An explicit mapping wins over aliases. */
export function mapHeaders(headers: string[], mapping: Partial<Record<ImportField, string>> = {}) {
  const fieldOf: (ImportField | null)[] = headers.map(() => null)
  const taken = new Set<ImportField>()
  for (const [field, col] of Object.entries(mapping) as [ImportField, string][]) {
    const i = headers.findIndex(h => h === col || normaliseHeader(h) === normaliseHeader(col))
    if (i < 0) throw new ImportFileError('import.error.mappingColumn', { column: col })
    fieldOf[i] = field
    taken.add(field)
  }
  const lookup = new Map<string, ImportField>()
  for (const f of IMPORT_FIELDS) for (const a of ALIASES[f]) lookup.set(normaliseHeader(a), f)
  headers.forEach((h, i) => {
    if (fieldOf[i]) return
    // Several columns may feed one field (e.g. JSON Lines mixing `title` and
    // `subject`): the first non-empty one wins. An explicit mapping is exclusive.
    const f = lookup.get(normaliseHeader(h))
    if (f && !taken.has(f)) fieldOf[i] = f
  })
  const ignored = headers.filter((h, i) => !fieldOf[i] && h !== REJECT_LINE_COLUMN && h !== REJECT_REASON_COLUMN && h.trim() !== '')
  return { fieldOf, ignored }
}

/** A problem with the whole file (not one row): message key plus parameters. */
export class ImportFileError extends Error {
  constructor(
    public key: MessageKey,
    public params: Record<string, string | number> = {},
  ) {
    super(translate('en', key, params))
    this.name = 'ImportFileError'
  }
}

export type Encoding = 'utf8' | 'gb18030'

/**
 * Decode bytes as UTF-8 when they are (mostly) valid UTF-8, else as GB18030
 * (a superset of GBK/GB2312, what Chinese Excel writes for "CSV"). A UTF-8 file
 * with a few broken bytes stays UTF-8: only the rows with damage are rejected.
 */
export function decodeText(buf: Buffer, forced?: Encoding): { text: string; encoding: Encoding } {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return { text: buf.subarray(3).toString('utf8'), encoding: 'utf8' }
  if (forced === 'gb18030') return { text: iconv.decode(buf, 'gb18030'), encoding: 'gb18030' }
  const utf8 = buf.toString('utf8')
  if (forced === 'utf8') return { text: utf8, encoding: 'utf8' }
  let bad = 0
  let good = 0
  for (const ch of utf8) {
    if (ch === '\uFFFD') bad++
    else if (ch.charCodeAt(0) > 0x7f) good++
  }
  if (bad === 0 || good > bad * 4) return { text: utf8, encoding: 'utf8' }
  return { text: iconv.decode(buf, 'gb18030'), encoding: 'gb18030' }
}

export type Format = 'csv' | 'xlsx' | 'jsonl'
type Cell = string | number | Date | boolean | null
type RawRow = { line: number; cells: Cell[]; error?: { key: MessageKey; params?: Record<string, string | number> }; raw?: string }
type Table = { headers: string[]; rows: RawRow[]; format: Format; encoding: Encoding | null }

export function detectFormat(buf: Buffer, name: string): Format {
  const ext = path.extname(name).toLowerCase()
  if (buf[0] === 0xd0 && buf[1] === 0xcf && buf[2] === 0x11 && buf[3] === 0xe0) throw new ImportFileError('import.error.xls')
  const zip = buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04
  if (ext === '.xlsx' || zip) {
    if (!zip) throw new ImportFileError('import.error.notXlsx')
    return 'xlsx'
  }
  if (['.jsonl', '.ndjson', '.json'].includes(ext)) return 'jsonl'
  if (['.csv', '.txt', '.tsv', ''].includes(ext)) {
    const head = buf
      .subarray(0, 64)
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trimStart()
    return head.startsWith('{') ? 'jsonl' : 'csv'
  }
  throw new ImportFileError('import.error.type', { ext })
}

/** The delimiter of a CSV file: the candidate that splits its first line most. */
function csvDelimiter(text: string): string {
  const firstLine = text.slice(0, text.indexOf('\n') >= 0 ? text.indexOf('\n') : text.length)
  return [',', '\t', ';', '，'].map(d => [d, firstLine.split(d).length] as const).sort((a, b) => b[1] - a[1])[0]![0]
}

const CSV_OPTIONS = {
  info: true,
  raw: true,
  relax_column_count: true,
  relax_quotes: true,
  skip_empty_lines: true,
  skip_records_with_error: true,
} as const
type CsvRecord = { record: string[]; info: { lines: number }; raw: string }
/** First line of a parsed record (a record may span lines inside quotes). */
const recordStart = (r: CsvRecord) => r.info.lines - (r.raw.replace(/\r?\n$/, '').split('\n').length - 1)

function readCsv(text: string, encoding: Encoding): Table {
  const skipped: RawRow[] = []
  let lastEnd = 0
  const records = parseCsv(text, {
    ...CSV_OPTIONS,
    delimiter: csvDelimiter(text),
    on_skip: (err: { lines?: number; message: string } | undefined, raw?: string) => {
      skipped.push({ line: lastEnd + 1, cells: [raw ?? ''], error: { key: 'import.reason.csv' } })
    },
  }) as unknown as CsvRecord[]
  const rows: RawRow[] = []
  let headers: string[] | undefined
  for (const r of records) {
    const start = recordStart(r)
    lastEnd = r.info.lines
    if (!headers) {
      headers = r.record.map(h => h.replace(/^\uFEFF/, '').trim())
      continue
    }
    if (r.record.every(c => c.trim() === '')) continue
    rows.push({ line: start, cells: r.record.map(unneutralise) })
  }
  // on_skip runs while parsing, so its line is approximate; keep rows in file order.
  rows.push(...skipped)
  rows.sort((a, b) => a.line - b.line)
  return { headers: headers ?? [], rows, format: 'csv', encoding }
}

function readJsonl(text: string, encoding: Encoding): Table {
  const headers: string[] = []
  const index = new Map<string, number>()
  const parsed: { line: number; obj?: Record<string, unknown>; raw: string }[] = []
  text.split('\n').forEach((rawLine, i) => {
    const raw = rawLine.replace(/\r$/, '')
    if (!raw.trim()) return
    try {
      const obj = JSON.parse(raw)
      if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw new Error('not an object')
      for (const k of Object.keys(obj)) if (!index.has(k)) (index.set(k, headers.length), headers.push(k))
      parsed.push({ line: i + 1, obj, raw })
    } catch {
      parsed.push({ line: i + 1, raw })
    }
  })
  const rows = parsed.map(p => {
    if (!p.obj) return { line: p.line, cells: [], raw: p.raw, error: { key: 'import.reason.json' as MessageKey } }
    const cells: Cell[] = headers.map(() => null)
    for (const [k, v] of Object.entries(p.obj)) cells[index.get(k)!] = v == null ? null : typeof v === 'object' ? JSON.stringify(v) : (v as Cell)
    return { line: p.line, cells, raw: p.raw }
  })
  return { headers, rows, format: 'jsonl', encoding }
}

function xlsxCell(v: ExcelJS.CellValue): Cell {
  if (v == null) return null
  if (v instanceof Date || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map(t => t.text).join('')
    if ('text' in v && typeof v.text === 'string') return v.text
    if ('result' in v) return xlsxCell(v.result as ExcelJS.CellValue)
    if ('error' in v) return null
  }
  return String(v)
}

async function readXlsx(buf: Buffer): Promise<Table> {
  let archive: Buffer
  try {
    archive = await safeFirstSheetArchive(buf)
  } catch (error) {
    if (!(error instanceof XlsxRefused)) throw error
    throw new ImportFileError(error.reason === 'not-zip' || error.reason === 'no-sheet' ? 'import.error.notXlsx' : 'import.error.xlsxTooLarge')
  }
  const { default: Excel } = await import('exceljs')
  const wb = new Excel.Workbook()
  try {
    await wb.xlsx.load(archive as unknown as ArrayBuffer)
  } catch {
    throw new ImportFileError('import.error.notXlsx')
  }
  const ws = wb.worksheets[0]
  if (!ws) return { headers: [], rows: [], format: 'xlsx', encoding: null }
  let headers: string[] | undefined
  const rows: RawRow[] = []
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = (row.values as ExcelJS.CellValue[]).slice(1).map(xlsxCell)
    if (!headers) {
      headers = values.map(v => String(v ?? '').trim())
      return
    }
    if (values.every(v => v == null || String(v).trim() === '')) return
    rows.push({ line: rowNumber, cells: values })
  })
  return { headers: headers ?? [], rows, format: 'xlsx', encoding: null }
}

export async function readTable(buf: Buffer, name: string, encoding?: Encoding): Promise<Table> {
  if (buf.length === 0) throw new ImportFileError('import.error.empty')
  const format = detectFormat(buf, name)
  if (format === 'xlsx') return readXlsx(buf)
  const decoded = decodeText(buf, encoding)
  return format === 'jsonl' ? readJsonl(decoded.text, decoded.encoding) : readCsv(decoded.text, decoded.encoding)
}

/** Rows of a file with its header, read as they are needed when the format allows. */
type RowSource = { headers: string[]; rows: AsyncIterable<RawRow> | Iterable<RawRow>; format: Format; encoding: Encoding | null; close?: () => void }

/** How much of a file's start decides its format and encoding. */
const HEAD_BYTES = 1 << 20

function readHead(filePath: string, size: number): Buffer {
  const fd = fs.openSync(filePath, 'r')
  try {
    const head = Buffer.alloc(Math.min(size, HEAD_BYTES))
    const n = fs.readSync(fd, head, 0, head.length, 0)
    return head.subarray(0, n)
  } finally {
    fs.closeSync(fd)
  }
}

/**
 * CSV read as a stream (memory does not grow with the file): the encoding and
 * the delimiter are decided on the file's start, cut at a line break so that
 * no character is split; a file smaller than that is decided as a whole.
 */
async function streamCsv(filePath: string, head: Buffer, size: number, forced?: Encoding): Promise<RowSource> {
  const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf
  const sample = head.length < size ? head.subarray(0, head.lastIndexOf(0x0a) + 1 || head.length) : head
  const { text, encoding } = decodeText(sample, forced)
  const skipped: RawRow[] = []
  const bytes = fs.createReadStream(filePath, { start: bom ? 3 : 0, highWaterMark: 1 << 20 })
  const parser = parseCsvStream({
    ...CSV_OPTIONS,
    delimiter: csvDelimiter(text),
    on_skip: (err, raw) => {
      const line = (err as { lines?: unknown } | undefined)?.lines
      skipped.push({ line: typeof line === 'number' ? line : 1, cells: [raw ?? ''], error: { key: 'import.reason.csv' } })
      return undefined
    },
  })
  // pipeline destroys every stage on the first error, so reading the parser rethrows it.
  if (encoding === 'gb18030') pipeline(bytes, iconv.decodeStream('gb18030'), parser, () => {})
  else pipeline(bytes, parser, () => {})
  const records = parser[Symbol.asyncIterator]() as AsyncIterator<CsvRecord>
  const first = await records.next()
  const headers = first.done ? [] : first.value.record.map(h => h.replace(/^\uFEFF/, '').trim())
  async function* rows(): AsyncGenerator<RawRow> {
    for (let next = await records.next(); !next.done; next = await records.next()) {
      const start = recordStart(next.value)
      // A skipped (malformed) record is reported in file order among the others.
      while (skipped.length && skipped[0]!.line < start) yield skipped.shift()!
      if (next.value.record.every(c => c.trim() === '')) continue
      yield { line: start, cells: next.value.record.map(unneutralise) }
    }
    yield* skipped.splice(0)
  }
  return { headers, rows: rows(), format: 'csv', encoding, close: () => bytes.destroy() }
}

async function openRows(filePath: string, name: string, encoding?: Encoding): Promise<RowSource> {
  const size = fs.statSync(filePath).size
  if (size === 0) throw new ImportFileError('import.error.empty')
  const head = readHead(filePath, size)
  if (detectFormat(head, name) === 'csv') return streamCsv(filePath, head, size, encoding)
  return readTable(fs.readFileSync(filePath), name, encoding)
}

/** Line breaks in a file: the expected number of rows, for progress. */
function countLines(filePath: string): number {
  const fd = fs.openSync(filePath, 'r')
  const buf = Buffer.alloc(1 << 20)
  let lines = 0
  try {
    for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0;) {
      for (let i = buf.indexOf(0x0a); i >= 0 && i < n; i = buf.indexOf(0x0a, i + 1)) lines++
    }
  } finally {
    fs.closeSync(fd)
  }
  return lines
}

// ---------------------------------------------------------------------------
// Row validation
// ---------------------------------------------------------------------------

const HOUR = 3600 * 1000
/** Spreadsheet times carry no zone: they are Beijing time (UTC+8). */
const CST_OFFSET = 8 * HOUR

/** Parse a time as written in exports; undefined when it cannot be read. */
export function parseTime(v: Cell): Date | undefined {
  if (v == null || v === '') return undefined
  if (v instanceof Date) return new Date(v.getTime() - CST_OFFSET)
  if (typeof v === 'number') {
    // An Excel serial day number (1900 date system).
    if (v > 20000 && v < 80000) return new Date(Math.round((v - 25569) * 86400 * 1000) - CST_OFFSET)
    return undefined
  }
  const s = String(v).trim().normalize('NFKC')
  const m = s.match(/^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]+(\d{1,2})[:时](\d{1,2})(?:[:分](\d{1,2}))?[分秒]?)?$/)
  if (m) {
    const [, y, mo, d, h = '0', mi = '0', se = '0'] = m
    const t = Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +se) - CST_OFFSET
    const check = new Date(t + CST_OFFSET)
    if (check.getUTCMonth() !== +mo! - 1 || check.getUTCDate() !== +d! || +h > 23 || +mi > 59 || +se > 59) return undefined
    return new Date(t)
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(s)) {
    const t = Date.parse(s)
    return Number.isNaN(t) ? undefined : new Date(t)
  }
  return undefined
}

export type RowError = { key: MessageKey; params?: Record<string, string | number> }
export type ValidRow = NewComplaint & { hashWithoutTime?: boolean }

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/
const PHONE = /^\+?[0-9][0-9\-()（） ]{4,38}$/

function text(v: Cell): string {
  if (v == null) return ''
  if (v instanceof Date) return v.toISOString()
  return String(v).trim()
}

export type RowContext = {
  channel: Channel
  communityId: number | null
  enteredByUserId?: number | null
  now?: Date
  /** Resolve a community cell (code, name or alias) to a unit id. */
  community: (value: string) => number | undefined
  /** The communities the importing worker serves; absent: every community. */
  communitiesInScope?: ReadonlySet<number>
}

/**
 * Check one row and turn it into a complaint, or say what is wrong with it.
 * Text is kept as written (only trimmed); nothing is silently cut.
 */
export function validateRow(values: Partial<Record<ImportField, Cell>>, ctx: RowContext): { ok: true; row: ValidRow } | { ok: false; error: RowError } {
  const get = (f: ImportField) => text(values[f] ?? null)
  for (const f of IMPORT_FIELDS) {
    const v = get(f)
    if (v.includes('\uFFFD')) return { ok: false, error: { key: 'import.reason.encoding', params: { field: f } } }
    if (CONTROL.test(v)) return { ok: false, error: { key: 'import.reason.control', params: { field: f } } }
  }
  let subject = get('subject')
  let body = get('body')
  if (!subject && !body) return { ok: false, error: { key: 'import.reason.empty' } }
  if (!body) body = subject
  if (!subject) subject = [...(body.split(/[\n。！？!?]/)[0] ?? body)].slice(0, 40).join('')
  const lengths: [ImportField, string, number][] = [
    ['subject', subject, LIMITS.subject],
    ['body', body, LIMITS.body],
    ['placeText', get('placeText'), LIMITS.place],
    ['complainantName', get('complainantName'), LIMITS.name],
    ['complainantPhone', get('complainantPhone'), LIMITS.phone],
    ['complainantAddress', get('complainantAddress'), LIMITS.address],
    ['externalId', get('externalId'), LIMITS.externalId],
    ['complainantKey', get('complainantKey'), LIMITS.name],
  ]
  // Limits count characters (code points); a string no longer in UTF-16 units is within them.
  for (const [field, v, max] of lengths)
    if (v.length > max && [...v].length > max) return { ok: false, error: { key: 'import.reason.tooLong', params: { field, max } } }

  const now = ctx.now ?? new Date()
  let receivedAt: Date | undefined
  const rawTime = values.receivedAt ?? null
  if (text(rawTime)) {
    receivedAt = parseTime(rawTime)
    if (!receivedAt) return { ok: false, error: { key: 'import.reason.time', params: { value: text(rawTime).slice(0, 40) } } }
    if (receivedAt.getTime() < Date.UTC(1990, 0, 1) || receivedAt.getTime() > now.getTime() + 24 * HOUR) {
      return { ok: false, error: { key: 'import.reason.timeRange', params: { value: text(rawTime).slice(0, 40) } } }
    }
  }
  // An official reply's time is checked as the message's is: a reply is never dated the day it was imported.
  const rawReplyTime = values.repliedAt ?? null
  if (get('reply') && text(rawReplyTime)) {
    const repliedAt = parseTime(rawReplyTime)
    if (!repliedAt) return { ok: false, error: { key: 'import.reason.replyTime', params: { value: text(rawReplyTime).slice(0, 40) } } }
    if (repliedAt.getTime() < Date.UTC(1990, 0, 1) || repliedAt.getTime() > now.getTime() + 24 * HOUR) {
      return { ok: false, error: { key: 'import.reason.replyTimeRange', params: { value: text(rawReplyTime).slice(0, 40) } } }
    }
  }
  const phone = get('complainantPhone')
  if (phone && !PHONE.test(phone)) return { ok: false, error: { key: 'import.reason.phone', params: { value: phone.slice(0, 40) } } }

  let channel = ctx.channel
  const ch = get('channel')
  if (ch) {
    const c = (CHANNELS as readonly string[]).includes(ch.toLowerCase()) ? (ch.toLowerCase() as Channel) : CHANNEL_ALIASES[ch.replace(/\s/g, '')]
    if (!c) return { ok: false, error: { key: 'import.reason.channel', params: { value: ch.slice(0, 40) } } }
    channel = c
  }
  let communityId = ctx.communityId
  const comm = get('community')
  if (comm) {
    const id = ctx.community(comm)
    if (id == null) return { ok: false, error: { key: 'import.reason.community', params: { value: comm.slice(0, 40) } } }
    if (ctx.communitiesInScope && !ctx.communitiesInScope.has(id))
      return { ok: false, error: { key: 'import.reason.communityScope', params: { value: comm.slice(0, 40) } } }
    communityId = id
  }
  const num = (f: 'lat' | 'lng', lo: number, hi: number) => {
    const v = get(f)
    if (!v) return { ok: true as const, value: null }
    const n = Number(v)
    return Number.isFinite(n) && n >= lo && n <= hi ? { ok: true as const, value: n } : { ok: false as const }
  }
  const lat = num('lat', -90, 90)
  const lng = num('lng', -180, 180)
  if (!lat.ok || !lng.ok) return { ok: false, error: { key: 'import.reason.coords' } }
  if ((lat.value == null) !== (lng.value == null)) return { ok: false, error: { key: 'import.reason.coords' } }
  const sup = get('supportersCount')
  const supporters = sup ? Number(sup) : 0
  if (!Number.isInteger(supporters) || supporters < 0 || supporters > 10_000_000)
    return { ok: false, error: { key: 'import.reason.number', params: { field: 'supportersCount' } } }

  const orNull = (v: string) => v || null
  return {
    ok: true,
    row: {
      channel,
      externalId: orNull(get('externalId')),
      communityId,
      placeText: orNull(get('placeText')),
      lat: lat.value,
      lng: lng.value,
      subject,
      body,
      receivedAt,
      hashWithoutTime: !receivedAt,
      complainantName: orNull(get('complainantName')),
      complainantPhone: orNull(phone),
      complainantAddress: orNull(get('complainantAddress')),
      complainantKey: orNull(get('complainantKey')),
      supportersCount: supporters,
      enteredByUserId: ctx.enteredByUserId ?? null,
    },
  }
}

// ---------------------------------------------------------------------------
// Running an import
// ---------------------------------------------------------------------------

export type ImportProgress = { total: number; done: number; imported: number; duplicates: number; rejected: number }

export type ImportOptions = {
  filePath: string
  /** Name shown to the user and used to detect the format (defaults to the file's name). */
  originalName?: string
  channel?: Channel
  communityCode?: string | null
  /** The units the importing worker serves (null or absent: everywhere); rows for other communities are refused. */
  scopeUnitIds?: number[] | null
  mapping?: Partial<Record<ImportField, string>>
  encoding?: Encoding
  actor: Actor
  enteredByUserId?: number | null
  locale?: Locale
  /** Where to write the rejects file (default: next to the input). */
  rejectsPath?: string
  batchSize?: number
  onProgress?: (p: ImportProgress) => void
  /** Give the event loop a turn between batches (web uploads, so progress polls are answered). */
  yieldBetweenBatches?: boolean
}

export type ImportSummary = ImportProgress & {
  format: Format
  encoding: Encoding | null
  rejectsFile: string
  /** The first rejected rows, for display. */
  rejects: { line: number; reason: string }[]
  ignoredColumns: string[]
  /** The newest created complaint per handling unit (for live notifications). */
  createdByUnit: { unitId: number | null; id: number }[]
}

function communityResolver(db: Db) {
  const communities = listUnits(db, 'community')
  const cache = new Map<string, number | undefined>()
  return (value: string) => {
    if (cache.has(value)) return cache.get(value)
    const v = value.trim()
    const hit =
      getUnitByCode(db, v)?.kind === 'community'
        ? getUnitByCode(db, v)!.id
        : (communities.find(u => u.nameZh === v || u.nameEn.toLowerCase() === v.toLowerCase() || u.aliases.includes(v))?.id ?? resolveCommunity(db, v)?.id)
    cache.set(value, hit)
    return hit
  }
}

/** Import one file into the database. Throws ImportFileError when the file as a whole is unusable. */
export async function runImport(db: Db, opts: ImportOptions): Promise<ImportSummary> {
  const locale = opts.locale ?? 'zh'
  const name = opts.originalName ?? path.basename(opts.filePath)
  const stat = fs.statSync(opts.filePath)
  if (stat.size > MAX_IMPORT_BYTES) throw new ImportFileError('import.error.tooLarge', { max: MAX_IMPORT_BYTES / 1024 / 1024 })
  const table = await openRows(opts.filePath, name, opts.encoding)
  try {
    return await importRows(db, opts, table, locale)
  } finally {
    table.close?.()
  }
}

async function importRows(db: Db, opts: ImportOptions, table: RowSource, locale: Locale): Promise<ImportSummary> {
  const { fieldOf, ignored } = mapHeaders(table.headers, opts.mapping)
  if (!fieldOf.includes('subject') && !fieldOf.includes('body')) {
    throw new ImportFileError('import.error.noColumns', { headers: table.headers.slice(0, 12).join(', ') || '-' })
  }
  let communityId: number | null = null
  if (opts.communityCode) {
    const u = getUnitByCode(db, opts.communityCode)
    if (!u || u.kind !== 'community') throw new ImportFileError('import.error.community', { code: opts.communityCode })
    communityId = u.id
  }
  const ctx: RowContext = {
    channel: opts.channel ?? 'import',
    communityId,
    enteredByUserId: opts.enteredByUserId,
    community: communityResolver(db),
    communitiesInScope: opts.scopeUnitIds ? new Set(unitsWithin(db, opts.scopeUnitIds, 'community').map(u => u.id)) : undefined,
  }

  const rejectsPath = opts.rejectsPath ?? defaultRejectsPath(opts.filePath, table.format)
  let rejectLines: string[] = []
  const rejects: ImportSummary['rejects'] = []
  // Streamed rows are counted as they come; progress shows the line count until then.
  const expected = Array.isArray(table.rows) ? table.rows.length : opts.onProgress ? Math.max(0, countLines(opts.filePath) - 1) : 0
  const progress: ImportProgress = { total: expected, done: 0, imported: 0, duplicates: 0, rejected: 0 }
  const createdByUnit = new Map<number | null, number>()

  // A reason about one field names its column as the file heads it (留言主题), not as the code calls it.
  const columnOf = (field: string | number) => {
    const header = table.headers[fieldOf.indexOf(field as ImportField)]?.trim()
    return header || String(field)
  }
  const reject = (row: RawRow, error: RowError) => {
    const params = error.params?.field != null ? { ...error.params, field: columnOf(error.params.field) } : error.params
    const reason = translate(locale, error.key, params)
    progress.rejected++
    if (rejects.length < 200) rejects.push({ line: row.line, reason })
    if (table.format === 'jsonl') {
      let obj: Record<string, unknown>
      try {
        obj = JSON.parse(row.raw ?? '')
        if (!obj || typeof obj !== 'object' || Array.isArray(obj)) obj = { _raw: row.raw }
      } catch {
        obj = { _raw: row.raw }
      }
      rejectLines.push(JSON.stringify({ ...obj, [REJECT_LINE_COLUMN]: row.line, [REJECT_REASON_COLUMN]: reason }))
    } else {
      const cells = table.headers.map((_, i) => text(row.cells[i] ?? null))
      if (row.error && !cells.some(Boolean)) cells[0] = String(row.cells[0] ?? '')
      rejectLines.push([...cells, String(row.line), reason].map(csvCell).join(','))
    }
  }

  // Rejected rows go to a temporary file, renamed into place at the end (the
  // rejects file may be the very file being read).
  const header = table.format === 'jsonl' ? '' : '\uFEFF' + [...table.headers, REJECT_LINE_COLUMN, REJECT_REASON_COLUMN].map(csvCell).join(',') + '\r\n'
  const eol = table.format === 'jsonl' ? '\n' : '\r\n'
  fs.mkdirSync(path.dirname(rejectsPath), { recursive: true })
  const rejectsTmp = `${rejectsPath}.${process.pid}.tmp`
  const rejectsFd = fs.openSync(rejectsTmp, 'w')
  try {
    fs.writeSync(rejectsFd, header)
    const batchSize = opts.batchSize ?? 2000
    let slice: RawRow[] = []
    for await (const row of table.rows) {
      slice.push(row)
      if (slice.length < batchSize) continue
      await importSlice(slice)
      slice = []
    }
    if (slice.length) await importSlice(slice)
    fs.closeSync(rejectsFd)
    fs.renameSync(rejectsTmp, rejectsPath)
  } catch (error) {
    fs.closeSync(rejectsFd)
    fs.rmSync(rejectsTmp, { force: true })
    throw error
  }

  async function importSlice(slice: RawRow[]) {
    const valid: { raw: RawRow; row: ValidRow; reply: { text: string; at?: Date } | null }[] = []
    for (const raw of slice) {
      if (raw.error) {
        reject(raw, raw.error)
        continue
      }
      const values: Partial<Record<ImportField, Cell>> = {}
      fieldOf.forEach((f, i) => {
        const cell = raw.cells[i] ?? null
        if (f && (values[f] == null || values[f] === '')) values[f] = cell
      })
      const checked = validateRow(values, ctx)
      // An official reply (答复意见/答复时间) joins the reply library, pending review.
      const replyText = text(values.reply ?? null)
      const reply = replyText ? { text: replyText, at: parseTime(values.repliedAt ?? null) } : null
      if (checked.ok) valid.push({ raw, row: checked.row, reply })
      else reject(raw, checked.error)
    }
    const results = importComplaintBatch(
      db,
      valid.map(v => v.row),
      opts.actor,
    )
    results.forEach((r, i) => {
      const reply = valid[i]?.reply
      if (reply && r.status !== 'error' && (r.status === 'imported' || !getAnswerForComplaint(db, r.id))) {
        recordComplaintReply(db, { complaintId: r.id, reply: reply.text, repliedAt: reply.at }, opts.actor)
      }
      if (r.status === 'imported') {
        progress.imported++
        createdByUnit.set(r.unitId, r.id)
      } else if (r.status === 'duplicate') progress.duplicates++
      else reject(valid[i]!.raw, { key: 'import.reason.db', params: { message: r.error.slice(0, 200) } })
    })
    if (rejectLines.length) fs.writeSync(rejectsFd, rejectLines.map(l => l + eol).join(''))
    rejectLines = []
    progress.done += slice.length
    progress.total = Math.max(progress.total, progress.done)
    opts.onProgress?.({ ...progress })
    if (opts.yieldBetweenBatches) await new Promise(resolve => setImmediate(resolve))
  }

  return {
    ...progress,
    total: progress.done,
    format: table.format,
    encoding: table.encoding,
    rejectsFile: rejectsPath,
    rejects,
    ignoredColumns: ignored,
    createdByUnit: [...createdByUnit].map(([unitId, id]) => ({ unitId, id })),
  }
}

/** `letters.csv` → `letters.rejects.csv` (JSON Lines stay JSON Lines; XLSX rejects are CSV). */
export function defaultRejectsPath(filePath: string, format: Format) {
  const ext = path.extname(filePath)
  const base = filePath.slice(0, filePath.length - ext.length)
  return `${base}.rejects.${format === 'jsonl' ? 'jsonl' : 'csv'}`
}

// ---------------------------------------------------------------------------
// Progress of web imports (in this process): polled by the upload page.
// ---------------------------------------------------------------------------

type Job = ImportProgress & { userId: number; finished: boolean; updatedAt: number }
const jobs = new Map<string, Job>()

export function setImportProgress(jobId: string, userId: number, p: ImportProgress, finished = false) {
  jobs.set(jobId, { ...p, userId, finished, updatedAt: Date.now() })
  // Forget jobs after an hour.
  for (const [id, j] of jobs) if (Date.now() - j.updatedAt > 3600_000) jobs.delete(id)
}

export function getImportProgress(jobId: string, userId: number): (ImportProgress & { finished: boolean }) | null {
  const j = jobs.get(jobId)
  if (!j || j.userId !== userId) return null
  const { userId: _u, updatedAt: _t, ...rest } = j
  return rest
}

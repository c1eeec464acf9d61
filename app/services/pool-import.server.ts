// Import of deliberator-pool members from CSV (UTF-8 or GBK/GB18030) or XLSX.
// Headers are recognised in Chinese or English; each row is validated on its
// own and bad rows come back with their line number and a reason, plus a
// rejects CSV (original columns + reason) that can be fixed and re-imported.
import { translate, type Locale, type MessageKey } from '#app/i18n/index'
import { localName } from '#app/i18n/local-name'
import { readTable, normaliseHeader, ImportFileError } from '#app/services/import.server'
import { csvCell } from '#app/utils/csv'
import { addDays, chinaDayStart } from '#app/utils/dates'
import { getUnit, getUnitByCode, importPoolMembers, listUnits, POOL_ATTRIBUTES, type Db, type PoolImportRow } from '#app/utils/db.server'
import { POOL_ROLES } from '#app/utils/permissions'
import { isPlausiblePhone } from '#app/utils/phone'
import type { Actor } from '#db/queries/audit'

export const POOL_IMPORT_FIELDS = [
  'name',
  'phone',
  'community',
  'building',
  'interests',
  'expertise',
  'roles',
  'gender',
  'ageBand',
  'tenure',
  'availability',
  'accessibilityNeeds',
  'languages',
  'capability',
  'consentAt',
  'consentText',
] as const
export type PoolImportField = (typeof POOL_IMPORT_FIELDS)[number]

const ALIASES: Record<PoolImportField, string[]> = {
  name: ['姓名', '名字', '议事员', '成员姓名', 'name', 'fullname'],
  phone: ['电话', '手机', '手机号', '手机号码', '联系电话', '联系方式', 'phone', 'mobile', 'tel'],
  community: ['社区', '所属社区', '社区名称', '社区编码', 'community', 'communitycode'],
  building: ['楼栋', '楼幢', '住址', '地址', '网格', '小区楼栋', 'building', 'address', 'grid'],
  interests: ['关注领域', '关注', '关注议题', '兴趣', '兴趣领域', 'interests', 'interest'],
  expertise: ['专长', '特长', '专业', '专业特长', 'expertise', 'skills'],
  roles: ['身份', '角色', '身份类别', '代表身份', 'roles', 'role'],
  gender: ['性别', 'gender', 'sex'],
  ageBand: ['年龄段', '年龄', 'age', 'ageband'],
  tenure: ['居住年限', '居住时间', '居住年数', 'tenure', 'yearsofresidence'],
  availability: ['可参加时间', '空闲时间', '可参与时间', 'availability'],
  accessibilityNeeds: ['无障碍需求', '特殊需求', '无障碍', 'accessibility', 'accessibilityneeds'],
  languages: ['语言', '使用语言', 'languages', 'language'],
  capability: ['议事能力', '能力评估', '议事能力评估', 'capability'],
  consentAt: ['同意时间', '同意日期', '授权时间', 'consentat', 'consentdate'],
  consentText: ['同意内容', '同意书', '是否同意', '同意', '授权', 'consent', 'consenttext'],
}

/** Role names as people write them → pool role codes. */
const ROLE_ALIASES: Record<string, string> = {
  人大代表: 'npc_deputy',
  政协委员: 'cppcc_member',
  两代表一委员: 'npc_deputy',
  居民监督员: 'resident_supervisor',
  监督员: 'resident_supervisor',
  乡贤: 'local_notable',
  新乡贤: 'local_notable',
  社会贤达: 'local_notable',
  网格员: 'grid_worker',
  专职网格员: 'grid_worker',
  商户: 'shop_owner',
  店主: 'shop_owner',
  商户代表: 'shop_owner',
  沿街商户: 'shop_owner',
  学校代表: 'school_rep',
  教师: 'school_rep',
  老师: 'school_rep',
  民警: 'police',
  警察: 'police',
  交警: 'police',
  社区民警: 'police',
  物业: 'property_management',
  物业代表: 'property_management',
  物业公司: 'property_management',
  志愿者: 'volunteer',
}

/** A role as the pool pages name it, in either language (物业代表, Police officer). */
function roleByLabel(label: string): string | undefined {
  const l = label.toLowerCase()
  return POOL_ROLES.find(code => (['zh', 'en'] as const).some(locale => translate(locale, `pool.role.${code}` as MessageKey).toLowerCase() === l))
}

const SPLIT = /[、,，;；/|\n]+/

type Cell = string | number | Date | boolean | null
const text = (v: Cell | undefined) => (v == null ? '' : v instanceof Date ? v.toISOString() : String(v)).trim()

export type PoolRowError = { key: MessageKey; params?: Record<string, string | number> }

/** Map file headers to fields (first match wins); returns the column index per field. */
export function mapPoolHeaders(headers: string[]): Partial<Record<PoolImportField, number>> {
  const out: Partial<Record<PoolImportField, number>> = {}
  const norm = headers.map(normaliseHeader)
  for (const f of POOL_IMPORT_FIELDS) {
    const names = ALIASES[f].map(normaliseHeader)
    const i = norm.findIndex((h, j) => names.includes(h) && !Object.values(out).includes(j))
    if (i >= 0) out[f] = i
  }
  return out
}

function bandOfAge(n: number): string | null {
  if (!Number.isFinite(n) || n < 14 || n > 120) return null
  return n < 40 ? '18-39' : n < 60 ? '40-59' : '60+'
}

function ageBand(s: string): string | null {
  if ((POOL_ATTRIBUTES.ageBand as readonly string[]).includes(s)) return s
  // A band as lists write it (40-49, 60～69岁, 70至79) is read when it lies within one of ours.
  const range = s.normalize('NFKC').match(/^(\d{2,3})\s*(?:-|~|～|—|–|至|到)\s*(\d{2,3})\s*岁?$/)
  if (range) {
    const [lo, hi] = [bandOfAge(Number(range[1])), bandOfAge(Number(range[2]))]
    return lo && lo === hi && Number(range[1]) <= Number(range[2]) ? lo : null
  }
  return bandOfAge(Number(s.replace(/岁$/, '')))
}

function tenure(s: string): string | null {
  if ((POOL_ATTRIBUTES.tenure as readonly string[]).includes(s)) return s
  const n = Number(s.replace(/(年|years?|y)$/i, '').trim())
  if (!Number.isFinite(n) || n < 0 || n > 120) return null
  return n < 5 ? '<5y' : n <= 15 ? '5-15y' : '15y+'
}

function gender(s: string): string | null {
  const x = s.toLowerCase()
  if (['女', 'f', 'female', '女性'].includes(x)) return '女'
  if (['男', 'm', 'male', '男性'].includes(x)) return '男'
  return null
}

function parseDate(v: Cell | undefined): Date | undefined {
  if (v instanceof Date) return v
  const s = text(v)
  if (!s) return undefined
  const m = s.match(/^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})/)
  if (!m) return undefined
  const d = chinaDayStart(`${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`)
  return !d || d > addDays(Date.now(), 1) ? undefined : d
}

const YES = new Set(['是', '同意', '已同意', 'yes', 'y', '1', 'true', '√', '✓'])
const NO = new Set(['否', '不同意', 'no', 'n', '0', 'false'])

export type PoolRowContext = {
  db: Db
  /** Communities the importing user may add members to. */
  allowedCommunityIds: Set<number>
  /** Used when the file has no community column and the user manages exactly one community. */
  defaultCommunityId: number | null
  fileName: string
}

/** Validate one row into a pool member, or say why not. */
export function validatePoolRow(
  cells: Cell[],
  map: Partial<Record<PoolImportField, number>>,
  ctx: PoolRowContext,
): { ok: true; row: PoolImportRow } | { ok: false; error: PoolRowError } {
  const get = (f: PoolImportField) => (map[f] == null ? '' : text(cells[map[f]!]))
  const name = get('name')
  if (!name) return { ok: false, error: { key: 'pool.import.reason.name' } }
  if (name.length > 50) return { ok: false, error: { key: 'pool.import.reason.tooLong', params: { field: 'name', max: 50 } } }
  const phone = get('phone').replace(/\s+/g, '')
  // Checked as the pool form checks it: invitations go to this number by SMS.
  if (phone && (phone.length > 20 || !isPlausiblePhone(phone))) return { ok: false, error: { key: 'pool.import.reason.phone', params: { value: phone } } }
  const c = get('community')
  let communityId = ctx.defaultCommunityId
  if (c) {
    const unit =
      getUnitByCode(ctx.db, c) ?? listUnits(ctx.db, 'community').find(u => u.nameZh === c || u.nameEn === c || u.aliases.includes(c) || u.nameZh === `${c}社区`)
    if (!unit || unit.kind !== 'community') return { ok: false, error: { key: 'pool.import.reason.community', params: { value: c } } }
    communityId = unit.id
  }
  if (communityId == null) return { ok: false, error: { key: 'pool.import.reason.community', params: { value: c } } }
  if (!ctx.allowedCommunityIds.has(communityId)) return { ok: false, error: { key: 'pool.import.reason.scope', params: { value: c } } }
  const roles: string[] = []
  for (const r of get('roles')
    .split(SPLIT)
    .map(s => s.trim())
    .filter(Boolean)) {
    const code = (POOL_ROLES as readonly string[]).includes(r) ? r : (ROLE_ALIASES[r] ?? roleByLabel(r))
    if (!code) return { ok: false, error: { key: 'pool.import.reason.role', params: { value: r } } }
    roles.push(code)
  }
  const attributes: Record<string, string> = {}
  const attrs: [PoolImportField, (s: string) => string | null][] = [
    ['gender', gender],
    ['ageBand', ageBand],
    ['tenure', tenure],
  ]
  for (const [f, fn] of attrs) {
    const raw = get(f)
    if (!raw) continue
    const v = fn(raw)
    if (!v) return { ok: false, error: { key: 'pool.import.reason.attr', params: { field: f, value: raw } } }
    attributes[f] = v
  }
  let capability: number | null = null
  if (get('capability')) {
    capability = Number(get('capability'))
    if (!Number.isFinite(capability) || capability < 1 || capability > 5)
      return { ok: false, error: { key: 'pool.import.reason.capability', params: { value: get('capability') } } }
  }
  // Consent must be on record: a date, a text, or a yes in the consent column.
  const consentRaw = get('consentText')
  const consentAt = parseDate(map.consentAt == null ? undefined : cells[map.consentAt])
  if (get('consentAt') && !consentAt) return { ok: false, error: { key: 'pool.import.reason.consentDate', params: { value: get('consentAt') } } }
  if (NO.has(consentRaw.toLowerCase())) return { ok: false, error: { key: 'pool.import.reason.consent' } }
  if (!consentRaw && !consentAt) return { ok: false, error: { key: 'pool.import.reason.consent' } }
  const consentText = consentRaw && !YES.has(consentRaw.toLowerCase()) ? consentRaw.slice(0, 1000) : `导入：${ctx.fileName}（表格记录本人同意）`
  const list = (f: PoolImportField) =>
    get(f)
      .split(SPLIT)
      .map(s => s.trim())
      .filter(Boolean)
      .slice(0, 20)
  return {
    ok: true,
    row: {
      communityId,
      name,
      phone: phone || null,
      building: get('building').slice(0, 50) || null,
      interests: list('interests'),
      expertise: list('expertise'),
      roles,
      attributes,
      availability: get('availability').slice(0, 200) || null,
      accessibilityNeeds: get('accessibilityNeeds').slice(0, 200) || null,
      languages: list('languages'),
      capability,
      consentText,
      consentAt,
    },
  }
}

export type PoolImportReport = {
  total: number
  imported: number
  /**
   * Rows already in the pool, not imported again: the member repeated (null when the importer may not see
   * it) and, when it repeats an earlier row of the file or its phone is recorded in another community, why
   * (naming that community only if the importer manages it).
   */
  duplicates: { line: number; id: number | null; reason: string | null }[]
  rejects: { line: number; reason: string }[]
  /** Rejected rows as CSV (original header + a reason column), UTF-8 with BOM for Excel. */
  rejectsCsv: string | null
  recognised: PoolImportField[]
}

/** Read, validate and import a pool file. Throws ImportFileError for unreadable files. */
export async function importPoolFile(
  db: Db,
  input: { data: Buffer; fileName: string; ctx: Omit<PoolRowContext, 'db' | 'fileName'>; locale: Locale; actor: Actor },
): Promise<PoolImportReport> {
  const table = await readTable(input.data, input.fileName)
  if (table.format === 'jsonl') throw new ImportFileError('import.error.type', { ext: 'jsonl' })
  const map = mapPoolHeaders(table.headers)
  if (map.name == null) throw new ImportFileError('pool.import.noHeaders' as MessageKey)
  const ctx: PoolRowContext = { ...input.ctx, db, fileName: input.fileName }
  const good: (PoolImportRow & { line: number })[] = []
  const bad: { line: number; cells: Cell[]; reason: string }[] = []
  // A reason about one field names its column as the file heads it (年龄段), not as the code calls it,
  // and a value not understood comes with what may be written instead.
  const reason = (error: PoolRowError) => {
    const field = error.params?.field as PoolImportField | undefined
    if (!field) return translate(input.locale, error.key, error.params)
    const column = map[field] == null ? '' : (table.headers[map[field]!] ?? '').trim()
    const choices = error.key === 'pool.import.reason.attr' ? translate(input.locale, `pool.import.choices.${field}` as MessageKey) : ''
    return translate(input.locale, error.key, { ...error.params, field: column || field, choices })
  }
  for (const r of table.rows) {
    if (r.error) {
      bad.push({ line: r.line, cells: r.cells, reason: reason(r.error) })
      continue
    }
    const v = validatePoolRow(r.cells, map, ctx)
    if (v.ok) good.push({ ...v.row, line: r.line })
    else bad.push({ line: r.line, cells: r.cells, reason: reason(v.error) })
  }
  const results = good.length ? importPoolMembers(db, good, input.actor) : []
  const communityOf = new Map(good.map(g => [g.line, g.communityId]))
  const rejectsCsv = bad.length
    ? '\uFEFF' +
      [[...table.headers, '原行号(line)', '错误原因(reason)'], ...bad.map(b => [...table.headers.map((_, i) => b.cells[i] ?? ''), b.line, b.reason])]
        .map(r => r.map(csvCell).join(','))
        .join('\r\n') +
      '\r\n'
    : null
  return {
    total: table.rows.length,
    imported: results.filter(r => r.status === 'imported').length,
    duplicates: results.flatMap((r): PoolImportReport['duplicates'] => {
      if (r.status !== 'duplicate') return []
      // A row repeating an earlier row of this file says so, not that the person was in the pool before.
      if (r.repeatsLine != null) return [{ line: r.line, id: r.id, reason: translate(input.locale, 'pool.import.reason.repeatsLine', { line: r.repeatsLine }) }]
      if (r.communityId === communityOf.get(r.line)) return [{ line: r.line, id: r.id, reason: null }]
      if (!ctx.allowedCommunityIds.has(r.communityId))
        return [{ line: r.line, id: null, reason: translate(input.locale, 'pool.import.reason.recordedElsewhere') }]
      const community = localName(getUnit(db, r.communityId), input.locale)
      return [{ line: r.line, id: r.id, reason: translate(input.locale, 'pool.import.reason.recordedIn', { community }) }]
    }),
    rejects: bad.map(b => ({ line: b.line, reason: b.reason })),
    rejectsCsv,
    recognised: POOL_IMPORT_FIELDS.filter(f => map[f] != null),
  }
}

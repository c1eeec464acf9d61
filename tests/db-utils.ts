import { openDb, setDb, type Db } from '#db/client'
import type { Role } from '#db/enums'
import { SYSTEM } from '#db/queries/audit'
import { createSession, createUser } from '#db/queries/auth'
import { createUnit, getUnitByCode, invalidateUnits } from '#db/queries/units'
import { topicComplaints, topics } from '#db/schema/index'
import { ensureBaseline } from '#db/seed'

/** A fresh in-memory database with migrations and reference data, installed as the process db. */
export function createTestDb(): Db {
  invalidateUnits()
  const db = openDb(':memory:')
  ensureBaseline(db)
  setDb(db)
  return db
}

/** district gs → street gs-xh → communities gs-czq, gs-hm; department dept-traffic. */
export function seedTestUnits(db: Db) {
  const district = createUnit(db, { kind: 'district', code: 'gs', nameZh: '拱墅区', nameEn: 'Gongshu' })
  const street = createUnit(db, { kind: 'street', code: 'gs-xh', nameZh: '小河街道', nameEn: 'Xiaohe', parentId: district.id })
  const czq = createUnit(db, { kind: 'community', code: 'gs-czq', nameZh: '长征桥社区', nameEn: 'Changzhengqiao', parentId: street.id, aliases: ['长征桥'] })
  const hm = createUnit(db, { kind: 'community', code: 'gs-hm', nameZh: '和睦社区', nameEn: 'Hemu', parentId: street.id, aliases: ['和睦新村'] })
  const traffic = createUnit(db, {
    kind: 'department',
    code: 'dept-traffic',
    nameZh: '交警大队',
    nameEn: 'Traffic police',
    parentId: street.id,
    serviceCode: 'traffic_police',
  })
  return { district, street, czq, hm, traffic }
}

let counter = 0
export const TEST_PASSWORD = 'test-password-1'

/** A user holding `role` in the unit with `unitCode` (null = global), logged in. */
export async function createLoggedInUser(db: Db, role: Role, unitCode: string | null, opts: { password?: string } = {}) {
  const unitId = unitCode ? getUnitByCode(db, unitCode)!.id : null
  const username = `${role}-${unitCode ?? 'all'}-${++counter}`
  const user = await createUser(
    db,
    { username, password: opts.password ?? TEST_PASSWORD, displayName: `测试${role}`, homeUnitId: role === 'resident' ? unitId : null },
    [{ role, unitId }],
    SYSTEM,
  )
  const session = createSession(db, user.id)
  return { id: user.id, username, cookie: `th_session=${session.id}; th_csrf=${CSRF}` }
}

export const CSRF = '0123456789abcdef0123456789abcdef'
export const ANON_COOKIE = `th_csrf=${CSRF}`

/** A Request as the browser would send it (form posts carry the CSRF field). */
export function makeRequest(
  path: string,
  opts: { cookie?: string; method?: string; form?: Record<string, string | string[]>; headers?: Record<string, string> } = {},
) {
  const headers = new Headers(opts.headers)
  headers.set('cookie', opts.cookie ?? ANON_COOKIE)
  let body: URLSearchParams | undefined
  if (opts.form) {
    body = new URLSearchParams()
    body.set('csrf', CSRF)
    for (const [k, v] of Object.entries(opts.form)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x)
    headers.set('content-type', 'application/x-www-form-urlencoded')
  }
  return new Request(`http://localhost${path}`, { method: opts.method ?? (body ? 'POST' : 'GET'), headers, body })
}

/** Run a loader/action and return its Response whether it returned or threw one. */
export async function callRoute(fn: (args: never) => unknown, request: Request, params: Record<string, string> = {}): Promise<Response> {
  try {
    const res = await fn({ request, params, context: { notify: { toUser() {}, toUnit() {} } } } as never)
    return res instanceof Response ? res : new Response(JSON.stringify(res), { status: 200 })
  } catch (e) {
    if (e instanceof Response) return e
    throw e
  }
}

/** Post a form (with the CSRF field) to a route action as the holder of `cookie`. */
export function postForm(
  action: (args: never) => unknown,
  path: string,
  cookie: string,
  form: Record<string, string | string[]>,
  params: Record<string, string> = {},
) {
  return callRoute(action, makeRequest(path, { cookie, form }), params)
}

/** A topic row as given (status defaults to the schema's), holding `complaintIds`. */
export function insertTopic(db: Db, values: typeof topics.$inferInsert, complaintIds: readonly number[] = []) {
  const topic = db.insert(topics).values(values).returning().get()
  for (const complaintId of complaintIds) db.insert(topicComplaints).values({ topicId: topic.id, complaintId }).run()
  return topic
}

// npm run --silent token -- create --role <role> [--unit <id|code>] --name <label>
//   [--scope <scope>]… [--expires-days <n>]
// Prints the new bearer token as its last line (only its hash is stored).
// Without --scope a token gets topics:read and open311:write; without
// --expires-days it expires after 90 days. A role is scoped as on the admin page
// (requireRoleScope): a unit of the kind it works in, or no --unit for an admin.
import { parseArgs } from 'node:util'
import { translate, type MessageKey } from '#app/i18n/index'
import { openDb } from '#db/client'
import { addDays, chinaDay } from '#db/dates'
import { ROLES, type Role } from '#db/enums'
import { isDomainError } from '#db/errors'
import { adminCreateApiToken } from '#db/queries/admin'
import { SYSTEM } from '#db/queries/audit'
import { API_SCOPES, DEFAULT_API_SCOPES, DEFAULT_TOKEN_DAYS, type ApiScope } from '#db/queries/auth'
import { getUnit, getUnitByCode } from '#db/queries/units'
import { ensureBaseline } from '#db/seed'

const USAGE = 'npm run --silent token -- create --role <role> [--unit <id|code>] --name <label> [--scope <scope>]… [--expires-days <n>]'

function fail(message: string): never {
  console.error(message)
  process.exit(2)
}

const HELP = [
  `用法 / usage: ${USAGE}`,
  '',
  '新建一个 API 令牌，最后一行打印令牌（只显示这一次，库里只存它的哈希）。',
  'Makes an API token and prints it as the last line (shown this once; only its hash is stored).',
  '令牌只能用于 /api/* 和 /open311/*；管理员在 /admin/tokens 查看和吊销。',
  'Tokens work only on /api/* and /open311/*; admins list and revoke them on /admin/tokens.',
  '',
  `  --role <role>          ${ROLES.join(' | ')}`,
  '  --unit <id|code>       单位编号或代码，如 gs-czq；管理员不填 / the unit the role works in, e.g. gs-czq; none for admin',
  '  --name <label>         令牌用途，如 hotline-bridge / what the token is for',
  `  --scope <scope>        ${API_SCOPES.join(' | ')}（可重复或逗号分隔 / repeat or comma-separate; default ${DEFAULT_API_SCOPES.join(',')}）`,
  `  --expires-days <n>     1–3650，默认 / default ${DEFAULT_TOKEN_DAYS}`,
  '',
  'DATABASE_PATH 指定数据库 / the database (default ./data/teahouse.db).',
].join('\n')

const [command, ...rest] = process.argv.slice(2)
if (command === '--help' || command === '-h' || command === 'help' || (command === 'create' && rest.some(a => a === '--help' || a === '-h'))) {
  console.log(HELP)
  process.exit(0)
}
if (command !== 'create') fail(`用法 / usage: ${USAGE}\n(--help)`)
let values: { role?: string; unit?: string; name?: string; scope?: string[]; 'expires-days'?: string }
try {
  values = parseArgs({
    args: rest,
    options: {
      role: { type: 'string' },
      unit: { type: 'string' },
      name: { type: 'string' },
      scope: { type: 'string', multiple: true },
      'expires-days': { type: 'string' },
    },
  }).values
} catch (error) {
  fail(String((error as Error).message))
}
if (!values.role || !(ROLES as readonly string[]).includes(values.role)) fail(`--role 必须是 / must be one of: ${ROLES.join(', ')}`)
if (!values.name?.trim()) fail('--name 不能为空 / --name is required')
// --scope may be repeated or comma-separated.
const scopes = values.scope
  ? values.scope
      .flatMap(s => s.split(','))
      .map(s => s.trim())
      .filter(Boolean)
  : [...DEFAULT_API_SCOPES]
const unknownScope = scopes.find(s => !(API_SCOPES as readonly string[]).includes(s))
if (unknownScope || !scopes.length) fail(`--scope 必须是 / must be some of: ${API_SCOPES.join(', ')}${unknownScope ? ` (got ${unknownScope})` : ''}`)
const days = values['expires-days'] === undefined ? DEFAULT_TOKEN_DAYS : Number(values['expires-days'])
if (!Number.isInteger(days) || days < 1 || days > 3650) fail('--expires-days 必须是 1–3650 的整数 / must be a whole number of days from 1 to 3650')

const db = openDb(process.env.DATABASE_PATH ?? './data/teahouse.db')
ensureBaseline(db)
let unitId: number | null = null
if (values.unit) {
  const unit = /^\d+$/.test(values.unit) ? getUnit(db, Number(values.unit)) : getUnitByCode(db, values.unit)
  if (!unit) fail(`找不到单位 / unknown unit: ${values.unit}`)
  unitId = unit.id
}
const expiresAt = addDays(Date.now(), days)
let created: { id: number; token: string }
try {
  created = adminCreateApiToken(db, { name: values.name.trim(), role: values.role as Role, unitId, scopes: scopes as ApiScope[], expiresAt }, SYSTEM)
} catch (error) {
  if (!isDomainError(error)) throw error
  db.$client.close()
  const key = error.messageKey as MessageKey
  fail(`--role ${values.role}${values.unit ? ` --unit ${values.unit}` : ''}: ${translate('zh', key, error.params)} / ${translate('en', key, error.params)}`)
}
db.$client.close()
const { id, token } = created
console.log(
  `# API token #${id} (${values.role}${unitId ? ` @ unit ${unitId}` : ''}; ${scopes.join(' ')}; expires ${chinaDay(expiresAt)}); store it now, it is not shown again`,
)
console.log(token)

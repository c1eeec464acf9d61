// npm run --silent token -- create --role <role> [--unit <id|code>] --name <label>
// Prints the new bearer token as its last line (only its hash is stored).
import { parseArgs } from 'node:util'
import { openDb } from '#db/client'
import { createApiToken } from '#db/queries/auth'
import { SYSTEM } from '#db/queries/audit'
import { getUnit, getUnitByCode } from '#db/queries/units'
import { ROLES, type Role } from '#db/enums'
import { ensureBaseline } from '#db/seed'

function fail(message: string): never {
  console.error(message)
  process.exit(2)
}

const [command, ...rest] = process.argv.slice(2)
if (command !== 'create') fail('用法 / usage: npm run --silent token -- create --role <role> [--unit <id|code>] --name <label>')
let values: { role?: string; unit?: string; name?: string }
try {
  values = parseArgs({ args: rest, options: { role: { type: 'string' }, unit: { type: 'string' }, name: { type: 'string' } } }).values
} catch (error) {
  fail(String((error as Error).message))
}
if (!values.role || !(ROLES as readonly string[]).includes(values.role)) fail(`--role 必须是 / must be one of: ${ROLES.join(', ')}`)
if (!values.name?.trim()) fail('--name 不能为空 / --name is required')

const db = openDb(process.env.DATABASE_PATH ?? './data/teahouse.db')
ensureBaseline(db)
let unitId: number | null = null
if (values.unit) {
  const unit = /^\d+$/.test(values.unit) ? getUnit(db, Number(values.unit)) : getUnitByCode(db, values.unit)
  if (!unit) fail(`找不到单位 / unknown unit: ${values.unit}`)
  unitId = unit.id
}
const { id, token } = createApiToken(db, { name: values.name.trim(), role: values.role as Role, unitId }, SYSTEM)
db.$client.close()
console.log(`# API token #${id} (${values.role}${unitId ? ` @ unit ${unitId}` : ''}); store it now, it is not shown again`)
console.log(token)

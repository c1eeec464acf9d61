// npm run db:seed (seed an empty database) / npm run db:reset (wipe and reseed the demo).
import { openDb } from './client'
import { ensureBaseline, seedDemo, seedDemoIfEmpty, wipeDatabase } from './seed'

const file = process.env.DATABASE_PATH ?? './data/teahouse.db'
if (process.env.NODE_ENV === 'production') {
  console.error('拒绝在生产模式下写入演示数据 / Refusing to seed demo data in production mode.')
  process.exit(1)
}
const db = openDb(file)
if (process.argv.includes('--reset')) {
  wipeDatabase(db)
  ensureBaseline(db)
  await seedDemo(db)
  console.log(`Demo district rebuilt in ${file}`)
} else {
  console.log((await seedDemoIfEmpty(db)) ? `Demo district seeded in ${file}` : `${file} already has data; nothing seeded`)
}
db.$client.close()

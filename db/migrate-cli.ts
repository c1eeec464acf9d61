// npm run db:migrate: apply committed migrations to DATABASE_PATH (the server also does this at start).
import { openDb } from './client'

const file = process.env.DATABASE_PATH ?? './data/teahouse.db'
openDb(file).$client.close()
console.log(`Migrations applied to ${file}`)

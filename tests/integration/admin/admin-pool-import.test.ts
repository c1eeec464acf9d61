import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import * as poolImport from '#app/routes/_panels+/pool.import'
import { importPoolFile } from '#app/services/pool-import.server'
import type { Db } from '#app/utils/db.server'
import { getUnitByCode } from '#db/queries/units'
import { deliberators } from '#db/schema/index'
import { createLoggedInUser, createTestDb, seedTestUnits } from '#tests/db-utils'
import { renderPage } from '#tests/render-page'

let db: Db
beforeEach(() => {
  db = createTestDb()
  seedTestUnits(db)
})

// A pool list as a street office keeps it; all names are made up.
const CSV = [
  '姓名,手机号,社区,身份,性别,年龄段,居住年限,同意时间',
  '张一,13800001111,长征桥社区,志愿者,女,60-69,10,2025-03-01',
  '张二,13800002222,长征桥社区,,男,40～49岁,3,2025-03-01',
  '张三,13800003333,长征桥社区,Police officer,男,18-29,3,2025-03-01',
  '张四,13800004444,长征桥社区,物业代表,男,45,3,2025-03-01',
  '张七,13800008888,长征桥社区,,未知,45,3,2025-03-01',
  '张五,13800005555,长征桥社区,,男,30-49,3,2025-03-01',
  '张六,13800006666,长征桥社区,,男,45,很久,2025-03-01',
  `${'张'.repeat(51)},13800007777,长征桥社区,,男,45,3,2025-03-01`,
].join('\r\n')

async function importAs(locale: 'zh' | 'en') {
  const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
  const czq = getUnitByCode(db, 'gs-czq')!
  return importPoolFile(db, {
    data: Buffer.from(CSV),
    fileName: 'pool.csv',
    ctx: { allowedCommunityIds: new Set([czq.id]), defaultCommunityId: null },
    locale,
    actor: { kind: 'user', id: worker.id },
  })
}

describe('importing a deliberator pool list', () => {
  it('checks a phone as the pool form does: a number an invitation cannot reach is refused', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const czq = getUnitByCode(db, 'gs-czq')!
    const csv = [
      '姓名,手机号,社区,同意时间',
      '甲,12345,长征桥社区,2025-03-01',
      '乙,1380000111,长征桥社区,2025-03-01',
      '丙,138 0000 1111,长征桥社区,2025-03-01',
      '丁,0571-88001234,长征桥社区,2025-03-01',
    ].join('\r\n')
    const report = await importPoolFile(db, {
      data: Buffer.from(csv),
      fileName: 'pool.csv',
      ctx: { allowedCommunityIds: new Set([czq.id]), defaultCommunityId: null },
      locale: 'zh',
      actor: { kind: 'user', id: worker.id },
    })
    expect(report.rejects).toEqual([
      { line: 2, reason: '手机号格式不对：12345' },
      { line: 3, reason: '手机号格式不对：1380000111' },
    ])
    expect(report.imported).toBe(2)
  })

  it('reads ten-year age bands and roles by the names the pool page shows', async () => {
    const report = await importAs('zh')
    expect(report.imported).toBe(4)
    const attrs = (name: string) => db.select().from(deliberators).where(eq(deliberators.name, name)).get()!
    expect(attrs('张一').attributes).toMatchObject({ ageBand: '60+' })
    expect(attrs('张二').attributes).toMatchObject({ ageBand: '40-59' })
    expect(attrs('张三')).toMatchObject({ roles: ['police'], attributes: { ageBand: '18-39' } })
    expect(attrs('张四').roles).toEqual(['property_management'])
  })

  it('says what a refused value may be, naming the column as the file heads it, in the reader’s language', async () => {
    const zh = await importAs('zh')
    expect(zh.rejects).toEqual([
      { line: 6, reason: '“性别”的值无法识别：未知（可填女或男）' },
      { line: 7, reason: '“年龄段”的值无法识别：30-49（可填年龄，如 45，或 18-39、40-59、60+）' },
      { line: 8, reason: '“居住年限”的值无法识别：很久（可填居住年数，如 8，或 <5y、5-15y、15y+）' },
      { line: 9, reason: '“姓名”太长（最多 50 字）' },
    ])
    db = createTestDb()
    seedTestUnits(db)
    const en = await importAs('en')
    expect(en.rejects.map(r => r.reason)).toEqual([
      'Unrecognised “性别”: 未知 (use F or M)',
      'Unrecognised “年龄段”: 30-49 (use an age, such as 45, or 18-39, 40-59, 60+)',
      'Unrecognised “居住年限”: 很久 (use years lived there, such as 8, or <5y, 5-15y, 15y+)',
      '“姓名” is too long (at most 50 characters)',
    ])
  })

  it('the import page lists the roles a file may give, in the reader’s language', async () => {
    const zh = await renderPage(poolImport.default, { path: '/pool/import', locale: 'zh', loaderData: {} })
    expect(zh).toContain('人大代表、政协委员、居民监督员')
    expect(zh).toContain('普通居民留空')
    const en = await renderPage(poolImport.default, { path: '/pool/import', locale: 'en', loaderData: {} })
    expect(en).toContain('People&#x27;s congress deputy, CPPCC member, Resident supervisor')
  })
})

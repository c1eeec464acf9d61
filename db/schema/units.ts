import { sqliteTable, integer, text, index, uniqueIndex, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core'
import { createdAt } from './_helpers'

/**
 * The administrative tree: district → street → community, plus departments
 * (traffic police, city management, …) that hang under a district or street.
 */
export const units = sqliteTable(
  'units',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: ['district', 'street', 'community', 'department'] }).notNull(),
    parentId: integer('parent_id').references((): AnySQLiteColumn => units.id),
    /** Stable public code, e.g. `gs-czq` for 长征桥社区; used by CLIs and APIs. */
    code: text('code').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    /** Alternative names residents write (e.g. 长征桥 for 长征桥社区), JSON array. */
    aliases: text('aliases', { mode: 'json' }).$type<string[]>().notNull().default([]),
    /** Department service code (traffic_police, city_management, …) for departments. */
    serviceCode: text('service_code'),
    /** Heat threshold above which a suggestion is pushed to the community's workers. */
    heatThreshold: integer('heat_threshold').notNull().default(30),
    /** Days a pushed suggestion may wait before street staff are alerted; null = the installation's default. */
    escalateAfterDays: integer('escalate_after_days'),
    createdAt: createdAt(),
  },
  t => [uniqueIndex('units_code_uq').on(t.code), index('units_parent_idx').on(t.parentId)],
)

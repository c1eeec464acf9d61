import { describe, expect, it } from 'vitest'
import { localNotificationParams } from '#app/utils/labels.server'
import { markZh } from '#app/utils/zh-marks'
import { createTestDb, seedTestUnits } from '#tests/db-utils'

describe('notifications in English', () => {
  it('translate the status and department names stored in Chinese when the notification was sent', () => {
    const db = createTestDb()
    seedTestUnits(db)
    const params = { order: '施划临时停车位', department: '交警大队', status: '已派发' }
    // The order's title is what a worker wrote: it stays Chinese, marked as such.
    expect(localNotificationParams(db, 'en')(params)).toEqual({ order: markZh('施划临时停车位'), department: 'Traffic police', status: 'Dispatched' })
    expect(localNotificationParams(db, 'zh')(params)).toEqual({ ...params, order: markZh('施划临时停车位') })
  })
})

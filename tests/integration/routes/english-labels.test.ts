import { describe, expect, it } from 'vitest'
import { localDateParams } from '#app/utils/dates'
import { localNotificationParams } from '#app/utils/labels.server'
import { markZh } from '#app/utils/zh-marks'
import { createTestDb, insertTopic, seedTestUnits } from '#tests/db-utils'

describe('notifications in English', () => {
  it('translate the status and department names stored in Chinese when the notification was sent', () => {
    const db = createTestDb()
    seedTestUnits(db)
    const params = { order: '施划临时停车位', department: '交警大队', status: '已派发' }
    // The order's title is what a worker wrote: it stays Chinese, marked as such.
    expect(localNotificationParams(db, 'en')(params)).toEqual({ order: markZh('施划临时停车位'), department: 'Traffic police', status: 'Dispatched' })
    expect(localNotificationParams(db, 'zh')(params)).toEqual({ ...params, order: markZh('施划临时停车位') })
  })

  it('read a day stored with the notification (a new deadline) as the pages write it, in either language', () => {
    const db = createTestDb()
    seedTestUnits(db)
    const params = { order: '施划临时停车位', due: '2027-01-15', reason: '等待路面施工完成' }
    expect(localNotificationParams(db, 'zh')(params).due).toBe('2027年1月15日')
    expect(localNotificationParams(db, 'en')(params).due).toBe('15 Jan 2027')
    // The same in the live notice, which has the parameters as sent; what is not a day stays as it is.
    expect(localDateParams(params, 'en')).toEqual({ ...params, due: '15 Jan 2027' })
    expect(localDateParams({ count: 3, title: '2027-01-15 以前完成' }, 'zh')).toEqual({ count: 3, title: '2027-01-15 以前完成' })
  })

  it('name a pushed topic by its title now, as the topic pages show it (without the 关于…的议题 frame in English)', () => {
    const db = createTestDb()
    const u = seedTestUnits(db)
    const topic = insertTopic(db, { unitId: u.czq.id, status: 'suggested', title: '关于小河小学路口上下学高峰拥堵严重的议题' })
    const sent = { title: '关于小河小学路口接送孩子车辆拥堵的议题', heat: 21 }
    expect(localNotificationParams(db, 'en')(sent, `/topics/${topic.id}`).title).toBe(markZh('小河小学路口上下学高峰拥堵严重'))
    expect(localNotificationParams(db, 'zh')(sent, `/topics/${topic.id}`).title).toBe(markZh('关于小河小学路口上下学高峰拥堵严重的议题'))
    // A topic no longer there keeps the title it was sent with.
    expect(localNotificationParams(db, 'zh')(sent, '/topics/99999').title).toBe(markZh(sent.title))
  })
})

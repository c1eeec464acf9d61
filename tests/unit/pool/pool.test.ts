import { describe, expect, it } from 'vitest'
import { makeT } from '#app/i18n/index'
import { mapPoolHeaders } from '#app/services/pool-import.server'
import { conflictText, seatLabel, type PoolCounts } from '#app/utils/panel-text'
import { meetingIcs } from '#app/utils/panels.server'
import { suggestRoleSeats } from '#db/queries/pool'

const counts: PoolCounts = { size: 40, roles: { police: 2 }, attrs: { gender: { 女: 18, 男: 22 }, '@affected': { yes: 20 } } }

describe('conflicts in plain language', () => {
  it.each([
    ['seats=50', '共 50 个席位（候选库有 40 人）', '50 seats in total (the pool has 40 people)'],
    ['roleSeats police>=3', '至少 3 个民警席位（库中有此身份的只有 2 人）', 'at least 3 Police officer seat(s) (only 2 in the pool hold this role)'],
    ['quota gender=女 min 15', '性别为“女”的至少 15 人（库中有 18 人）', 'at least 15 with Gender “Female” (18 in the pool)'],
    [
      'quota @affected=yes min 9',
      '受影响社区居民为“是”的至少 9 人（库中有 20 人）',
      'at least 9 with Residents of the affected community “Yes” (20 in the pool)',
    ],
    ['quota ageBand=60+ max 1', '年龄段为“60 岁及以上”的最多 1 人（库中有 0 人）', 'at most 1 with Age band “60 and over” (0 in the pool)'],
  ])('%s', (name, zh, en) => {
    expect(conflictText(makeT('zh'), name, counts)).toBe(zh)
    expect(conflictText(makeT('en'), name, counts)).toBe(en)
  })

  it('keeps unknown names as they are', () => {
    expect(conflictText(makeT('zh'), 'something else', counts)).toBe('something else')
  })
})

describe('seat labels and stakeholder seats', () => {
  it('labels seats', () => {
    const t = makeT('zh')
    expect(seatLabel(t, 'police')).toBe('民警席位')
    expect(seatLabel(t, 'general')).toBe('普通居民席位')
    expect(seatLabel(t, 'affected_resident')).toBe('受影响社区居民席位')
    expect(seatLabel(t, 'custom_role')).toBe('custom_role席位')
  })

  it('maps topic stakeholders to pool role seats', () => {
    expect(suggestRoleSeats(['community_committee', 'residents', 'school', 'traffic_police', 'nearby_shops', 'property_management'])).toEqual({
      school_rep: 1,
      police: 1,
      shop_owner: 1,
      property_management: 1,
    })
    expect(suggestRoleSeats(['residents'])).toEqual({})
  })
})

describe('import headers', () => {
  it('recognises Chinese and English headers, ignoring case, spaces and brackets', () => {
    expect(
      mapPoolHeaders(['姓名', '手机号码', '所属社区', '关注领域', '身份', '性别', '年龄', '居住年限', '同意时间', '原行号(line)', '错误原因(reason)']),
    ).toEqual({
      name: 0,
      phone: 1,
      community: 2,
      interests: 3,
      roles: 4,
      gender: 5,
      ageBand: 6,
      tenure: 7,
      consentAt: 8,
    })
    expect(mapPoolHeaders(['Full Name', 'MOBILE', 'Community Code', 'Consent Text'])).toEqual({ name: 0, phone: 1, community: 2, consentText: 3 })
  })
})

describe('.ics', () => {
  it('writes one event in UTC with escaped text and folded lines', () => {
    const ics = meetingIcs({
      uid: 'u1@teahouse',
      title: '小河小学路口议事会, 第一次',
      start: new Date('2030-05-01T11:00:00Z'),
      minutes: 120,
      place: '长征桥社区会议室;二楼',
      url: 'http://x/meetings/1',
      description: '议题\n' + '很长的说明'.repeat(20),
    })
    expect(ics).toContain('BEGIN:VCALENDAR\r\n')
    expect(ics).toContain('DTSTART:20300501T110000Z')
    expect(ics).toContain('DTEND:20300501T130000Z')
    expect(ics).toContain('SUMMARY:小河小学路口议事会\\, 第一次')
    expect(ics).toContain('LOCATION:长征桥社区会议室\\;二楼')
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75)
  })
})

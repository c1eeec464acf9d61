import { describe, expect, it } from 'vitest'
import { panelComposition, selectPanel, type PanelRequestInput } from '../../../panel/index'

const request: PanelRequestInput = {
  seats: 4,
  seed: 'composition',
  topic: { category: '交通运输', keywords: [], community: '长征桥社区' },
  roleSeats: { police: 1 },
  quotas: { gender: { 女: [2, 4] }, ageBand: { '18-39': [0, 1] }, '@affected': { yes: [1, 4] } },
  pool: [
    { id: 1, community: '长征桥社区', roles: ['police'], attributes: { gender: '男', ageBand: '40-59' } },
    { id: 2, community: '和睦社区', attributes: { gender: '女', ageBand: '18-39' } },
    { id: 3, community: '和睦社区', attributes: { gender: '女', ageBand: '60+' } },
    { id: 4, community: '长征桥社区', attributes: { gender: '男', ageBand: '18-39' } },
    { id: 5, community: '和睦社区', attributes: { gender: '女', ageBand: '40-59' } },
    { id: 6, community: '和睦社区', attributes: { gender: '男', ageBand: '60+' } },
  ],
}

describe('panelComposition: each role seat and quota, what it asked and how many the panel holds', () => {
  it('counts a drawn panel, every line met', async () => {
    const result = await selectPanel(request)
    const lines = panelComposition(
      request,
      result.panel.map(p => p.id),
    )
    expect(lines.map(l => (l.kind === 'role' ? `role ${l.role}` : `${l.attr}=${l.value}`))).toEqual([
      'role police',
      '@affected=yes',
      'ageBand=18-39',
      'gender=女',
    ])
    expect(lines.every(l => l.met)).toBe(true)
    expect(lines.find(l => l.kind === 'quota' && l.attr === 'gender')).toMatchObject({ min: 2, max: 4 })
  })

  it('says which no longer hold when people leave their seats (a seat left empty counts for no one)', () => {
    // The police officer and one woman declined, nobody replaced them.
    const lines = panelComposition(request, [3, 4])
    expect(lines.find(l => l.kind === 'role')).toMatchObject({ role: 'police', min: 1, count: 0, met: false })
    expect(lines.find(l => l.kind === 'quota' && l.attr === 'gender')).toMatchObject({ count: 1, met: false })
    expect(lines.find(l => l.kind === 'quota' && l.attr === 'ageBand')).toMatchObject({ count: 1, max: 1, met: true })
    expect(lines.find(l => l.kind === 'quota' && l.attr === '@affected')).toMatchObject({ count: 1, met: true })
  })

  it('is empty for a draw without role seats or quotas', () => {
    expect(panelComposition({ ...request, roleSeats: {}, quotas: {} }, [1, 2, 3, 4])).toEqual([])
  })
})

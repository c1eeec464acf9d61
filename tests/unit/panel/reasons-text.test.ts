import { describe, expect, it } from 'vitest'
import { makeT } from '#app/i18n/index'
import { reasonsText, type ReasonNames } from '#app/utils/panel-text'
import type { MemberReason } from '#panel/index'

const english: ReasonNames = {
  unit: zh => ({ 长征桥社区: 'Changzhengqiao', 和睦社区: 'Hemu' })[zh] ?? zh,
  category: zh => ({ 城乡建设: 'Urban and rural construction', 交通运输: 'Transport' })[zh] ?? zh,
}
const chinese: ReasonNames = { unit: zh => zh, category: zh => zh }

const propertySeat: MemberReason[] = [
  { kind: 'seat', seat: 'property_management' },
  { kind: 'lives', community: '长征桥社区', nearPlace: false },
  { kind: 'interests', items: ['城乡建设', '交通运输'] },
]

describe('a panel member’s reasons in the reader’s language', () => {
  it.each([
    {
      name: 'role seat',
      reasons: propertySeat,
      zh: '物业代表席位；居住在长征桥社区；关注城乡建设、交通运输',
      en: 'Property management seat; lives in Changzhengqiao; interested in Urban and rural construction, Transport',
    },
    { name: 'general seat', reasons: [{ kind: 'seat', seat: 'general' }] as MemberReason[], zh: '普通居民席位（抽签）', en: 'General seat (drawn by lot)' },
    {
      name: 'affected seat, near the place, expertise and other roles',
      reasons: [
        { kind: 'seat', seat: 'affected_resident' },
        { kind: 'lives', community: '和睦社区', nearPlace: true },
        { kind: 'expertise', items: ['交通规划'] },
        { kind: 'roles', roles: ['police', 'volunteer'] },
      ] as MemberReason[],
      zh: '受影响社区居民席位；居住在和睦社区（议题地点附近）；专长：交通规划；相关身份：民警、志愿者',
      // Expertise is the member's own words and stays as they wrote it.
      en: "Affected-resident seat; lives in Hemu, near the topic's place; expertise: 交通规划; stakeholder role: Police officer, Volunteer",
    },
  ])('$name', ({ reasons, zh, en }) => {
    expect(reasonsText(makeT('zh'), reasons, chinese)).toBe(zh)
    expect(reasonsText(makeT('en'), reasons, english)).toBe(en)
  })

  it('shows reasons saved as text as they are', () => {
    expect(reasonsText(makeT('en'), ['物业代表席位', '居住在长征桥社区'], english)).toBe('物业代表席位; 居住在长征桥社区')
    expect(reasonsText(makeT('zh'), ['物业代表席位', '居住在长征桥社区'], chinese)).toBe('物业代表席位；居住在长征桥社区')
  })
})

import { describe, expect, it } from 'vitest'
import { maskEventForObservers, maskLoggedEventForObservers, meetingPseudonyms } from '#realtime/observer-view'

const entry = (key: string, userId: number | null, name: string) => ({ key, userId, name, inRoom: userId == null, at: '' })

describe('observer pseudonyms kept between events', () => {
  it('are the same while the attendance is unchanged, and follow it when someone arrives or is renamed', () => {
    const attendance: Record<string, ReturnType<typeof entry>> = { 'u:41': entry('u:41', 41, '欧阳发言') }
    const state = { attendance }
    const first = meetingPseudonyms(state as never)
    expect(meetingPseudonyms(state as never)).toBe(first)
    expect(first.text('欧阳发言讲得对，王小红也同意')).toBe('议事员 1讲得对，王小红也同意')

    // Someone arrives: their name is masked from now on, in texts already masked before too.
    attendance['r:王小红'] = entry('r:王小红', null, '王小红')
    const second = meetingPseudonyms(state as never)
    expect(second.text('欧阳发言讲得对，王小红也同意')).toBe('议事员 1讲得对，议事员 2也同意')
    expect(second.tag('王小红')).toBe('#2')

    // The fold replaces an entry when it changes (a check-in under another name).
    attendance['u:41'] = entry('u:41', 41, '欧阳大伟')
    expect(meetingPseudonyms(state as never).text('欧阳大伟和欧阳发言')).toBe('议事员 1和欧阳发言')
  })

  it('replace a phone number in a text whole, whether or not that text was masked before', () => {
    const p = meetingPseudonyms({ attendance: { 'u:1': entry('u:1', 1, '李主持') } } as never)
    const said = '李主持的电话13812345678'
    expect(p.text(said)).toBe('议事员 1的电话【电话】')
    expect(p.text(said)).toBe('议事员 1的电话【电话】')
  })

  it('remove what complaints lose before they are published: ID numbers, WeChat ids, e-mails, landlines, flats and introduced names', () => {
    const p = meetingPseudonyms({ attendance: {} } as never)
    expect(p.text('我叫王小红，电话13588889999，身份证330102199001011234，微信wangxh1988，邮箱wxh@example.com，座机0571-87654321，住3栋2单元501室')).toBe(
      '我叫【姓名】，电话【电话】，身份证【证件号】，微信【账号】，邮箱【邮箱】，座机【电话】，住3栋【地址】',
    )
    // An 18-digit number or a landline the patterns do not know still goes whole.
    expect(p.text('编号123456789012345678，057187654321')).toBe('编号【证件号】，【电话】')
  })

  it('mask a logged event once per set of pseudonyms, and again for a new set', () => {
    const attendance: Record<string, ReturnType<typeof entry>> = { 'u:41': entry('u:41', 41, '欧阳发言') }
    const said = {
      meetingId: 1,
      seq: 5,
      type: 'statement.post' as const,
      actorId: 41,
      inRoom: false,
      createdAt: '',
      payload: { key: 'u:41', name: '欧阳发言', text: '我和王小红住一栋楼', itemId: null },
    }
    const before = meetingPseudonyms({ attendance } as never)
    const first = maskLoggedEventForObservers(said, before)
    expect(first).toEqual(maskEventForObservers(said, before))
    expect(maskLoggedEventForObservers({ ...said, payload: { ...said.payload } }, before)).toBe(first)

    attendance['r:王小红'] = entry('r:王小红', null, '王小红')
    const after = meetingPseudonyms({ attendance } as never)
    expect(maskLoggedEventForObservers(said, after).payload).toEqual({ key: 'u:-1', name: '议事员 1', text: '我和议事员 2住一栋楼', itemId: null })
  })
})

import { describe, expect, it } from 'vitest'
import { findPersonalDataIn } from '#db/queries/work-orders'
import { findPersonalData, scrubPersonalData } from '#nlp/scrub'

describe('finding personal data in what staff write', () => {
  it('names what the scrubber would remove, as written, without changing the text', () => {
    const text = '联系人王阿姨13900001111，微信wangayi1960'
    expect(findPersonalData(text)).toEqual([
      { kind: 'phone', text: '13900001111' },
      { kind: 'account', text: 'wangayi1960' },
      { kind: 'name', text: '王阿姨' },
    ])
    expect(Object.values(scrubPersonalData(text).removed).reduce((a, b) => a + b, 0)).toBe(3)
  })

  it('masks each finding (for logs and errors), keeps it as typed (for its writer only), and leaves out the fields without any', () => {
    expect(
      findPersonalDataIn({
        title: '小河小学路口护学岗',
        problem: '请联系李女士，手机 139 0000 1111，邮箱 li@example.com，身份证330105199001011234',
        place: '5幢',
      }),
    ).toEqual({
      problem: [
        { kind: 'email', shown: 'l***@example.com', typed: 'li@example.com' },
        { kind: 'idNumber', shown: '330****1234', typed: '330105199001011234' },
        { kind: 'phone', shown: '139****1111', typed: '139 0000 1111' },
        { kind: 'name', shown: '李**', typed: '李女士' },
      ],
    })
  })

  it('finds the complainants’ own names and phones wherever they are written', () => {
    expect(findPersonalDataIn({ problem: '路口拥堵，张伟看到了' }, { names: ['张伟'], phones: [] })).toEqual({
      problem: [{ kind: 'name', shown: '张*', typed: '张伟' }],
    })
    // A two-character name with nothing around it to tell it is one is found only as a complainant's own.
    expect(findPersonalDataIn({ problem: '路口拥堵，张伟看到了' })).toEqual({})
  })
})

describe('office landlines in what staff write', () => {
  it('lets a landline through when the text says whose office it is, but not a mobile or a bare landline', () => {
    expect(findPersonalDataIn({ problem: '详情可打社区办公室电话0571-88881234询问' })).toEqual({})
    expect(findPersonalDataIn({ problem: '可打0571-88881234询问' })).toEqual({
      problem: [{ kind: 'phone', shown: '057****1234', typed: '0571-88881234' }],
    })
    expect(Object.keys(findPersonalDataIn({ problem: '办公室电话13812345678' }))).toEqual(['problem'])
  })
  it('still refuses a complainant’s own number however it is introduced', () => {
    expect(Object.keys(findPersonalDataIn({ problem: '办公室电话0571-88881234' }, { phones: ['0571-88881234'] }))).toEqual(['problem'])
  })
})

import { describe, expect, it } from 'vitest'
import { scrubPersonalData } from '#nlp/scrub'

describe('scrubPersonalData', () => {
  it.each([
    ['请打13812345678', '请打138****5678'],
    ['电话138-1234-5678', '电话138****5678'],
    ['电话 +86 138 1234 5678 谢谢', '电话 138****5678 谢谢'],
    ['座机0571-88001234', '座机0571-****1234'],
    ['身份证330105199001011234', '身份证330105********1234'],
    ['身份证号33010519900101123X。', '身份证号330105********123X。'],
    ['邮箱 wang.lei@example.com', '邮箱 ***@***'],
    ['车牌浙A12345一直占道', '车牌浙A*****一直占道'],
    ['新能源车浙A·D12345停在消防通道', '新能源车浙A*****停在消防通道'],
    ['住5幢2单元301室', '住5幢***室'],
    ['住5幢502，电梯坏了', '住5幢***，电梯坏了'],
    ['3号楼1201的住户', '3号楼***的住户'],
    ['我叫王小明，住在和睦新村', '我叫王**，住在和睦新村'],
    ['联系人：李梅 电话', '联系人：李* 电话'],
  ])('%s → %s', (input, expected) => {
    expect(scrubPersonalData(input)).toBe(expected)
  })

  it('masks names known from the record wherever they appear', () => {
    expect(scrubPersonalData('司马青反映：司马青家门口的路灯坏了', { names: ['司马青', null, ''] })).toBe('司**反映：司**家门口的路灯坏了')
  })

  it('leaves ordinary complaint text alone', () => {
    const text = '小河小学路口每天早上7点到8点接送车辆拥堵，希望增加2名交警疏导，设置30个临时车位。'
    expect(scrubPersonalData(text)).toBe(text)
  })
})

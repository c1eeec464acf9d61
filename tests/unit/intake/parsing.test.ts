import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { decodeText, mapHeaders, parseMapping, parseTime } from '#app/services/import.server'
import { sniffImage } from '#app/services/uploads.server'
import { redactPublicText } from '#db/queries/intake'
import { maskPhone } from '#db/queries/pii'

describe('time parsing (Beijing time when no zone is given)', () => {
  it.each([
    ['2024/3/5 7:45:00', '2024-03-04T23:45:00.000Z'],
    ['2024-03-05 07:45', '2024-03-04T23:45:00.000Z'],
    ['2024年3月5日 7时45分', '2024-03-04T23:45:00.000Z'],
    ['2024.03.05', '2024-03-04T16:00:00.000Z'],
    ['2024-03-05T07:45:00+08:00', '2024-03-04T23:45:00.000Z'],
    ['2024-03-04T23:45:00Z', '2024-03-04T23:45:00.000Z'],
  ])('%s', (input, iso) => {
    expect(parseTime(input)?.toISOString()).toBe(iso)
  })
  it.each(['明天', '2024-02-30 10:00', '2024-13-01', '25:00', '2024-03-05 24:10'])('rejects %s', input => {
    expect(parseTime(input)).toBeUndefined()
  })
  it('reads Excel serial numbers', () => {
    // 45356.5 = 2024-03-05 12:00 in Beijing
    expect(parseTime(45356.5)?.toISOString()).toBe('2024-03-05T04:00:00.000Z')
  })
})

describe('encoding detection', () => {
  it('decodes GBK bytes and keeps UTF-8 as UTF-8', () => {
    const text = '留言主题,留言详情\n路灯坏了,长征桥公园\n'
    expect(decodeText(iconv.encode(text, 'gbk'))).toEqual({ text, encoding: 'gb18030' })
    expect(decodeText(Buffer.from(text))).toEqual({ text, encoding: 'utf8' })
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])).text).toBe(text)
  })
})

describe('header recognition', () => {
  it('maps Chinese and English headers, ignoring the rest', () => {
    const { fieldOf, ignored } = mapHeaders(['留言编号', 'Title', '留言时间', '问题描述', '联系电话', '备注', '原行号(line)'])
    expect(fieldOf).toEqual(['externalId', 'subject', 'receivedAt', 'body', 'complainantPhone', null, null])
    expect(ignored).toEqual(['备注'])
  })
  it('lets an explicit mapping win', () => {
    const { fieldOf } = mapHeaders(['标题', '内容', '摘要'], parseMapping('subject=摘要, body=内容'))
    expect(fieldOf).toEqual([null, 'body', 'subject'])
    expect(() => parseMapping('nonsense')).toThrow()
    expect(() => mapHeaders(['a'], { subject: 'b' })).toThrow()
  })
})

describe('privacy helpers', () => {
  it('masks numbers typed into public text', () => {
    expect(redactPublicText('请打13812345678或0571-88001234，身份证330105199001011234')).toBe('请打【电话】或【电话】，身份证【证件号】')
    expect(maskPhone('13812345678')).toBe('138****5678')
  })
  it('checks images by their bytes, not their name', () => {
    expect(sniffImage(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg')
    expect(sniffImage(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png')
    expect(sniffImage(Buffer.from('RIFF0000WEBPVP8 '))).toBe('image/webp')
    expect(sniffImage(Buffer.from('RIFF0000AVI LIST'))).toBeNull()
    expect(sniffImage(Buffer.from('<svg onload=alert(1)>'))).toBeNull()
  })
})

import { describe, expect, it } from 'vitest'
import { localName, localText } from '#app/i18n/local-name'

describe('a name in the reader’s language', () => {
  const unit = { nameZh: '长征桥社区', nameEn: 'Changzhengqiao' }

  it('shows the Chinese name in Chinese and the English one in English', () => {
    expect(localName(unit, 'zh')).toBe('长征桥社区')
    expect(localName(unit, 'en')).toBe('Changzhengqiao')
  })

  it('falls back to the Chinese name where no English one was given', () => {
    expect(localName({ nameZh: '和睦社区', nameEn: '' }, 'en')).toBe('和睦社区')
    expect(localName({ nameZh: '和睦社区', nameEn: null }, 'en')).toBe('和睦社区')
  })

  it('is empty for a missing row', () => {
    expect(localName(undefined, 'zh')).toBe('')
    expect(localName(null, 'en')).toBe('')
  })
})

describe('a text kept in both languages', () => {
  it('chooses by locale and falls back to Chinese', () => {
    expect(localText('交警大队', 'Traffic police', 'zh')).toBe('交警大队')
    expect(localText('交警大队', 'Traffic police', 'en')).toBe('Traffic police')
    expect(localText('交警大队', null, 'en')).toBe('交警大队')
  })
})

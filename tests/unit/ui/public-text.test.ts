import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { MarkedText, PublicText } from '#app/components/zh-text'
import { LocaleContext, type Locale } from '#app/i18n/index'
import { localPlaceholders } from '#app/utils/placeholders'
import { markZh } from '#app/utils/zh-marks'
import { PLACEHOLDER, scrubPersonalData } from '#nlp/scrub'

// Synthetic text; nothing here comes from real residents.
const SCRUBBED = scrubPersonalData('我叫李建国，电话13800138000，住3栋2单元501室，车牌浙A12345。').text

const render = (locale: Locale, el: ReturnType<typeof createElement>) => renderToStaticMarkup(createElement(LocaleContext.Provider, { value: locale }, el))

describe('placeholders in scrubbed public text', () => {
  it('read in English on English pages and stay as stored on Chinese ones', () => {
    expect(SCRUBBED).toBe('我叫【姓名】，电话【电话】，住3栋【地址】，车牌【车牌】。')
    expect(localPlaceholders(SCRUBBED, 'en')).toBe('我叫[name]，电话[phone]，住3栋[address]，车牌[plate]。')
    expect(localPlaceholders('身份证【证件号】', 'en')).toBe('身份证[ID number]')
    expect(localPlaceholders(SCRUBBED, 'zh')).toBe(SCRUBBED)
  })

  it('has English words for every placeholder the scrubber writes, and Chinese ones equal to what it stores', () => {
    for (const placeholder of Object.values(PLACEHOLDER)) {
      expect(localPlaceholders(placeholder, 'zh')).toBe(placeholder)
      expect(localPlaceholders(placeholder, 'en')).toMatch(/^\[[a-zA-Z ]+\]$/)
    }
  })

  it('leaves other bracketed words alone', () => {
    expect(localPlaceholders('【通知】明天停水', 'en')).toBe('【通知】明天停水')
  })

  it('renders the resident’s words as Chinese and the placeholders in the page’s language', () => {
    expect(render('en', createElement(PublicText, { text: '我叫【姓名】，请回电【电话】' }))).toBe(
      '<span lang="zh-CN">我叫</span>[name]<span lang="zh-CN">，请回电</span>[phone]',
    )
    expect(render('en', createElement(PublicText, { text: '【姓名】您好' }))).toBe('[name]<span lang="zh-CN">您好</span>')
    expect(render('zh', createElement(PublicText, { text: '我叫【姓名】，请回电【电话】' }))).toBe('<span lang="zh-CN">我叫【姓名】，请回电【电话】</span>')
    expect(render('en', createElement(PublicText, { text: '路灯不亮' }))).toBe('<span lang="zh-CN">路灯不亮</span>')
  })

  it('applies to the marked Chinese parts of a formatted message (a notification about an answer)', () => {
    const text = `New answer: ${markZh('【姓名】咨询医保')}`
    expect(render('en', createElement(MarkedText, { text }))).toBe('New answer: [name]<span lang="zh-CN">咨询医保</span>')
    expect(render('zh', createElement(MarkedText, { text }))).toBe('New answer: <span lang="zh-CN">【姓名】咨询医保</span>')
  })
})

describe('phone numbers in public text', () => {
  it('are kept on one line (a landline does not wrap at its hyphen), the stored text unchanged, on Chinese and English pages', () => {
    const text = '预约电话0571-88886666，或拨打服务热线 0571 8888 6666（工作日）。'
    for (const locale of ['zh', 'en'] as const) {
      const html = render(locale, createElement(PublicText, { text }))
      expect(html).toContain('<span class="tel">0571-88886666</span>')
      expect(html).toContain('<span class="tel">0571 8888 6666</span>')
    }
    expect(render('zh', createElement(PublicText, { text: '每周二上午接种，共3栋楼。' }))).not.toContain('class="tel"')
  })
})

import { describe, expect, it } from 'vitest'
import { translate } from '#app/i18n/index'

describe('the resident form’s wording', () => {
  it('names the button the lead tells residents to press, in both languages', () => {
    for (const locale of ['zh', 'en'] as const) {
      const button = translate(locale, 'intake.support')
      expect(translate(locale, 'intake.new.lead')).toContain(button)
      expect(translate(locale, 'intake.suggest.similarHint')).toContain(button)
    }
  })

  it('tells a visitor who may not press “me too” without logging in that submitting still works', () => {
    for (const locale of ['zh', 'en'] as const) expect(translate(locale, 'intake.support.login')).toContain(translate(locale, 'intake.submit'))
  })
})

describe('the public record’s wording', () => {
  it('does not call the news-reader feed by the name of the in-app follow button, which notifies residents', () => {
    for (const locale of ['zh', 'en'] as const) {
      const feed = translate(locale, 'outcome.public.feed')
      expect(feed).not.toBe(translate(locale, 'answers.follow.community'))
      expect(feed).toContain('RSS')
    }
  })
})

describe('where a report stands, in residents’ words', () => {
  it('does not say a person has looked at a report that was only sorted automatically', () => {
    expect(translate('zh', 'resident.status.classified')).not.toMatch(/查看|看过/)
    expect(translate('en', 'resident.status.classified')).not.toMatch(/seen|looked/i)
  })
})

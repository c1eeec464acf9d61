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
})

import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { CopyButton } from '#app/components/copy-button'

describe('copy button', () => {
  it('is not in the page as served, so a browser without JavaScript shows no button that does nothing', () => {
    expect(renderToStaticMarkup(createElement(CopyButton, { text: 'TH-ABCDE-FGHJK', label: '复制查询码' }))).toBe('')
  })
})

import { describe, expect, it } from 'vitest'
import { wrapLabel } from '#app/components/chart'

// Sideways bars name their rows on the left, in at most half the chart's width: a long name is
// fitted there rather than cut off at the canvas edge (the tooltip and the table keep it whole).
describe('a sideways bar chart’s row label', () => {
  it('stays one line when it fits', () => {
    expect(wrapLabel('Transport', 18)).toBe('Transport')
    expect(wrapLabel('Urban and rural construction', 41)).toBe('Urban and rural construction')
    expect(wrapLabel('劳动和社会保障', 18)).toBe('劳动和社会保障')
  })

  it('wraps English between words onto two lines', () => {
    expect(wrapLabel('Urban and rural construction', 18)).toEqual(['Urban and rural', 'construction'])
    expect(wrapLabel('Education, culture and sports', 18)).toEqual(['Education, culture', 'and sports'])
    expect(wrapLabel('Ecology and environmental protection', 24)).toEqual(['Ecology and', 'environmental protection'])
  })

  it('wraps Chinese by characters, each as wide as two letters', () => {
    expect(wrapLabel('城乡建设与生态环境保护', 12)).toEqual(['城乡建设与生', '态环境保护'])
  })

  it('ends in an ellipsis what two lines cannot hold', () => {
    expect(wrapLabel('Ecology and environmental protection', 14)).toEqual(['Ecology and', 'environmental…'])
    expect(wrapLabel('城乡建设与生态环境保护和治理', 12)).toEqual(['城乡建设与生', '态环境保护…'])
  })
})

import { readFileSync } from 'node:fs'
import { loadTaxonomy, type ComplaintInput } from '#nlp/index'

const fixture = (name: string) => new URL(`../../fixtures/nlp/${name}`, import.meta.url)

export const smallTaxonomyJson = () => JSON.parse(readFileSync(fixture('taxonomy-small.json'), 'utf8'))
export const smallTaxonomy = () => loadTaxonomy(smallTaxonomyJson())
export const fixturePath = (name: string) => fixture(name).pathname
export const complaints = (): ComplaintInput[] =>
  readFileSync(fixture('complaints.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map(l => JSON.parse(l))

import { Form } from '@remix-run/react'
import { CsrfInput } from '#app/components/csrf'
import { ErrorList } from '#app/components/forms'
import { Highlighted } from '#app/components/highlight'
import { useT } from '#app/i18n/index'

export type TaxonomyTestResult = {
  /** What the person typed, shown with `terms` (its matched words as written) marked. */
  typed: string
  /** What the matcher read. */
  text: string
  terms: string[]
  path: string
  score: number
  matches: { term: string; path: string; weight: number }[]
}

/** Try a sample text against the taxonomy in force: the category it gets and the keywords that matched, highlighted. */
export function TaxonomyTestBox({ tested, errors, busy }: { tested: TaxonomyTestResult | null; errors: Record<string, string[]>; busy: boolean }) {
  const t = useT()
  return (
    <>
      <h2>{t('taxonomy.test')}</h2>
      <Form method="post" className="stack card" noValidate>
        <CsrfInput />
        <label>
          {t('taxonomy.test')}
          <textarea
            name="text"
            defaultValue={tested?.typed ?? ''}
            maxLength={20000}
            aria-invalid={errors.text ? true : undefined}
            aria-describedby={errors.text ? 'taxonomy-text-error' : undefined}
          />
        </label>
        <ErrorList id="taxonomy-text-error" errors={errors.text} />
        <button type="submit" name="intent" value="test" disabled={busy}>
          {t('taxonomy.test.run')}
        </button>
        {tested ? (
          <div data-testid="taxonomy-test-result" aria-live="polite">
            {tested.matches.length === 0 ? (
              <p>{t('taxonomy.test.none')}</p>
            ) : (
              <>
                <p>
                  {t('taxonomy.test.result', {
                    path: tested.path,
                    score: tested.score,
                  })}
                </p>
                <p>
                  <Highlighted text={tested.typed} terms={tested.terms} />
                </p>
                <h3>{t('taxonomy.test.matches')}</h3>
                <ul>
                  {tested.matches.map((m, i) => (
                    <li key={i}>
                      <mark>{m.term}</mark> → {m.path} ×{m.weight}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </div>
        ) : null}
      </Form>
    </>
  )
}

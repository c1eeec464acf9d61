import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { CsrfInput } from '#app/components/csrf'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { FollowButton } from '#app/components/follow-button'
import { fmtDate } from '#app/components/outcomes-ui'
import { PublicText } from '#app/components/zh-text'
import { useLocale, useT } from '#app/i18n/index'
import { localName } from '#app/i18n/local-name'
import { countViewOnce, feedbackStateFor, followStateFor, giveAnswerFeedback } from '#app/services/answers.server'
import { baseUrlOf } from '#app/services/outcomes.server'
import { qrSvg } from '#app/services/qr.server'
import { getUser, validateCsrf } from '#app/utils/auth.server'
import { getDb, getPublishedAnswer, listUnits } from '#app/utils/db.server'
import { localCategoryName } from '#app/utils/labels.server'
import { errorTitle, metaLocale, pageTitle } from '#app/utils/meta'
import { localPlaceholders } from '#app/utils/placeholders'
import { getPrefs } from '#app/utils/prefs.server'

export const meta: MetaFunction<typeof loader> = ({ data, matches, error }) => [
  { title: data ? pageTitle(matches, 'answers.title', localPlaceholders(data.answer.question, metaLocale(matches))) : errorTitle(matches, error) },
]

function published(idParam: string | undefined) {
  const id = Number(idParam)
  const a = Number.isInteger(id) && id > 0 ? getPublishedAnswer(getDb(), id) : undefined
  if (!a) throw new Response('Not found', { status: 404 })
  return a
}

/** One published answer at a stable URL, with a QR code for notice boards. Only scrubbed texts. A view counts once per browser and day. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb()
  const a = published(params.id)
  const counted = countViewOnce(db, request, a.id)
  const { locale } = getPrefs(request)
  const url = `${baseUrlOf(request)}/answers/${a.id}`
  const user = getUser(request)
  const community = a.communityId ? listUnits(db, 'community').find(u => u.id === a.communityId) : undefined
  return json(
    {
      answer: {
        id: a.id,
        kind: a.kind,
        question: a.publicQuestion,
        text: a.publicText,
        reply: a.publicReply,
        repliedAt: a.repliedAt.toISOString(),
        revisedAt: a.revisedAt?.toISOString() ?? null,
        category: a.categoryPath?.length ? a.categoryPath.map(localCategoryName(db, locale)).join(' / ') : null,
        community: community ? localName(community, locale) : null,
        helpful: a.helpful,
        categoryKey: a.categoryPath?.[0] ?? null,
        communityId: a.communityId,
      },
      followed: followStateFor(db, user),
      // A reader who has voted is thanked, not asked again (their vote would not count twice); a signed-in one may change it.
      ...feedbackStateFor(db, request, user, a.id),
      url,
      qr: await qrSvg(url),
    },
    counted ? { headers: { 'set-cookie': counted } } : undefined,
  )
}

const FeedbackSchema = z.object({ verdict: z.enum(['helpful', 'not_helpful']) })

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await request.formData()
  validateCsrf(request, form)
  const a = published(params.id)
  const parsed = FeedbackSchema.safeParse(Object.fromEntries(form))
  if (!parsed.success) return json({ ok: false }, { status: 400 })
  const cookie = giveAnswerFeedback(getDb(), request, getUser(request), a.id, parsed.data.verdict)
  return json({ ok: true }, cookie ? { headers: { 'set-cookie': cookie } } : undefined)
}

/** A ref that focuses its element once, when it appears. */
const focusOnMount = (el: HTMLElement | null) => el?.focus()

export default function AnswerPage() {
  const t = useT()
  const locale = useLocale()
  const { answer, url, qr, followed, voted, mine } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  return (
    <article className="stack narrow">
      <p>
        <Link className="tap" to="/answers">
          {t('answers.back')}
        </Link>
      </p>
      <h1>
        <PublicText text={answer.question} />
      </h1>
      <p className="hint">
        {answer.kind === 'faq' ? `${t('answers.faq')} · ` : ''}
        {t('answers.repliedAt', { date: fmtDate(answer.repliedAt, locale) })}
        {answer.revisedAt ? ` · ${t('answers.revisedAt', { date: fmtDate(answer.revisedAt, locale) })}` : ''}
        {answer.category ? ` · ${answer.category}` : ''}
        {answer.community ? ` · ${answer.community}` : ''}
      </p>
      {answer.categoryKey || answer.communityId ? (
        <div className="row no-print" data-testid="follow-answer">
          {answer.categoryKey ? <FollowButton followed={followed} kind="category" targetKey={answer.categoryKey} label="answers.follow.category" /> : null}
          {answer.communityId ? (
            <FollowButton followed={followed} kind="place" targetKey={`community:${answer.communityId}`} label="answers.follow.community" />
          ) : null}
        </div>
      ) : null}
      {answer.text ? (
        <section className="card">
          <h2>{t('answers.detail')}</h2>
          <p style={{ whiteSpace: 'pre-wrap' }}>
            <PublicText text={answer.text} />
          </p>
        </section>
      ) : null}
      <section className="card">
        <h2>{t('answers.reply')}</h2>
        <p style={{ whiteSpace: 'pre-wrap' }}>
          <PublicText text={answer.reply} />
        </p>
      </section>
      <section className="card stack no-print">
        {mine ? (
          <MyVerdict mine={mine} thanked={!!result?.ok} />
        ) : result?.ok ? (
          // The buttons it replaces had the focus: the thanks takes it.
          <p className="ok" role="status" tabIndex={-1} ref={focusOnMount}>
            {t('answers.helpful.thanks')}
          </p>
        ) : voted ? (
          <p className="ok">{t('answers.helpful.thanks')}</p>
        ) : (
          <Form method="post" className="stack">
            <CsrfInput />
            <p id="helpful-ask">{t('answers.helpful.ask')}</p>
            {/* The question on its own line, the two answers side by side under it, at any width. */}
            <div className="row" role="group" aria-labelledby="helpful-ask">
              <button type="submit" name="verdict" value="helpful">
                {t('answers.helpful.yes')}
              </button>
              <button type="submit" name="verdict" value="not_helpful">
                {t('answers.helpful.no')}
              </button>
            </div>
          </Form>
        )}
        <p className="hint">{t('answers.helpful.counts', { helpful: answer.helpful })}</p>
      </section>
      <section className="card qr-card">
        <h2>{t('answers.qr')}</h2>
        <div role="img" aria-label={t('answers.qr')} dangerouslySetInnerHTML={{ __html: qr }} style={{ width: 200, height: 200 }} />
        {/* The address itself, to copy or to read off a printed notice. */}
        <p>
          {t('answers.link')}
          <br />
          <a href={url} className="url tap">
            {url}
          </a>
        </p>
      </section>
      <p className="no-print">
        <Link className="tap" to="/complaints/new">
          {t('answers.fileInstead')}
        </Link>
      </p>
    </article>
  )
}

/** A signed-in resident's own verdict, with the other one to change to: their account holds one vote, whichever browser they use. */
function MyVerdict({ mine, thanked }: { mine: 'helpful' | 'not_helpful'; thanked: boolean }) {
  const t = useT()
  const other = mine === 'helpful' ? 'not_helpful' : 'helpful'
  return (
    <Form method="post" className="stack">
      <CsrfInput />
      {thanked ? (
        // The button pressed is replaced: the thanks takes the focus.
        <p className="ok" role="status" tabIndex={-1} ref={focusOnMount}>
          {t('answers.helpful.thanks')}
        </p>
      ) : null}
      <p>{t(mine === 'helpful' ? 'answers.helpful.mine.helpful' : 'answers.helpful.mine.notHelpful')}</p>
      <div className="row">
        <button type="submit" name="verdict" value={other}>
          {t(other === 'helpful' ? 'answers.helpful.change.helpful' : 'answers.helpful.change.notHelpful')}
        </button>
      </div>
    </Form>
  )
}

export const ErrorBoundary = GeneralErrorBoundary

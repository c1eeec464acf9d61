import { Form, Link, useLocation } from '@remix-run/react'
import { CsrfInput } from '#app/components/csrf'
import { ZhText } from '#app/components/zh-text'
import { useT, type MessageKey } from '#app/i18n/index'

// Side by side on one page, each button says what it follows, before and after.
const LOGIN_TO_FOLLOW = {
  category: 'answers.follow.login.category',
  community: 'answers.follow.login.community',
  place: 'answers.follow.login.place',
} as const satisfies Record<string, MessageKey>
const FOLLOWING = {
  category: 'answers.follow.on.category',
  community: 'answers.follow.on.community',
  place: 'answers.follow.on.place',
} as const satisfies Record<string, MessageKey>

/**
 * Follow or unfollow a category or place (posts to /me, then comes back here;
 * works without JavaScript). `followed` is the reader's follow state from
 * `followStateFor`: anonymous visitors get a login link, staff get nothing.
 * `name`: the place's name, before the words, where several places may stand side by side.
 */
export function FollowButton({
  followed,
  kind,
  targetKey,
  label,
  name,
}: {
  followed: string[] | false | null
  kind: 'category' | 'place'
  targetKey: string
  label: MessageKey
  name?: string
}) {
  const t = useT()
  const location = useLocation()
  const here = location.pathname + location.search
  if (followed === false) return null
  const what = kind === 'category' ? 'category' : targetKey.startsWith('community:') ? 'community' : 'place'
  // One run of text: as separate items of the flex link or button, the space before the dot would be dropped.
  const words = (text: string) =>
    name ? (
      <span>
        <ZhText>{name}</ZhText> · {text}
      </span>
    ) : (
      text
    )
  if (followed === null)
    return (
      <Link className="hint follow-login" to={`/login?redirectTo=${encodeURIComponent(here)}`}>
        {words(t(LOGIN_TO_FOLLOW[what]))}
      </Link>
    )
  const on = followed.includes(`${kind}:${targetKey}`)
  return (
    <Form method="post" action="/me" className="follow-form" style={{ display: 'inline' }}>
      <CsrfInput />
      <input type="hidden" name="intent" value={on ? 'unfollow' : 'follow'} />
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="key" value={targetKey} />
      <input type="hidden" name="redirectTo" value={here} />
      <button type="submit" aria-pressed={on}>
        {words(on ? t(FOLLOWING[what]) : t(label))}
      </button>
    </Form>
  )
}

import { Link } from '@remix-run/react'
import { useT } from '#app/i18n/index'

export type MeetingPage = 'room' | 'console' | 'projector' | 'observe' | 'minutes'

const SUFFIX: Record<MeetingPage, string> = { room: '', console: '/console', projector: '/projector', observe: '/observe', minutes: '/minutes' }

/** Links between a meeting's pages; a `false` entry is a page this viewer does not get. */
export function MeetingLinks({ meetingId, label, pages }: { meetingId: number; label: string; pages: (MeetingPage | false)[] }) {
  const t = useT()
  return (
    <nav className="row no-print" aria-label={label}>
      {pages.map(page =>
        page ? (
          <Link key={page} to={`/meetings/${meetingId}${SUFFIX[page]}`}>
            {t(`meeting.links.${page}`)}
          </Link>
        ) : null,
      )}
    </nav>
  )
}

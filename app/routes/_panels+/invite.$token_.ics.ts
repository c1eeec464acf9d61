// Calendar file (RFC 5545) for the meeting an invitation is for.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { makeT } from '#app/i18n/index'
import { getDb, getInvitation } from '#app/utils/db.server'
import { meetingIcs } from '#app/utils/panels.server'
import { getPrefs } from '#app/utils/prefs.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const inv = getInvitation(getDb(), params.token ?? '')
  if (!inv || !inv.meeting) throw new Response('Not found', { status: 404 })
  // An ended meeting has nothing to put in a calendar, and its event would still carry the
  // online room's link and the way into the meeting page; nor has a seat declined (its
  // page no longer offers the file): the file is gone, and says why.
  const gone = inv.meeting.status === 'ended' ? 'invite.meetingEnded' : ['declined', 'replaced'].includes(inv.row.status) ? 'invite.icsDeclined' : null
  if (gone) {
    throw new Response(makeT(getPrefs(request).locale)(gone), {
      status: 410,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
    })
  }
  const origin = new URL(request.url).origin
  const body = meetingIcs({
    uid: `panel-member-${inv.row.id}@teahouse`,
    title: inv.meeting.title || inv.topic.title,
    start: new Date(inv.meeting.startsAt),
    minutes: 120,
    place: inv.meeting.place ?? inv.meeting.link,
    url: `${origin}/meetings/${inv.meeting.id}`,
    description: `${inv.topic.title}\n${origin}/invite/${params.token}`,
  })
  return new Response(body, {
    headers: {
      'content-type': 'text/calendar; charset=utf-8',
      'content-disposition': 'attachment; filename="teahouse-meeting.ics"',
      'cache-control': 'no-store',
    },
  })
}

import type { LoaderFunctionArgs } from '@remix-run/node'
import { meetingIdParam, minutesAccess } from '#app/services/meetings.server'

/** The minutes as a Markdown file (same access rules as the minutes page). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = meetingIdParam(params.id)
  const { row, readable, access, publicCopy } = minutesAccess(request, id)
  if (!readable || !row) throw new Response('Not found', { status: 404 })
  const name = encodeURIComponent(`${access.meeting.title}-纪要.md`)
  return new Response(publicCopy(row.markdown), {
    headers: { 'content-type': 'text/markdown; charset=utf-8', 'content-disposition': `attachment; filename="minutes-${id}.md"; filename*=UTF-8''${name}` },
  })
}

// Turns structured public-timeline entries into readable lines in the
// reader's language. Used by the public pages, the Atom feed and the open-data API.
import type { TFunction } from '#app/i18n/index'
import type { TimelineEntry } from '#db/queries/outcomes-report'

export type FormattedEntry = {
  type: TimelineEntry['type']
  at: string
  topicId: number
  topic: string
  title: string
  summary: string
  /** Path of the public page the entry belongs to (prefix with the site origin for absolute links). */
  path: string
}

const s = (v: unknown) => (v == null ? '' : String(v))

/** `categoryName` shows a stored (Chinese) category in the reader's language. */
/** `mark` wraps words that stay Chinese in any language (titles, places, notes): markZh for pages, identity for feeds. */
export function formatTimelineEntry(
  e: TimelineEntry,
  t: TFunction,
  locale: 'zh' | 'en',
  categoryName: (zh: string) => string = x => x,
  mark: (text: string) => string = x => x,
): FormattedEntry {
  const d = e.data
  const m = (v: unknown) => mark(s(v))
  let title: string
  let summary: string
  switch (e.type) {
    case 'topic':
      title = t('outcome.tl.topic', { topic: mark(e.topicTitle) })
      summary = t('outcome.tl.topic.summary', {
        complaints: s(d.complaints),
        category: (s(d.category) && categoryName(s(d.category))) || '—',
        place: m(d.place) || '—',
      })
      break
    case 'panel':
      title = t('outcome.tl.panel', { topic: mark(e.topicTitle) })
      summary = t('outcome.tl.panel.summary', { seats: s(d.seats), accepted: s(d.accepted), seed: s(d.seed), draws: s(d.draws) })
      break
    case 'meeting':
      title = t('outcome.tl.meeting', { title: m(d.title) })
      summary = t('outcome.tl.meeting.summary', {
        mode: t(`meeting.mode.${d.mode === 'online' || d.mode === 'hybrid' ? d.mode : 'in_person'}`),
        place: m(d.place) || '—',
      })
      break
    case 'minutes':
      title = t('outcome.tl.minutes', { title: m(d.title) })
      summary = ''
      break
    case 'decision':
      title = t('outcome.tl.decision', { title: m(d.title) })
      summary = [m(d.description), d.targets ? t('outcome.tl.decision.targets', { targets: m(d.targets) }) : ''].filter(Boolean).join(' ')
      break
    case 'measurement':
      title = t('outcome.tl.measurement', { metric: m(d.metric) })
      summary = t('outcome.tl.measurement.summary', { baseline: s(d.baseline), value: s(d.value), target: s(d.target), unit: m(d.unit) })
      break
    case 'work_order':
      title = t('outcome.tl.order', { department: s(locale === 'zh' ? d.department : d.departmentEn), status: s(locale === 'zh' ? d.statusZh : d.statusEn) })
      summary = t('outcome.tl.order.summary', { order: m(d.order), progress: s(d.progress) })
      break
    case 'progress':
      title = t('outcome.tl.progress', { department: s(locale === 'zh' ? d.department : d.departmentEn), progress: s(d.progress) })
      summary = m(d.note)
      break
    case 'delivered':
      title = t('outcome.tl.delivered', { title: m(d.title) })
      summary = ''
      break
    case 'satisfaction':
      title = t('outcome.tl.satisfaction', { decision: m(d.decision) })
      summary = t('outcome.tl.satisfaction.summary', { asked: s(d.asked), answered: s(d.answered), satisfied: s(d.satisfied) })
      break
  }
  return { type: e.type, at: e.at.toISOString(), topicId: e.topicId, topic: mark(e.topicTitle), title, summary, path: `/public/topics/${e.topicId}` }
}

import { Link } from '@remix-run/react'
import { TopicTitle } from '#app/components/zh-text'
import { useT, type MessageKey } from '#app/i18n/index'

/** Another topic as a page names it: its title, linked when the viewer may open it. */
export type TopicMentioned = { id: number; title: string; canOpen: boolean }

// Stands for the title in the translated sentence, so the title can be a link inside it.
const SLOT = '\uE010'

/** A sentence about another topic ("merged into …"), the topic named by its title rather than its number. */
export function TopicMention({ message, topic }: { message: MessageKey; topic: TopicMentioned }) {
  const t = useT()
  const [before = '', after = ''] = t(message, { title: SLOT }).split(SLOT)
  const title = <TopicTitle title={topic.title} />
  return (
    <>
      {before}
      {topic.canOpen ? <Link to={`/topics/${topic.id}`}>{title}</Link> : title}
      {after}
    </>
  )
}

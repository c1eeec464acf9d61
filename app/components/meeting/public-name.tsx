import { type TFunction, useLocale, useT } from '#app/i18n/index'
import { readPublicName, type PublicPerson } from '#meetings/pseudonyms'

/** A person as the public knows them (议事员 3, 促动师), in the reader's language. */
export function publicLabel(t: TFunction, p: PublicPerson): string {
  if (p.role !== 'deliberator') return t(`meeting.role.${p.role}`)
  return p.n == null ? t('meeting.pseudonymAny') : t('meeting.pseudonym', { n: p.n })
}

/**
 * A name as a meeting view shows it: the public views receive pseudonyms
 * written in Chinese (see meetings/pseudonyms.ts), read here in the reader's
 * language; any other name as it is.
 */
export function shownName(t: TFunction, name: string): string {
  const p = readPublicName(name)
  return p ? publicLabel(t, p) : name
}

/** A person's name in a meeting view, marked as Chinese unless it is a pseudonym read in English. */
export function PersonName({ name, className, strong = false }: { name: string; className?: string; strong?: boolean }) {
  const t = useT()
  const locale = useLocale()
  const lang = locale === 'en' && readPublicName(name) ? 'en' : 'zh-CN'
  const Tag = strong ? 'strong' : 'span'
  return (
    <Tag className={className} lang={lang}>
      {shownName(t, name)}
    </Tag>
  )
}

import { Link } from '@remix-run/react'
import { ZhText } from '#app/components/zh-text'
import { useT } from '#app/i18n/index'

type Linked = { id: number; trackingCode: string; subject: string }

/** A complaint's photos and media links, the original it repeats and the complaints that repeat it. */
export function ComplaintAttachments({
  photos,
  mediaUrls,
  original,
  duplicates,
}: {
  photos: { id: number; name: string }[]
  mediaUrls: string[]
  original: Linked | null
  duplicates: Linked[]
}) {
  const t = useT()
  return (
    <>
      <h2>{t('intake.detail.attachments')}</h2>
      {photos.length || mediaUrls.length ? (
        <ul className="row list">
          {photos.map(p => (
            <li key={p.id}>
              <a href={`/attachments/${p.id}`}>
                <img src={`/attachments/${p.id}`} alt={p.name} width={160} loading="lazy" />
              </a>
            </li>
          ))}
          {mediaUrls.map(u => (
            <li key={u}>
              <a href={u} rel="noopener noreferrer nofollow" target="_blank">
                {t('intake.detail.mediaUrl')}
              </a>
            </li>
          ))}
        </ul>
      ) : (
        <p className="hint">{t('intake.detail.noAttachments')}</p>
      )}
      {original ? (
        <p>
          {t('intake.detail.duplicateOf')}:{' '}
          <Link to={`/complaints/${original.id}`}>
            <ZhText>{original.subject}</ZhText>
          </Link>{' '}
          ({original.trackingCode})
        </p>
      ) : null}
      {duplicates.length ? (
        <>
          <h2>{t('intake.detail.duplicates')}</h2>
          <ul>
            {duplicates.map(d => (
              <li key={d.id}>
                <Link to={`/complaints/${d.id}`}>
                  <ZhText>{d.subject}</ZhText>
                </Link>{' '}
                ({d.trackingCode})
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  )
}

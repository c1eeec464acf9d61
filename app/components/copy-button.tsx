import { useEffect, useState } from 'react'
import { CheckIcon, CopyIcon } from '#app/components/icons'
import { useT } from '#app/i18n/index'

/**
 * Copies a short text (a tracking code) and says so where the person is looking.
 * It needs JavaScript, so it only appears once the page has it: without, the
 * code is on screen to write down and no button does nothing.
 */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const t = useT()
  const [copied, setCopied] = useState<boolean | null>(null)
  const [scripted, setScripted] = useState(false)
  useEffect(() => setScripted(true), [])
  useEffect(() => {
    if (copied == null) return
    const id = setTimeout(() => setCopied(null), 4000)
    return () => clearTimeout(id)
  }, [copied])
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text)
      setCopied(true)
    } catch {
      // No clipboard (plain http on a LAN, old browsers): say so; the code stays on screen to write down.
      setCopied(false)
    }
  }
  if (!scripted) return null
  return (
    <span className="copy-button">
      <button type="button" onClick={copy} aria-label={`${label} ${text}`}>
        {copied ? <CheckIcon /> : <CopyIcon />}
        {label}
      </button>
      <span role="status" className={copied === false ? 'error' : 'ok'}>
        {copied == null ? '' : copied ? t('copy.done') : t('copy.failed')}
      </span>
    </span>
  )
}

import { Link } from '@remix-run/react'
import type { ReactNode } from 'react'
import { ArrowLeftIcon } from '#app/components/icons'

/**
 * The link atop a page back to the page it belongs to (an arrow, then 系统管理), on a line
 * of its own and tall enough for a thumb on a phone. The arrow is drawn, not a character,
 * so a screen reader says only where the link goes. `className` is the line's
 * (`no-print` where a printout should not show it).
 */
export function BackLink({ to, children, className }: { to: string; children: ReactNode; className?: string }) {
  return (
    <p className={className}>
      <Link className="tap" to={to}>
        <ArrowLeftIcon />
        {children}
      </Link>
    </p>
  )
}

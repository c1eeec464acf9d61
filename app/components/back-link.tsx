import { Link } from '@remix-run/react'
import type { ReactNode } from 'react'

/**
 * The link atop a page back to the page it belongs to ("← 系统管理"), on a line
 * of its own and tall enough for a thumb on a phone. `className` is the line's
 * (`no-print` where a printout should not show it).
 */
export function BackLink({ to, children, className }: { to: string; children: ReactNode; className?: string }) {
  return (
    <p className={className}>
      <Link className="tap" to={to}>
        ← {children}
      </Link>
    </p>
  )
}

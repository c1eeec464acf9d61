import type { ReactNode } from 'react'

/**
 * Inline SVG icons. Emoji are not icons: where no emoji font is installed
 * (many office PCs and older phones) they show as empty boxes. These draw in
 * the text colour, so high-contrast mode keeps working; the text beside them
 * carries the meaning, so they are hidden from screen readers.
 */
function Icon({ children, size = 20 }: { children: ReactNode; size?: number }) {
  return (
    <svg
      className="icon"
      aria-hidden="true"
      focusable="false"
      viewBox="0 0 24 24"
      width={size}
      height={size}
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      {children}
    </svg>
  )
}

export const HandIcon = () => (
  <Icon>
    <path d="M8 13V6.5a1.5 1.5 0 0 1 3 0V12M11 11V4.5a1.5 1.5 0 0 1 3 0V11M14 11V5.5a1.5 1.5 0 0 1 3 0V12M17 12V9a1.5 1.5 0 0 1 3 0v5a7 7 0 0 1-7 7h-1a6 6 0 0 1-4.6-2.2L4.2 15a1.5 1.5 0 0 1 2.3-1.9L8 15" />
  </Icon>
)

const thumb = 'M7 10v11M7 10l4-7a2 2 0 0 1 3 1.7V9h5a2 2 0 0 1 2 2.3l-1.4 8A2 2 0 0 1 17.6 21H4a1 1 0 0 1-1-1v-9a1 1 0 0 1 1-1z'
export const ThumbUpIcon = () => (
  <Icon>
    <path d={thumb} />
  </Icon>
)
export const ThumbDownIcon = () => (
  <Icon>
    <path d={thumb} transform="rotate(180 12 12)" />
  </Icon>
)

export const CopyIcon = () => (
  <Icon>
    <rect x="9" y="9" width="12" height="12" rx="2" />
    <path d="M5 15H4a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1h10a1 1 0 0 1 1 1v1" />
  </Icon>
)

export const CheckIcon = () => (
  <Icon>
    <path d="M4 12.5l5 5L20 6.5" />
  </Icon>
)

/** The arrow of a link back to the page above, sized to the text beside it. */
export const ArrowLeftIcon = () => (
  <Icon size={18}>
    <path d="M19 12H5M11 6l-6 6 6 6" />
  </Icon>
)

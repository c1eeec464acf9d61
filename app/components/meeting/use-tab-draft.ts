import { useCallback, useEffect, useState } from 'react'

/** Where this page's draft of `name` is kept: per page, so the room and the console keep their own. */
const storageKey = (name: string) => `teahouse:draft:${window.location.pathname}:${name}`

/**
 * Text being typed in the live room, also kept in this tab's sessionStorage:
 * a reload (a phone that reloads the page, a slip of the thumb) brings it back
 * instead of losing what was typed. Setting it empty (once sent) forgets it.
 */
export function useTabDraft(name: string): [string, (text: string) => void] {
  const [text, setText] = useState('')
  useEffect(() => {
    try {
      const saved = sessionStorage.getItem(storageKey(name))
      if (saved) setText(saved)
    } catch {
      // Storage disabled: the box starts empty, as it would anyway.
    }
  }, [name])
  const update = useCallback(
    (next: string) => {
      setText(next)
      try {
        if (next) sessionStorage.setItem(storageKey(name), next)
        else sessionStorage.removeItem(storageKey(name))
      } catch {
        // Storage full or disabled: the page itself still holds the text.
      }
    },
    [name],
  )
  return [text, update]
}

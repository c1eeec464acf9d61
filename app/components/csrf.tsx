import { createContext, useContext } from 'react'

export const CsrfContext = createContext('')

/** Hidden CSRF field; every form that posts must render it. */
export function CsrfInput() {
  return <input type="hidden" name="csrf" value={useContext(CsrfContext)} />
}

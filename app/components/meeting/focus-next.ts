// Many of the console's buttons go away once pressed (开始会议, 进入此议程,
// 请发言…): the log's answer re-renders the room without them, and the browser
// drops the keyboard focus to the page. This hands it on to what took the
// button's place instead.

/** How long to wait for the room to show the command's effect. */
const WAIT_MS = 5_000

/**
 * Once `pressed` has left the page, focus what `next` finds (the control or
 * heading that replaced it). Nothing moves while the button is still there (the
 * command was refused or is waiting to be sent), nor when the focus has
 * already gone somewhere else on purpose.
 */
export function focusWhenGone(pressed: HTMLElement, next: () => HTMLElement | null | undefined) {
  const until = Date.now() + WAIT_MS
  const tick = () => {
    if (Date.now() > until) return
    if (pressed.isConnected) return void requestAnimationFrame(tick)
    const active = document.activeElement
    if (active && active !== document.body && active.isConnected) return
    const target = next()
    if (target) target.focus()
    else requestAnimationFrame(tick)
  }
  requestAnimationFrame(tick)
}

/** The first element in `scope` matching `selector`, for `focusWhenGone`. */
export const first = (scope: ParentNode | null | undefined, selector: string) => scope?.querySelector<HTMLElement>(selector) ?? null

/**
 * Runs `fn` once the next frame has painted: a task queued from `requestAnimationFrame` runs after
 * that frame's paint. A hidden page paints no frames, so a timer runs it there instead.
 */
export function afterPaint(fn: () => void): void {
  let done = false
  const once = (): void => {
    if (done) return
    done = true
    fn()
  }
  requestAnimationFrame(() => setTimeout(once))
  setTimeout(once, 100)
}

import { useEffect, useRef, useState } from 'react'

const ACTIVITY = ['pointerdown', 'keydown', 'input', 'wheel', 'touchstart'] as const

/** True once nobody has touched the page for `seconds` (while `enabled`); any input sets it back to false. */
export function useIdle(seconds: number, enabled: boolean): [boolean, () => void] {
  const [idle, setIdle] = useState(false)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const restart = useRef(() => {})

  useEffect(() => {
    if (!enabled) {
      setIdle(false)
      return
    }
    restart.current = () => {
      setIdle(false)
      if (timer.current) clearTimeout(timer.current)
      timer.current = setTimeout(() => setIdle(true), seconds * 1000)
    }
    restart.current()
    const onActivity = () => restart.current()
    ACTIVITY.forEach((e) => window.addEventListener(e, onActivity, { passive: true, capture: true }))
    return () => {
      if (timer.current) clearTimeout(timer.current)
      ACTIVITY.forEach((e) => window.removeEventListener(e, onActivity, { capture: true }))
    }
  }, [seconds, enabled])

  return [idle, () => restart.current()]
}

/** Counts down from `seconds` while `running`, calling `onDone` at zero. */
export function useCountdown(seconds: number, running: boolean, onDone: () => void): number {
  const [left, setLeft] = useState(seconds)
  const done = useRef(onDone)
  done.current = onDone
  useEffect(() => {
    if (!running) {
      setLeft(seconds)
      return
    }
    const started = Date.now()
    const tick = setInterval(() => {
      const remaining = Math.max(0, seconds - Math.floor((Date.now() - started) / 1000))
      setLeft(remaining)
      if (remaining === 0) {
        clearInterval(tick)
        done.current()
      }
    }, 250)
    return () => clearInterval(tick)
  }, [seconds, running])
  return left
}

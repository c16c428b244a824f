/**
 * Holds a Web Lock named after a response id while its survey is open, so a second tab on the same draft can tell
 * and start a fresh response instead: one draft never becomes two responses. Resolves to a release function, or to
 * null when another tab holds the lock. Where the Web Locks API is missing, the lock is always granted.
 */
export function holdResponseLock(id: string): Promise<(() => void) | null> {
  const locks = (navigator as Navigator & { locks?: LockManager }).locks
  if (!locks) return Promise.resolve(() => {})
  return new Promise((resolve) => {
    void locks.request(`ana-response-${id}`, { ifAvailable: true }, (lock) => {
      if (!lock) {
        resolve(null)
        return undefined
      }
      return new Promise<void>((release) => resolve(release))
    })
  })
}

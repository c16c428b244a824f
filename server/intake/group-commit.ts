/**
 * Group commit: calls that arrive while earlier writes are under way wait and go together in one write, so a busy
 * moment costs one statement and one commit for dozens of responses instead of one each, and a quiet moment adds no
 * delay (the first call is written at once). Each caller's promise settles only when its own write has settled.
 *
 * A failed write of several items is tried again one item at a time, so one item the database refuses fails alone
 * and the others are still written (a write is one statement, so a failure wrote nothing).
 */
export interface GroupCommit<In, Out> {
  write(item: In): Promise<Out>
  /** Resolves when nothing is waiting or being written. */
  settled(): Promise<void>
}

export interface GroupCommitOptions {
  /** At most this many items in one write. */
  maxBatch: number
  /** Writes under way at once: more overlap the building of one batch with the storing of another, fewer make larger batches. */
  maxInFlight: number
}

interface Waiting<In, Out> {
  item: In
  resolve: (out: Out) => void
  reject: (error: unknown) => void
}

export function groupCommit<In, Out>(writeBatch: (items: In[]) => Promise<Out[]>, options: GroupCommitOptions): GroupCommit<In, Out> {
  const queue: Waiting<In, Out>[] = []
  let inFlight = 0
  let idle: (() => void)[] = []

  const settle = async (batch: Waiting<In, Out>[]) => {
    try {
      const outs = await writeBatch(batch.map((w) => w.item))
      batch.forEach((w, i) => w.resolve(outs[i]))
    } catch (error) {
      if (batch.length === 1) batch[0].reject(error)
      else await Promise.all(batch.map((w) => settle([w])))
    }
  }

  const pump = () => {
    while (inFlight < options.maxInFlight && queue.length > 0) {
      const batch = queue.splice(0, options.maxBatch)
      inFlight += 1
      void settle(batch).finally(() => {
        inFlight -= 1
        pump()
      })
    }
    if (inFlight === 0 && queue.length === 0) {
      const waiters = idle
      idle = []
      for (const done of waiters) done()
    }
  }

  return {
    write(item) {
      return new Promise<Out>((resolve, reject) => {
        queue.push({ item, resolve, reject })
        pump()
      })
    },
    settled() {
      if (inFlight === 0 && queue.length === 0) return Promise.resolve()
      return new Promise<void>((resolve) => idle.push(resolve))
    },
  }
}

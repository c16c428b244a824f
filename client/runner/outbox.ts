import { postResponse, type Submission } from '../api/responses'

/**
 * Finished responses wait here, in IndexedDB under their UUID, from before the first network attempt until the
 * server answers 2xx (a first receipt, or the identical-replay answer). A kiosk that loses the network keeps
 * collecting; nothing is lost to a reload or a closed tab.
 */
const DB_NAME = 'ana-runner'
const STORE = 'outbox'

export interface OutboxEntry {
  submission: Submission
  queuedAt: string
  attempts: number
  /** Set when the server refused the response for good (4xx): kept, but no longer retried or counted as waiting. */
  refused?: { status: number; message: string }
}

let opening: Promise<IDBDatabase> | null = null

export function outboxAvailable(): boolean {
  try {
    return typeof indexedDB !== 'undefined' && indexedDB !== null
  } catch {
    return false
  }
}

function open(): Promise<IDBDatabase> {
  opening ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1)
    request.onupgradeneeded = () => request.result.createObjectStore(STORE)
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => {
      opening = null
      reject(request.error)
    }
  })
  return opening
}

async function tx<T>(mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open()
  return new Promise((resolve, reject) => {
    const transaction = db.transaction(STORE, mode)
    const request = run(transaction.objectStore(STORE))
    transaction.oncomplete = () => resolve(request.result)
    transaction.onerror = () => reject(transaction.error)
    transaction.onabort = () => reject(transaction.error)
  })
}

/** Checks that IndexedDB really works here (private modes and some kiosks refuse it). */
export async function probeOutbox(): Promise<boolean> {
  if (!outboxAvailable()) return false
  try {
    await tx('readonly', (s) => s.count())
    return true
  } catch {
    return false
  }
}

export function enqueue(submission: Submission): Promise<IDBValidKey> {
  const entry: OutboxEntry = { submission, queuedAt: new Date().toISOString(), attempts: 0 }
  return tx('readwrite', (s) => s.put(entry, submission.id))
}

export function entries(): Promise<OutboxEntry[]> {
  return tx('readonly', (s) => s.getAll() as IDBRequest<OutboxEntry[]>)
}

/** True while the response with this id waits here (the server has not acknowledged it yet). */
export async function isQueued(id: string): Promise<boolean> {
  return (await tx('readonly', (s) => s.count(id))) > 0
}

export async function waitingCount(): Promise<number> {
  return (await entries()).filter((e) => !e.refused).length
}

function remove(id: string): Promise<undefined> {
  return tx('readwrite', (s) => s.delete(id) as IDBRequest<undefined>)
}

function update(entry: OutboxEntry): Promise<IDBValidKey> {
  return tx('readwrite', (s) => s.put(entry, entry.submission.id))
}

export type SendResult = { sent: number; waiting: number; refused: number }

/** Tries every waiting response once; leaves each in the outbox unless the server acknowledged it. */
export async function flush(): Promise<SendResult> {
  let sent = 0
  let refused = 0
  for (const entry of await entries()) {
    if (entry.refused) continue
    const result = await postResponse(entry.submission)
    if (result.ok) {
      await remove(entry.submission.id)
      sent += 1
    } else if (result.status >= 400 && result.status < 500 && result.status !== 408 && result.status !== 429) {
      await update({ ...entry, attempts: entry.attempts + 1, refused: { status: result.status, message: result.body.message } })
      refused += 1
    } else {
      await update({ ...entry, attempts: entry.attempts + 1 })
    }
  }
  return { sent, refused, waiting: await waitingCount() }
}

type Listener = (waiting: number) => void

/**
 * Sends on a timer with exponential backoff and jitter (1 s doubling to 60 s), at once when the browser says it is
 * back online, and on every start; listeners hear the number still waiting.
 */
export class OutboxSender {
  private delay = 1000
  private timer: ReturnType<typeof setTimeout> | null = null
  private running = false
  private again = false
  private listeners = new Set<Listener>()

  start(): void {
    window.addEventListener('online', this.kick)
    this.kick()
  }

  stop(): void {
    window.removeEventListener('online', this.kick)
    if (this.timer) clearTimeout(this.timer)
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener)
    void waitingCount().then(listener)
    return () => this.listeners.delete(listener)
  }

  /** Sends now (after a new response is queued, or when the network returns). */
  kick = (): void => {
    this.delay = 1000
    if (this.timer) clearTimeout(this.timer)
    void this.run()
  }

  private async run(): Promise<void> {
    if (this.running) {
      this.again = true // a response queued during this pass is sent right after it
      return
    }
    this.running = true
    this.again = false
    try {
      const { waiting } = await flush()
      this.listeners.forEach((l) => l(waiting))
      if (waiting > 0) {
        const jitter = Math.random() * this.delay * 0.5
        this.timer = setTimeout(() => void this.run(), this.delay + jitter)
        this.delay = Math.min(60_000, this.delay * 2)
      } else {
        this.delay = 1000
      }
    } finally {
      this.running = false
    }
    if (this.again) void this.run()
  }
}

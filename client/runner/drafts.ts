/**
 * Save-and-resume on a person's own phone: the unfinished response is kept in this browser only, for at most
 * 72 hours, then erased. Kiosks never keep drafts.
 */
export const DRAFT_LIFETIME_MS = 72 * 3_600_000
const PREFIX = 'ana.draft.'

export interface Draft {
  id: string
  slug: string
  version: number
  locale: string
  answers: Record<string, unknown>
  pageNo: number
  startedAt: string
  savedAt: string
}

function storage(): Storage | null {
  try {
    return window.localStorage
  } catch {
    return null
  }
}

export function loadDraft(code: string, now = Date.now()): Draft | null {
  const raw = storage()?.getItem(PREFIX + code)
  if (!raw) return null
  try {
    const draft = JSON.parse(raw) as Draft
    if (now - Date.parse(draft.savedAt) > DRAFT_LIFETIME_MS) {
      clearDraft(code)
      return null
    }
    return draft
  } catch {
    clearDraft(code)
    return null
  }
}

export function saveDraft(code: string, draft: Omit<Draft, 'savedAt'>): void {
  try {
    storage()?.setItem(PREFIX + code, JSON.stringify({ ...draft, savedAt: new Date().toISOString() }))
  } catch {
    // A full or refused storage only costs the resume feature.
  }
}

export function clearDraft(code: string): void {
  storage()?.removeItem(PREFIX + code)
}

/** Erases every draft past its 72 hours, whatever its code. */
export function purgeExpiredDrafts(now = Date.now()): void {
  const store = storage()
  if (!store) return
  for (let i = store.length - 1; i >= 0; i--) {
    const key = store.key(i)
    if (key?.startsWith(PREFIX)) loadDraft(key.slice(PREFIX.length), now)
  }
}

/** Clears every trace of answers from this browser's storage (kiosk reset). */
export function clearAllDrafts(): void {
  const store = storage()
  if (!store) return
  for (let i = store.length - 1; i >= 0; i--) {
    const key = store.key(i)
    if (key?.startsWith(PREFIX)) store.removeItem(key)
  }
  try {
    sessionStorage.clear()
  } catch {
    // nothing stored there
  }
}

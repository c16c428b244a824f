import type { BankItem, Draft } from '../api/designer'
import type { Json, SourceHashes } from './strings'

export interface DraftDoc {
  definition: Json
  hashes: SourceHashes
}

/** What the editor's panels share: the draft being edited and one way to change it (saved in the background). */
export interface EditorContext {
  doc: DraftDoc
  update: (change: (doc: DraftDoc) => DraftDoc) => void
  draft: Draft
  bank: BankItem[] | null
  /** Every itemId already published: rewording one of them needs a new itemId. */
  publishedItemIds: Set<string>
}

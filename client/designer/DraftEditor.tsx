import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Me } from '../api/auth'
import { fetchBank, fetchDraft, saveDraft, type Draft, type Owner } from '../api/designer'
import { localized } from '../ui/localized'
import { useRequest } from '../ui/use-request'
import { BankPanel } from './BankPanel'
import { ItemsPanel } from './ItemsPanel'
import { NewItemForm } from './NewItemForm'
import { PreviewPanel } from './PreviewPanel'
import { PublishPanel } from './PublishPanel'
import { collectStrings, initialHashes } from './strings'
import { TranslationGrid } from './TranslationGrid'
import type { DraftDoc, EditorContext } from './editor-context'
import { Problems } from './Problems'

export function DraftEditor({ me, owner, draftId }: { me: Me; owner: Owner; draftId: number }) {
  const { t } = useTranslation('designer')
  const loaded = useRequest(() => fetchDraft(owner, draftId), `draft-${owner}-${draftId}`)
  if (loaded.error) return <p role="alert">{loaded.error}</p>
  if (!loaded.data) return <p role="status">{t('loading')}</p>
  return <Editor me={me} owner={owner} initial={loaded.data} />
}

type SaveState = { kind: 'saved' } | { kind: 'saving' } | { kind: 'error'; message: string }

function Editor({ me, owner, initial }: { me: Me; owner: Owner; initial: Draft }) {
  const { t } = useTranslation('designer')
  const [draft, setDraft] = useState(initial)
  const [doc, setDoc] = useState<DraftDoc>(() => ({
    definition: initial.definition,
    hashes: initial.translationHashes ?? initialHashes(collectStrings(initial.definition)),
  }))
  const [save, setSave] = useState<SaveState>({ kind: 'saved' })
  const bank = useRequest(() => fetchBank(), 'bank')

  // Saves run one at a time, always sending the newest content with the revision the last save returned.
  const latest = useRef({ doc, edits: 0, saved: 0, inFlight: false, revision: initial.revision })
  latest.current.doc = doc
  const flush = useCallback(async () => {
    const state = latest.current
    if (state.inFlight || state.edits === state.saved) return
    state.inFlight = true
    const sending = state.edits
    const r = await saveDraft(owner, initial.id, { revision: state.revision, definition: state.doc.definition, translationHashes: state.doc.hashes })
    state.inFlight = false
    if (!r.ok) return setSave({ kind: 'error', message: r.body.message })
    state.revision = r.body.revision
    state.saved = sending
    setDraft(r.body)
    if (state.edits !== state.saved) void flush()
    else setSave({ kind: 'saved' })
  }, [owner, initial.id])

  const update = useCallback((change: (doc: DraftDoc) => DraftDoc) => {
    setDoc((before) => change(before))
    latest.current.edits += 1
    setSave({ kind: 'saving' })
  }, [])

  useEffect(() => {
    if (latest.current.edits === latest.current.saved) return
    const timer = setTimeout(() => void flush(), 400)
    return () => clearTimeout(timer)
  }, [doc, flush])

  const publishedItemIds = useMemo(() => new Set((bank.data?.items ?? []).map((i) => i.itemId)), [bank.data])
  const context: EditorContext = { doc, update, draft, bank: bank.data?.items ?? null, publishedItemIds }
  const ownerName = owner === 'district' ? t('home.districtTemplates') : (me.user.schools.find((s) => s.id === owner)?.name ?? `#${owner}`)

  return (
    <main className="admin designer">
      <p>
        <a href={`/admin/design?owner=${owner}`}>← {t('home.title')}</a>
      </p>
      <h1>
        {localized(doc.definition.title as string | Record<string, string>, 'en')} — {t('editor.draftFor', { owner: ownerName })}
      </h1>
      <p>
        {t('editor.basedOn', { slug: draft.slug, version: draft.baseVersion ?? '—' })}{' '}
        <span role="status" className={`designer-save designer-save--${save.kind}`}>
          {save.kind === 'saved' ? t('editor.saved') : save.kind === 'saving' ? t('editor.saving') : save.message}
        </span>
      </p>
      <Problems draft={draft} saving={save.kind !== 'saved'} />
      <nav className="designer-tabs" aria-label={t('editor.sections')}>
        <a href="#items">{t('items.title')}</a> <a href="#bank">{t('bank.title')}</a> <a href="#new-item">{t('newItem.title')}</a>{' '}
        <a href="#translations">{t('grid.title')}</a> <a href="#preview">{t('preview.title')}</a> <a href="#publish">{t('publish.title')}</a>
      </nav>
      <div className="designer-columns">
        <div>
          <ItemsPanel {...context} />
          <BankPanel {...context} />
          <NewItemForm {...context} />
        </div>
        <PreviewPanel definition={doc.definition} />
      </div>
      <TranslationGrid {...context} />
      <PublishPanel me={me} owner={owner} draft={draft} unsaved={save.kind !== 'saved'} onPublished={setDraft} />
    </main>
  )
}

import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { EditorContext } from './editor-context'
import { addPage } from './items'

/** A new, empty page at the end, by its title. */
export function AddPage({ update }: { update: EditorContext['update'] }) {
  const { t } = useTranslation('designer')
  const [title, setTitle] = useState('')
  return (
    <form
      className="designer-row"
      onSubmit={(e) => {
        e.preventDefault()
        if (!title.trim()) return
        update((d) => ({ ...d, definition: addPage(d.definition, title, title.trim()) }))
        setTitle('')
      }}
    >
      <label>
        {t('items.newPage')} <input value={title} onChange={(e) => setTitle(e.target.value)} />
      </label>
      <button type="submit" disabled={!title.trim()}>
        {t('items.addPage')}
      </button>
    </form>
  )
}

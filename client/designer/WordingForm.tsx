import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { localized } from '../ui/localized'
import { rewordedItemId } from './items'
import { collectStrings, isNode, setText, type Json } from './strings'

/** English wording; a published item that changes wording gets a new itemId, after the team reads why. */
export function WordingForm({ element, published, taken, onChange }: { element: Json; published: boolean; taken: Set<string>; onChange: (next: Json) => void }) {
  const { t } = useTranslation('designer')
  const before = localized(element.title as string | Record<string, string>, 'en')
  const [text, setText_] = useState(before)
  const [confirming, setConfirming] = useState(false)
  const ana = isNode(element.ana) ? element.ana : {}
  const itemId = typeof ana.itemId === 'string' ? ana.itemId : null
  const newId = itemId ? rewordedItemId(itemId, taken) : null
  const apply = (renumber: boolean) => {
    const titlePath = collectStrings({ e: element }).find((r) => r.key === `e/title`)?.path
    let next = titlePath ? (setText({ e: element }, titlePath, 'en', text.trim()).e as Json) : { ...element, title: { default: text.trim() } }
    if (renumber && newId) next = { ...next, ana: { ...ana, itemId: newId } }
    onChange(next)
  }
  const changed = text.trim() !== '' && text.trim() !== before
  return (
    <div className="designer-form" role="group" aria-label={t('wording.title', { name: String(element.name) })}>
      <label>
        {t('wording.english')} <textarea value={text} onChange={(e) => (setText_(e.target.value), setConfirming(false))} rows={2} />
      </label>
      {!confirming && (
        <button type="button" disabled={!changed} onClick={() => (published ? setConfirming(true) : apply(false))}>
          {t('wording.apply')}
        </button>
      )}
      {confirming && (
        <div role="alertdialog" aria-label={t('wording.confirmTitle')} className="designer-confirm">
          <p>{t('wording.confirm', { itemId, newId })}</p>
          <button type="button" onClick={() => apply(true)}>
            {t('wording.confirmYes', { newId })}
          </button>{' '}
          <button type="button" onClick={() => setConfirming(false)}>
            {t('cancel')}
          </button>
        </div>
      )}
    </div>
  )
}

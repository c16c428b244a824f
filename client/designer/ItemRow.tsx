import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Defect } from '../api/designer'
import { localized } from '../ui/localized'
import { ConditionForm } from './ConditionForm'
import type { EditorContext } from './editor-context'
import { moveElement, removeElement, replaceElement } from './items'
import { PinnedDefects } from './PinnedDefects'
import { isNode, type Json } from './strings'
import { WordingForm } from './WordingForm'

interface ItemRowProps {
  element: Json
  page: number
  index: number
  count: number
  defects: Defect[]
  questions: Json[]
  update: EditorContext['update']
  published: boolean
  taken: Set<string>
}

/** One question of a page: its ids, moving and removing it, its show-if condition and its wording. */
export function ItemRow({ element, page, index, count, defects, questions, update, published, taken }: ItemRowProps) {
  const { t } = useTranslation('designer')
  const [panel, setPanel] = useState<null | 'condition' | 'wording'>(null)
  const name = String(element.name ?? '')
  const title = localized(element.title as string | Record<string, string>, 'en') || name
  const ana = isNode(element.ana) ? element.ana : {}
  const set = (next: Json) => update((d) => ({ ...d, definition: replaceElement(d.definition, page, index, next) }))
  return (
    <li className={`designer-item${defects.length ? ' designer-item--problem' : ''}`} aria-label={title}>
      <p>
        <strong>{title}</strong> <code>{name}</code>{' '}
        {typeof ana.itemId === 'string' && (
          <small>
            {ana.itemId} · {String(ana.domain ?? '')} · {String(ana.measures ?? '')}
          </small>
        )}
        {typeof element.visibleIf === 'string' && <small className="designer-condition"> · {t('items.showIf', { expression: element.visibleIf })}</small>}
      </p>
      <PinnedDefects defects={defects} />
      <div className="designer-buttons">
        <button type="button" aria-label={t('items.up', { name })} onClick={() => update((d) => ({ ...d, definition: moveElement(d.definition, page, index, -1) }))} disabled={index === 0}>
          ↑
        </button>
        <button type="button" aria-label={t('items.down', { name })} onClick={() => update((d) => ({ ...d, definition: moveElement(d.definition, page, index, 1) }))} disabled={index === count - 1}>
          ↓
        </button>
        <button type="button" aria-label={t('items.remove', { name })} onClick={() => update((d) => ({ ...d, definition: removeElement(d.definition, page, index) }))}>
          {t('items.removeShort')}
        </button>
        <button type="button" aria-expanded={panel === 'condition'} onClick={() => setPanel(panel === 'condition' ? null : 'condition')}>
          {t('items.condition')}
        </button>
        <button type="button" aria-expanded={panel === 'wording'} onClick={() => setPanel(panel === 'wording' ? null : 'wording')}>
          {t('items.wording')}
        </button>
      </div>
      {panel === 'condition' && <ConditionForm element={element} questions={questions} onChange={(visibleIf) => set(withCondition(element, visibleIf))} />}
      {panel === 'wording' && <WordingForm element={element} published={published} taken={taken} onChange={(next) => (set(next), setPanel(null))} />}
    </li>
  )
}

function withCondition(element: Json, visibleIf: string | null): Json {
  const next = { ...element }
  if (visibleIf === null) delete next.visibleIf
  else next.visibleIf = visibleIf
  return next
}

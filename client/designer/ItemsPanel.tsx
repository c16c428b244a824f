import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Defect } from '../api/designer'
import { localized } from '../ui/localized'
import { fromExpression, OPERATORS, toExpression, type Condition, type Operator } from './conditions'
import type { EditorContext } from './DraftEditor'
import { addPage, defectsAt, elementsOf, itemIdsIn, movePage, moveElement, pagesOf, removeElement, removePage, replaceElement, rewordedItemId } from './items'
import { collectStrings, isNode, setText, type Json } from './strings'

/** Pages and their questions: reorder, remove, show-if conditions, rewording; each question's problems beside it. */
export function ItemsPanel({ doc, update, draft, publishedItemIds }: EditorContext) {
  const { t } = useTranslation('designer')
  const pages = pagesOf(doc.definition)
  return (
    <section id="items" aria-labelledby="items-heading">
      <h2 id="items-heading">{t('items.title')}</h2>
      {pages.map((page, p) => (
        <fieldset key={`${String(page.name)}-${p}`} className="designer-page">
          <legend>
            {t('items.page', { n: p + 1 })}: {localized(page.title as string | Record<string, string>, 'en') || String(page.name)}
          </legend>
          <div className="designer-buttons">
            <button type="button" onClick={() => update((d) => ({ ...d, definition: movePage(d.definition, p, -1) }))} disabled={p === 0}>
              {t('items.pageUp')}
            </button>
            <button type="button" onClick={() => update((d) => ({ ...d, definition: movePage(d.definition, p, 1) }))} disabled={p === pages.length - 1}>
              {t('items.pageDown')}
            </button>
            <button type="button" onClick={() => update((d) => ({ ...d, definition: removePage(d.definition, p) }))}>
              {t('items.pageRemove')}
            </button>
          </div>
          <ol>
            {elementsOf(page).map((element, i) => (
              <ItemRow
                key={`${String(element.name)}-${i}`}
                element={element}
                page={p}
                index={i}
                count={elementsOf(page).length}
                defects={defectsAt(draft.defects, `/pages/${p}/elements/${i}`)}
                questions={pages.flatMap((pg) => elementsOf(pg)).filter((e) => e !== element)}
                update={update}
                published={isNode(element.ana) && typeof element.ana.itemId === 'string' && publishedItemIds.has(element.ana.itemId)}
                taken={new Set([...publishedItemIds, ...itemIdsIn(doc.definition)])}
              />
            ))}
          </ol>
        </fieldset>
      ))}
      <AddPage update={update} />
      {/* Problems that belong to no question (the survey's own texts). */}
      <PinnedDefects defects={draft.defects.filter((d) => !/^\/pages\/\d+\/elements\/\d+/.test(d.pointer))} />
    </section>
  )
}

function PinnedDefects({ defects }: { defects: Defect[] }) {
  if (defects.length === 0) return null
  return (
    <ul className="designer-defects">
      {defects.map((d, i) => (
        <li key={i}>
          {d.message} <code>{d.pointer}</code>
        </li>
      ))}
    </ul>
  )
}

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

function ItemRow({ element, page, index, count, defects, questions, update, published, taken }: ItemRowProps) {
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

function choicesOf(question: Json | undefined): { value: string | number; text: string }[] {
  const list = question?.type === 'rating' ? question.rateValues : question?.choices
  return (Array.isArray(list) ? list : []).map((c) => (isNode(c) ? { value: c.value as string | number, text: localized(c.text as string | Record<string, string>, 'en') || String(c.value) } : { value: c as string | number, text: String(c) }))
}

/** Show-if through a form: the question, the operator and the value; the expression is written from them. */
function ConditionForm({ element, questions, onChange }: { element: Json; questions: Json[]; onChange: (visibleIf: string | null) => void }) {
  const { t } = useTranslation('designer')
  const current = typeof element.visibleIf === 'string' ? element.visibleIf : null
  const parsed = current ? fromExpression(current) : null
  const candidates = questions.filter((q) => choicesOf(q).length > 0)
  const [condition, setCondition] = useState<Condition>(parsed ?? { question: String(candidates[0]?.name ?? ''), operator: 'equals', values: [] })
  const target = candidates.find((q) => q.name === condition.question)
  const needsValue = condition.operator === 'equals' || condition.operator === 'notequals' || condition.operator === 'anyof'
  const complete = condition.question !== '' && (!needsValue || condition.values.length > 0)
  const toggle = (value: string | number) =>
    setCondition((c) => ({ ...c, values: c.operator === 'anyof' ? (c.values.includes(value) ? c.values.filter((v) => v !== value) : [...c.values, value]) : [value] }))
  return (
    <div className="designer-form" role="group" aria-label={t('condition.title', { name: String(element.name) })}>
      {current && !parsed && <p>{t('condition.other', { expression: current })}</p>}
      <label>
        {t('condition.question')}{' '}
        <select value={condition.question} onChange={(e) => setCondition({ ...condition, question: e.target.value, values: [] })}>
          {candidates.map((q) => (
            <option key={String(q.name)} value={String(q.name)}>
              {localized(q.title as string | Record<string, string>, 'en').slice(0, 70) || String(q.name)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('condition.operator')}{' '}
        <select value={condition.operator} onChange={(e) => setCondition({ ...condition, operator: e.target.value as Operator, values: [] })}>
          {OPERATORS.map((o) => (
            <option key={o} value={o}>
              {t(`condition.operators.${o}`)}
            </option>
          ))}
        </select>
      </label>
      {needsValue && (
        <fieldset>
          <legend>{t('condition.value')}</legend>
          {choicesOf(target).map((c) => (
            <label key={String(c.value)}>
              <input
                type={condition.operator === 'anyof' ? 'checkbox' : 'radio'}
                name={`value-${String(element.name)}`}
                checked={condition.values.includes(c.value)}
                onChange={() => toggle(c.value)}
              />{' '}
              {c.text}
            </label>
          ))}
        </fieldset>
      )}
      <div className="designer-buttons">
        <button type="button" disabled={!complete} onClick={() => onChange(toExpression(condition))}>
          {t('condition.apply')}
        </button>
        {current && (
          <button type="button" onClick={() => onChange(null)}>
            {t('condition.clear')}
          </button>
        )}
      </div>
    </div>
  )
}

/** English wording; a published item that changes wording gets a new itemId, after the team reads why. */
function WordingForm({ element, published, taken, onChange }: { element: Json; published: boolean; taken: Set<string>; onChange: (next: Json) => void }) {
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

function AddPage({ update }: { update: EditorContext['update'] }) {
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

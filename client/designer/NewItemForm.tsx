import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { EditorContext } from './editor-context'
import { PageSelect } from './PageSelect'
import { DomainOptions } from './domains'
import { insertElement, itemIdsIn, missingForNewItem, newItemQuestion, pagesOf, uniqueName, type NewItem } from './items'

const slugOf = (text: string) =>
  text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .split('-')
    .filter((word) => word.length > 3)
    .slice(0, 4)
    .join('-')

const empty = (): NewItem => ({
  name: '',
  type: 'radiogroup',
  title: '',
  domain: '',
  measures: 'need',
  itemId: '',
  choices: [
    { value: 'yes', text: 'Yes', score: 100 },
    { value: 'no', text: 'No', score: 0 },
  ],
})

/** A school-specific question: type, choices, domain, need or asset and a score per choice, all required. */
export function NewItemForm({ doc, update, publishedItemIds }: EditorContext) {
  const { t } = useTranslation('designer')
  const [item, setItem] = useState<NewItem>(empty)
  const [page, setPage] = useState(0)
  const [touched, setTouched] = useState(false)
  const pages = pagesOf(doc.definition)
  const itemId = item.itemId || (item.title ? `school.${slugOf(item.title)}` : '')
  const full = { ...item, itemId, name: uniqueName(doc.definition, itemId.replace(/^school\./, '').replace(/-/g, '_') || 'question') }
  const missing = missingForNewItem(full)
  const taken = publishedItemIds.has(itemId) || itemIdsIn(doc.definition).has(itemId)
  const setChoice = (i: number, change: Partial<NewItem['choices'][number]>) => setItem({ ...item, choices: item.choices.map((c, j) => (j === i ? { ...c, ...change } : c)) })

  return (
    <section id="new-item" aria-labelledby="new-item-heading">
      <h2 id="new-item-heading">{t('newItem.title')}</h2>
      <form
        className="designer-form"
        onSubmit={(e) => {
          e.preventDefault()
          setTouched(true)
          if (missing.length > 0 || taken) return
          update((d) => ({ ...d, definition: insertElement(d.definition, page, newItemQuestion(full)) }))
          setItem(empty())
          setTouched(false)
        }}
      >
        <label>
          {t('newItem.question')} <textarea rows={2} value={item.title} onChange={(e) => setItem({ ...item, title: e.target.value })} />
        </label>
        <label>
          {t('newItem.type')}{' '}
          <select value={item.type} onChange={(e) => setItem({ ...item, type: e.target.value as NewItem['type'] })}>
            <option value="radiogroup">{t('newItem.types.radiogroup')}</option>
            <option value="dropdown">{t('newItem.types.dropdown')}</option>
          </select>
        </label>
        <label>
          {t('newItem.domain')}{' '}
          <select value={item.domain} onChange={(e) => setItem({ ...item, domain: e.target.value })}>
            <option value="">{t('newItem.chooseDomain')}</option>
            <DomainOptions />
          </select>
        </label>
        <fieldset>
          <legend>{t('newItem.measures')}</legend>
          {(['need', 'asset'] as const).map((m) => (
            <label key={m}>
              <input type="radio" name="measures" checked={item.measures === m} onChange={() => setItem({ ...item, measures: m })} /> {t(`newItem.${m}`)}
            </label>
          ))}
        </fieldset>
        <label>
          {t('newItem.itemId')} <input value={itemId} onChange={(e) => setItem({ ...item, itemId: e.target.value })} />
        </label>
        <fieldset>
          <legend>{t('newItem.choices')}</legend>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('newItem.choiceText')}</th>
                <th scope="col">{t('newItem.choiceValue')}</th>
                <th scope="col">{t('newItem.choiceScore')}</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {item.choices.map((c, i) => (
                <tr key={i}>
                  <td>
                    <input aria-label={t('newItem.choiceTextN', { n: i + 1 })} value={c.text} onChange={(e) => setChoice(i, { text: e.target.value })} />
                  </td>
                  <td>
                    <input aria-label={t('newItem.choiceValueN', { n: i + 1 })} value={c.value} onChange={(e) => setChoice(i, { value: e.target.value })} />
                  </td>
                  <td>
                    <input
                      aria-label={t('newItem.choiceScoreN', { n: i + 1 })}
                      value={c.score === null ? '' : String(c.score)}
                      placeholder={t('newItem.notScored')}
                      inputMode="numeric"
                      onChange={(e) => setChoice(i, { score: e.target.value.trim() === '' ? null : Number(e.target.value) })}
                    />
                  </td>
                  <td>
                    <button type="button" aria-label={t('newItem.removeChoice', { n: i + 1 })} onClick={() => setItem({ ...item, choices: item.choices.filter((_, j) => j !== i) })}>
                      ×
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="button" onClick={() => setItem({ ...item, choices: [...item.choices, { value: `choice${item.choices.length + 1}`, text: '', score: 0 }] })}>
            {t('newItem.addChoice')}
          </button>
        </fieldset>
        <PageSelect pages={pages} value={page} onChange={setPage} />
        {touched && (missing.length > 0 || taken) && (
          <p role="alert">{taken ? t('newItem.taken', { itemId }) : t('newItem.missing', { fields: missing.join(', ') })}</p>
        )}
        <button type="submit">{t('newItem.add')}</button>
      </form>
    </section>
  )
}

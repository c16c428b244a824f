import { useTranslation } from 'react-i18next'
import { localized } from '../ui/localized'
import { AddPage } from './AddPage'
import type { EditorContext } from './editor-context'
import { ItemRow } from './ItemRow'
import { defectsAt, elementsOf, itemIdsIn, movePage, pagesOf, removePage } from './items'
import { PinnedDefects } from './PinnedDefects'
import { isNode } from './strings'

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

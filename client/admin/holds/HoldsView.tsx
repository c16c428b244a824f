import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { fetchHolds, type HoldStatus, type ReviewHold } from '../../api/holds'
import { useRequest } from '../../ui/use-request'
import { HoldCard } from './HoldCard'
import './holds.css'

const FILTERS = ['held', 'approved', 'set-aside', 'all'] as const
type Filter = (typeof FILTERS)[number]

/**
 * District admins: the responses release cuts held back (a burst, or more than a school's enrollment), one card per
 * school and role, to approve or set aside. `?administration=` narrows it to one administration.
 */
export function HoldsView({ administration }: { administration: number | null }) {
  const { t } = useTranslation('holds')
  const [filter, setFilter] = useState<Filter>('held')
  const [version, setVersion] = useState(0)
  const status: HoldStatus | undefined = filter === 'all' ? undefined : filter
  const list = useRequest(() => fetchHolds({ status, administration: administration ?? undefined }), `holds/${filter}/${administration}/${version}`)
  const data = list.data
  const scoped: ReviewHold | undefined = data?.holds[0]

  return (
    <main className="admin holds">
      <h1>{t('title')}</h1>
      {data && <p>{t('intro', { burst: data.burst, minutes: data.burstMinutes })}</p>}
      <p className="hint">{t('judge')}</p>
      <p className="hint">{t('nextRelease')}</p>
      <p className="holds-filter">
        <label>
          {t('filter')}{' '}
          <select value={filter} onChange={(e) => setFilter(e.target.value as Filter)}>
            {FILTERS.map((f) => (
              <option key={f} value={f}>
                {t(`statuses.${f}`)}
              </option>
            ))}
          </select>
        </label>{' '}
        {administration !== null && (
          <span>
            {scoped && t('oneAdministration', { name: scoped.administration.name })} <a href="/admin/holds">{t('allAdministrations')}</a>
          </span>
        )}
      </p>
      {list.error && <p role="alert">{list.error}</p>}
      {!data && !list.error && <p role="status">{t('loading')}</p>}
      {data && data.holds.length === 0 && <p>{t('none')}</p>}
      {data && data.holds.length > 0 && (
        <ul className="hold-list">
          {data.holds.map((hold) => (
            <li key={hold.id}>
              <HoldCard hold={hold} k={data.minCellSize} onDecided={() => setVersion((v) => v + 1)} />
            </li>
          ))}
        </ul>
      )}
    </main>
  )
}

import type { ReactNode } from 'react'
import { fetchAdministrations } from '../api/administrations'
import { useRequest } from '../ui/use-request'

/**
 * The administration a district page reads: the one named in the address (`?administration=`), else the newest.
 * The district view and the gaps page choose it the same way, so a link from one lands on the same figures.
 */
export function useChosenAdministration(params: URLSearchParams) {
  const administrations = useRequest(fetchAdministrations, 'administrations')
  const id = Number(params.get('administration') ?? administrations.data?.administrations[0]?.id ?? 0)
  return { administrations: administrations.data?.administrations ?? [], administration: id }
}

/** A labelled picker of administrations by name; `onChange` gets the chosen id as the address writes it. */
export function AdministrationSelect(props: {
  label: ReactNode
  administrations: { id: number; name: string }[]
  value: number
  onChange: (id: string) => void
}) {
  return (
    <label>
      {props.label}{' '}
      <select value={props.value || ''} onChange={(e) => props.onChange(e.target.value)}>
        {props.administrations.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name}
          </option>
        ))}
      </select>
    </label>
  )
}

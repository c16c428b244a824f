import type { Defect } from '../api/designer'

/** Problems the server found, each with where it is. */
export function PinnedDefects({ defects }: { defects: Defect[] }) {
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

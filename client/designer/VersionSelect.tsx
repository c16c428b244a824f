import type { PublishedVersion } from '../api/designer'

export function VersionSelect({ label, versions, value, onChange }: { label: string; versions: PublishedVersion[]; value: number | undefined; onChange: (v: number) => void }) {
  return (
    <label>
      {label}{' '}
      <select value={value} onChange={(e) => onChange(Number(e.target.value))}>
        {versions.map((v) => (
          <option key={v.id} value={v.version}>
            {v.version}
            {v.ownerSchoolName ? ` (${v.ownerSchoolName})` : ''}
          </option>
        ))}
      </select>
    </label>
  )
}

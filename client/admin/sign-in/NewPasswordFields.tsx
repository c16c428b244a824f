import { useState } from 'react'

/** A new password typed twice; `onChange` gets it when both agree, else null. At least 12 characters, as the server asks. */
export function NewPasswordFields({ label, repeatLabel, onChange }: { label: string; repeatLabel: string; onChange: (password: string | null) => void }) {
  const [first, setFirst] = useState('')
  const [second, setSecond] = useState('')
  const update = (a: string, b: string) => {
    setFirst(a)
    setSecond(b)
    onChange(a !== '' && a === b ? a : null)
  }
  return (
    <>
      <label>
        {label}
        <input type="password" autoComplete="new-password" required minLength={12} value={first} onChange={(e) => update(e.target.value, second)} />
      </label>
      <label>
        {repeatLabel}
        <input type="password" autoComplete="new-password" required minLength={12} value={second} onChange={(e) => update(first, e.target.value)} />
      </label>
    </>
  )
}

import { useEffect, useState } from 'react'
import { fetchAudit, type AuditEntry } from '../api/auth'

const OUTCOME = { success: 'Done', failure: 'Failed', refused: 'Refused' } as const

/** District admins: who signed in, read figures, exported, or changed accounts and administrations, newest first. */
export function AuditView() {
  const [entries, setEntries] = useState<AuditEntry[]>([])
  const [action, setAction] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [more, setMore] = useState(false)

  async function load(before?: number) {
    const result = await fetchAudit({ before, action: action || undefined })
    if (!result.ok) return setError(result.body.message)
    setError(null)
    setEntries((current) => (before ? [...current, ...result.body.entries] : result.body.entries))
    setMore(result.body.entries.length === 100)
  }

  useEffect(() => {
    void load()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [action])

  return (
    <main className="admin">
      <h1>Audit log</h1>
      <label>
        Show{' '}
        <select value={action} onChange={(e) => setAction(e.target.value)}>
          <option value="">everything</option>
          <option value="auth.">sign-ins and sign-outs</option>
          <option value="read.">reads of figures</option>
          <option value="export.">exports</option>
          <option value="user.">account changes</option>
          <option value="sessions.">ended sessions</option>
        </select>
      </label>
      {error && <p role="alert">{error}</p>}
      <table>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">What</th>
            <th scope="col">Outcome</th>
            <th scope="col">On</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <td>{new Date(e.at).toLocaleString()}</td>
              <td>{e.actor ?? '—'}</td>
              <td>{e.action}</td>
              <td>{OUTCOME[e.outcome]}</td>
              <td>{e.target ?? '—'}</td>
              <td>
                <code>{Object.keys(e.detail).length ? JSON.stringify(e.detail) : ''}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {more && (
        <button type="button" onClick={() => void load(entries.at(-1)?.id)}>
          Older entries
        </button>
      )}
    </main>
  )
}

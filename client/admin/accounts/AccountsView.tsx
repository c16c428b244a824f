import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { changeAccount, endAllSessions, endSessions, fetchAccounts } from '../../api/auth'
import { createPasswordLink, type PasswordLink } from '../../api/sign-in'
import { fetchSchools } from '../../api/schools'
import { useRequest } from '../../ui/use-request'
import { useSession } from '../session'
import { AccountEditor } from './AccountEditor'
import { NewAccountForm } from './NewAccountForm'
import { PasswordLinkBox } from './PasswordLinkBox'
import { SignInSettingsForm } from './SignInSettingsForm'

/** District admins: every account, a form for a new one, role and schools, disabling, password links, ending sessions, and how staff sign in. */
export function AccountsView() {
  const { t } = useTranslation('accounts')
  const me = useSession()
  const [version, setVersion] = useState(0)
  const accounts = useRequest(fetchAccounts, version)
  const schools = useRequest(fetchSchools, 'schools')
  const [notice, setNotice] = useState<string | null>(null)
  const [editing, setEditing] = useState<number | null>(null)
  const [link, setLink] = useState<PasswordLink | null>(null)
  const schoolName = new Map(schools.data?.schools.map((s) => [s.id, s.name]))

  function refresh(message: string) {
    setNotice(message)
    setLink(null)
    setVersion((v) => v + 1)
  }

  /** A one-time link for the person to set their password (a new account, or a reset), shown for the admin to copy. */
  async function giveLink(userId: number) {
    const result = await createPasswordLink(userId)
    setNotice(result.ok ? null : result.body.message)
    setLink(result.ok ? result.body : null)
  }

  async function act(run: () => Promise<{ ok: boolean; body: unknown }>, done: string) {
    const result = await run()
    refresh(result.ok ? done : (result.body as { message: string }).message)
  }

  return (
    <main className="admin">
      <h1>{t('title')}</h1>
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      {link && <PasswordLinkBox link={link} />}
      {accounts.error && <p role="alert">{accounts.error}</p>}
      {!accounts.data && !accounts.error && <p role="status">{t('loading')}</p>}
      {accounts.data && (
        <table>
          <caption className="visually-hidden">{t('caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('email')}</th>
              <th scope="col">{t('role')}</th>
              <th scope="col">{t('schools')}</th>
              <th scope="col">{t('sessions')}</th>
              <th scope="col">{t('actions')}</th>
            </tr>
          </thead>
          <tbody>
            {accounts.data.users.map((u) => [
              <tr key={u.id} className={u.disabled ? 'account--disabled' : undefined}>
                <td>
                  {u.email}
                  {u.disabled && <small>{t('disabledMark')}</small>}
                  {!u.hasPassword && <small>{t('sign-in:accounts.noPassword')}</small>}
                </td>
                <td>{t(`staff:roles.${u.role}`)}</td>
                <td>{u.schoolIds.map((id) => schoolName.get(id) ?? `#${id}`).join(', ') || t('allSchools')}</td>
                <td>{u.sessions}</td>
                <td className="actions">
                  {u.id !== me.user.id && (
                    <button type="button" onClick={() => void act(() => changeAccount(u.id, { disabled: !u.disabled }), t(u.disabled ? 'enabled' : 'disabled', { email: u.email }))}>
                      {u.disabled ? t('enable') : t('disable')}
                    </button>
                  )}
                  {u.id !== me.user.id && (
                    <button type="button" aria-expanded={editing === u.id} onClick={() => setEditing(editing === u.id ? null : u.id)}>
                      {t('sign-in:accounts.change')}
                    </button>
                  )}
                  {!u.disabled && (
                    <button type="button" onClick={() => void giveLink(u.id)}>
                      {t('sign-in:accounts.passwordLink')}
                    </button>
                  )}
                  {u.sessions > 0 && (
                    <button type="button" onClick={() => void act(() => endSessions(u.id), t('sessionsEnded', { email: u.email }))}>
                      {t('endSessions')}
                    </button>
                  )}
                </td>
              </tr>,
              editing === u.id && (
                <tr key={`${u.id}-editor`}>
                  <td colSpan={5}>
                    <AccountEditor
                      account={u}
                      schools={schools.data?.schools ?? []}
                      onDone={(message) => {
                        setEditing(null)
                        if (message) refresh(message)
                      }}
                    />
                  </td>
                </tr>
              ),
            ])}
          </tbody>
        </table>
      )}
      <p>
        <button type="button" onClick={() => void act(endAllSessions, t('allEnded'))}>
          {t('endAll')}
        </button>
      </p>
      <NewAccountForm
        schools={schools.data?.schools ?? []}
        onCreated={(created) => {
          refresh(t('created', { email: created.email }))
          // Without a first password the person sets their own through a link (unless the district turned passwords off).
          if (!created.withPassword) void createPasswordLink(created.id).then((r) => r.ok && setLink(r.body))
        }}
      />
      <SignInSettingsForm />
    </main>
  )
}

import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { replaceCode, revokeCode, type AdministrationDetail } from '../../api/administrations'
import { LanguageOptions } from '../../ui/LanguageOptions'
import type { Act } from './act'

/** Each school's access code, with its poster and kiosk card to print, a new code or revoking one. */
export function CodesSection({ a, act }: { a: AdministrationDetail; act: Act }) {
  const { t, i18n } = useTranslation('administrations')
  const [lang, setLang] = useState(i18n.language === 'es' ? 'es' : 'en')
  const [paper, setPaper] = useState<'letter' | 'a4'>('letter')
  const runs = a.schools.some((s) => s.code !== null || s.revokedCodes.length > 0)
  const printed = (schoolId: number, kind: 'poster' | 'kiosk') => `/admin/administrations/${a.id}/print/${schoolId}?kind=${kind}&lang=${lang}&paper=${paper}`
  return (
    <section aria-labelledby="codes">
      <h2 id="codes">{t('codes')}</h2>
      {a.localLinks && runs && (
        <p role="alert" className="links-warning">
          {t('localLinks', { url: a.schools.find((s) => s.links)?.links?.phone ?? '' })}
        </p>
      )}
      {runs && (
        <p className="print-options">
          <label>
            {t('language')}{' '}
            <select value={lang} onChange={(e) => setLang(e.target.value)}>
              <LanguageOptions />
            </select>
          </label>{' '}
          <label>
            {t('paper')}{' '}
            <select value={paper} onChange={(e) => setPaper(e.target.value as 'letter' | 'a4')}>
              <option value="letter">{t('letter')}</option>
              <option value="a4">{t('a4')}</option>
            </select>
          </label>
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th scope="col">{t('schools')}</th>
            <th scope="col">{t('code')}</th>
            {runs && <th scope="col">{t('poster')}</th>}
          </tr>
        </thead>
        <tbody>
          {a.schools.map((s) => (
            <tr key={s.id}>
              <th scope="row">
                {s.name}
                {s.versions.length > 0 && <small>{t('ownVersion', { versions: s.versions.map((v) => `${v.slug} v${v.version}`).join(', ') })}</small>}
                <small>
                  {t('offered', {
                    instruments: s.offered.map((o) => (o.grades ? t('offeredRole', { role: t(`roles.${o.role}`), grades: o.grades }) : t(`roles.${o.role}`))).join(', ') || t('offeredNone'),
                  })}
                </small>
              </th>
              <td>
                {s.code ? <code className="access-code">{s.code}</code> : runs && <span>{t('noCode')}</span>}
                {s.revokedCodes.length > 0 && <small>{t('revoked', { codes: s.revokedCodes.join(', ') })}</small>}
              </td>
              {runs && (
                <td className="code-actions">
                  {s.code && a.status !== 'closed' && a.mode !== 'kiosk' && (
                    <>
                      <a href={printed(s.id, 'poster')}>{t('poster')}</a>{' '}
                    </>
                  )}
                  {s.code && a.status !== 'closed' && a.mode !== 'phone' && (
                    <>
                      <a href={printed(s.id, 'kiosk')}>{t('kioskCard')}</a>{' '}
                    </>
                  )}
                  {a.status !== 'closed' && (
                    <button type="button" onClick={() => window.confirm(t('confirmNewCode', { school: s.name })) && void act(() => replaceCode(a.id, s.id))}>
                      {t('newCode')}
                    </button>
                  )}{' '}
                  {s.code && a.status !== 'closed' && (
                    <button type="button" className="danger" onClick={() => window.confirm(t('confirmRevoke', { school: s.name })) && void act(() => revokeCode(a.id, s.id, s.code!))}>
                      {t('revoke')}
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}

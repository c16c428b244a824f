import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Me } from '../api/auth'
import { fetchDesignerVersions, fetchDrafts, importDraft, importXlsForm, startDraft, xlsFormUrl, type Defect, type Owner, type PublishedVersion } from '../api/designer'
import { fetchDefinition } from '../api/instruments'
import { base64Of } from '../ui/base64'
import { localized } from '../ui/localized'
import { useRequest } from '../ui/use-request'
import { DiffSection } from './DiffSection'
import { download } from './download'

const draftUrl = (owner: Owner, id: number) => `/admin/design/${owner}/drafts/${id}`

/** The chosen file, and the input emptied so that choosing the same file again (after fixing it, say) is a new choice. */
function pick(input: HTMLInputElement, use: (file: File) => Promise<void>) {
  const file = input.files?.[0]
  input.value = ''
  if (file) void use(file)
}

function owners(me: Me): { owner: Owner; name: string }[] {
  const schools = me.user.schools.map((s) => ({ owner: s.id as Owner, name: s.name }))
  return me.user.role === 'school-team' ? schools : [{ owner: 'district', name: '' }, ...schools]
}

/** /admin/design: the drafts of the chosen owner, importing one, and the published versions to start from or export. */
export function DesignerHome({ me }: { me: Me }) {
  const { t } = useTranslation('designer')
  const choices = owners(me)
  const saved = new URLSearchParams(window.location.search).get('owner')
  const [owner, setOwner] = useState<Owner>(choices.find((c) => String(c.owner) === saved)?.owner ?? choices[0]?.owner ?? 'district')
  const versions = useRequest(fetchDesignerVersions, 'versions')
  const drafts = useRequest(() => fetchDrafts(owner), `drafts-${owner}`)
  const [error, setError] = useState<string | null>(null)
  const [defects, setDefects] = useState<Defect[]>([])
  const [xlsFormSlug, setXlsFormSlug] = useState('')
  const [imported, setImported] = useState<{ id: number; notices: string[] } | null>(null)

  const start = async (v: PublishedVersion) => {
    const r = await startDraft(owner, { slug: v.slug, version: v.version })
    if (r.ok) window.location.assign(draftUrl(owner, r.body.id))
    else setError(r.body.message)
  }

  const importFile = async (file: File) => {
    setError(null)
    setDefects([])
    let json: Record<string, unknown>
    try {
      json = JSON.parse(await file.text())
    } catch {
      setError(t('home.notJson', { name: file.name }))
      return
    }
    const r = await importDraft(owner, json)
    if (r.ok) window.location.assign(draftUrl(owner, r.body.id))
    else {
      setError(r.body.message)
      setDefects(Array.isArray(r.body.details) ? (r.body.details as Defect[]) : [])
    }
  }

  const importXlsFormFile = async (file: File) => {
    setError(null)
    setDefects([])
    setImported(null)
    const r = await importXlsForm(owner, await base64Of(file), xlsFormSlug || undefined)
    if (!r.ok) {
      setError(r.body.message)
      return
    }
    // What the import left out is said before the draft opens; without anything to say, the draft opens at once.
    if (r.body.notices.length === 0) window.location.assign(draftUrl(owner, r.body.draft.id))
    else setImported({ id: r.body.draft.id, notices: r.body.notices })
  }

  const exportVersion = async (v: PublishedVersion) => {
    const r = await fetchDefinition(v.slug, v.version)
    if (r.ok) download(`${v.version}.json`, `${JSON.stringify(r.body, null, 2)}\n`, 'application/json')
    else setError(r.body.message)
  }

  // Only versions this owner may start from: district templates and the owner's own.
  const startable = (versions.data?.versions ?? []).filter((v) => v.ownerSchoolId === null || v.ownerSchoolId === owner)

  return (
    <main className="admin designer">
      <h1>{t('home.title')}</h1>
      <p>{t('home.intro')}</p>
      <label>
        {t('home.owner')}{' '}
        <select value={String(owner)} onChange={(e) => setOwner(e.target.value === 'district' ? 'district' : Number(e.target.value))}>
          {choices.map((c) => (
            <option key={String(c.owner)} value={String(c.owner)}>
              {c.owner === 'district' ? t('home.districtTemplates') : c.name}
            </option>
          ))}
        </select>
      </label>
      {error && (
        <div role="alert" className="designer-error">
          <p>{error}</p>
          {defects.length > 0 && (
            <ul>
              {defects.map((d, i) => (
                <li key={i}>
                  <code>{d.pointer || '/'}</code> {d.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}

      <section aria-labelledby="drafts-heading">
        <h2 id="drafts-heading">{t('home.drafts')}</h2>
        {drafts.data && drafts.data.drafts.length === 0 && <p>{t('home.noDrafts')}</p>}
        <ul>
          {drafts.data?.drafts.map((d) => (
            <li key={d.id}>
              <a href={draftUrl(owner, d.id)}>
                {localized(d.title, 'en')} — {t('home.draftOf', { slug: d.slug, version: d.baseVersion ?? '—' })}
              </a>
            </li>
          ))}
        </ul>
        <label className="designer-file">
          {t('home.import')} <input type="file" accept=".json,application/json" onChange={(e) => pick(e.target, importFile)} />
        </label>
        <fieldset className="designer-xlsform">
          <legend>{t('home.xlsform')}</legend>
          <p>{t('home.xlsformIntro')}</p>
          <label>
            {t('home.xlsformSlug')}{' '}
            <select value={xlsFormSlug} onChange={(e) => setXlsFormSlug(e.target.value)}>
              <option value="">{t('home.xlsformFormId')}</option>
              {[...new Set(startable.map((v) => v.slug))].map((slug) => (
                <option key={slug} value={slug}>
                  {slug}
                </option>
              ))}
            </select>
          </label>{' '}
          <label className="designer-file">
            {t('home.xlsformFile')}{' '}
            <input
              type="file"
              accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              onChange={(e) => pick(e.target, importXlsFormFile)}
            />
          </label>
          {imported && (
            <div role="status">
              <p>{t('home.xlsformNotices')}</p>
              <ul>
                {imported.notices.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
              <a href={draftUrl(owner, imported.id)}>{t('home.openDraft')}</a>
            </div>
          )}
        </fieldset>
      </section>

      <section aria-labelledby="versions-heading">
        <h2 id="versions-heading">{t('home.versions')}</h2>
        {versions.error && <p role="alert">{versions.error}</p>}
        <table>
          <thead>
            <tr>
              <th scope="col">{t('home.instrument')}</th>
              <th scope="col">{t('home.version')}</th>
              <th scope="col">{t('home.owner')}</th>
              <th scope="col">{t('home.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {(versions.data?.versions ?? []).map((v) => (
              <tr key={v.id}>
                <td>
                  {localized(v.title, 'en')} <small>({v.slug})</small>
                </td>
                <td>{v.version}</td>
                <td>{v.ownerSchoolName ?? t('home.districtTemplate')}</td>
                <td>
                  {startable.includes(v) && (
                    <button type="button" onClick={() => void start(v)} aria-label={t('home.startFrom', { slug: v.slug, version: v.version })}>
                      {t('home.start')}
                    </button>
                  )}{' '}
                  <button type="button" onClick={() => void exportVersion(v)} aria-label={t('home.exportOf', { slug: v.slug, version: v.version })}>
                    {t('home.export')}
                  </button>{' '}
                  <a href={xlsFormUrl(v.slug, v.version)} download aria-label={t('home.xlsformOf', { slug: v.slug, version: v.version })}>
                    {t('home.xlsformExport')}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {versions.data && <DiffSection versions={versions.data.versions} />}
    </main>
  )
}

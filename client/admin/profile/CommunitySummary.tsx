import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { fetchSchoolProfile, PROFILE_ROLES, type SchoolProfile } from '../../api/profiles'
import { directionOf, isLanguage } from '../../i18n/languages'
import { localized } from '../../ui/localized'
import { LanguageOptions } from '../../ui/LanguageOptions'
import { useRequest } from '../../ui/use-request'
import { isolate, PAPERS, paperFromQuery, withQuery, type Paper } from '../print'
import { fetchWording, type Wording } from './item-wording'
import { useProfileFormat } from './use-profile-format'
import { useWhatIsHere } from './WhatIsHere'
import './summary.css'


/**
 * The one-page summary a school team prints and hands out at a community meeting, in any of the ten languages: plain
 * sentences, top needs and what is working, who answered. Only shown figures appear; a withheld count is "fewer than k".
 */
export function CommunitySummary({ schoolId, lang, administration = null }: { schoolId: number; lang: string; administration?: number | null }) {
  const language = isLanguage(lang) ? lang : 'en'
  const profile = useRequest(() => fetchSchoolProfile(schoolId, administration), `${schoolId}/${administration}`)
  const wording = useRequest(fetchWording, 'wording')
  const format = useProfileFormat(profile.data?.minCellSize ?? 0)
  const [paper, setPaper] = useState<Paper>(paperFromQuery)
  const { t } = format

  return (
    <main className="summary-page">
      <style>{`@page { size: ${PAPERS[paper]}; margin: 12mm; }`}</style>
      <div className="summary-toolbar">
        <a href={`/admin/schools/${schoolId}${administration === null ? '' : `?administration=${administration}`}`}>{t('summary.backToProfile')}</a>
        <label>
          {t('summary.language')}{' '}
          <select value={language} onChange={(e) => window.location.assign(withQuery({ lang: e.target.value }))}>
            <LanguageOptions />
          </select>
        </label>
        <label>
          {t('summary.paper')}{' '}
          <select value={paper} onChange={(e) => setPaper(e.target.value as Paper)}>
            <option value="letter">{t('summary.letter')}</option>
            <option value="a4">{t('summary.a4')}</option>
          </select>
        </label>
        <button type="button" onClick={() => window.print()}>
          {t('summary.print')}
        </button>
      </div>
      {profile.error && <p role="alert">{profile.error}</p>}
      {!profile.error && (!profile.data || (!wording.data && !wording.error)) && <p role="status">{t('loading')}</p>}
      {profile.data && (wording.data || wording.error) && <SummarySheet profile={profile.data} wording={wording.data} lang={language} administration={administration} />}
    </main>
  )
}

function SummarySheet({ profile, wording, lang, administration }: { profile: SchoolProfile; wording: Wording | null; lang: string; administration: number | null }) {
  const { i18n } = useTranslation()
  const t = useMemo(() => i18n.getFixedT(lang, 'summary'), [i18n, lang])
  const k = profile.minCellSize
  const here = useWhatIsHere(profile, administration, t)
  const numbers = useMemo(() => new Intl.NumberFormat(lang, { maximumFractionDigits: 0 }), [lang])
  const percents = useMemo(() => new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 }), [lang])
  const list = (items: string[]) => {
    // Intl.ListFormat where the browser knows the language (Chromium falls back to English for Armenian, for one).
    try {
      const format = new Intl.ListFormat(lang, { type: 'conjunction' })
      if (format.resolvedOptions().locale.split('-')[0] === lang.split('-')[0]) return format.format(items)
    } catch {
      // an unknown language tag: the joiner below
    }
    return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} ${t('and')} ${items[items.length - 1]}`
  }
  const domainLabel = (domain: string) => localized(profile.domains.find((d) => d.domain === domain)?.label, lang) || domain

  const roleNeeds = PROFILE_ROLES.map((role) => {
    const shown = profile.domains.flatMap((d) => {
      const figure = d.need.roles[role]
      return figure.shown ? [{ label: localized(d.label, lang), index: figure.index }] : []
    })
    return { role, top: shown.sort((a, b) => b.index - a.index).slice(0, 3) }
  })
  const services = profile.services
    .flatMap((s) => (s.figures.shown && s.figures.awarenessGap > 0 && wording?.has(s.itemId) ? [{ name: localized(wording.get(s.itemId)!.text, lang), gap: s.figures.awarenessGap }] : []))
    .sort((a, b) => b.gap - a.gap)
    .slice(0, 3)

  const ranked = (top: SchoolProfile['topNeeds'], kind: 'need' | 'asset') =>
    top.length === 0 ? (
      <p>{t('noneYet', { k })}</p>
    ) : (
      <ol className={`ranked ranked--${kind}`}>
        {top.map((x) => (
          <li key={x.domain}>
            <span className="ranked-label">{domainLabel(x.domain)}</span>
            <span className="bar" aria-hidden="true">
              <span style={{ inlineSize: `${x.index}%` }} />
            </span>
            <span className="ranked-score">{t('score', { score: numbers.format(x.index), max: numbers.format(100) })}</span>
            {kind === 'need' && here(x.domain)}
          </li>
        ))}
      </ol>
    )

  return (
    <article className="summary-sheet" lang={lang} dir={directionOf(lang)}>
      <header>
        <p className="kicker">{t('kicker')}</p>
        <h1>{t('title')}</h1>
        <p className="school">{profile.school.name}</p>
      </header>
      <p className="intro">{t('intro')}</p>

      <section className="who">
        <h2>{t('whoAnswered')}</h2>
        <ul>
          {profile.responses.map((r) => (
            <li key={r.role}>
              <span>{t(`roles.${r.role}`)}</span> <strong>{r.count.shown ? numbers.format(r.count.n) : t('fewerThan', { k: numbers.format(k) })}</strong>
            </li>
          ))}
        </ul>
      </section>

      <section className="heard">
        <h2>{t('heardHeading')}</h2>
        <ul>
          {roleNeeds.map(({ role, top }) => (
            <li key={role}>{top.length > 0 ? t(`toldUs.${role}`, { list: list(top.map((x) => x.label)) }) : t(`tooFew.${role}`, { k: numbers.format(k) })}</li>
          ))}
        </ul>
      </section>

      <div className="columns">
        <section>
          <h2>{t('needsHeading')}</h2>
          <p className="small">{t('needsIntro')}</p>
          {ranked(profile.topNeeds, 'need')}
        </section>
        <section>
          <h2>{t('assetsHeading')}</h2>
          <p className="small">{t('assetsIntro')}</p>
          {ranked(profile.topAssets, 'asset')}
        </section>
      </div>

      {services.length > 0 && (
        <section>
          <h2>{t('servicesHeading')}</h2>
          <ul className="services">
            {services.map((s) => (
              <li key={s.name}>{t('serviceGap', { service: s.name, percent: percents.format(s.gap / 100) })}</li>
            ))}
          </ul>
        </section>
      )}

      <footer>
        <p>{t('howToRead', { k: numbers.format(k), min: numbers.format(0), max: numbers.format(100) })}</p>
        <p>{t('next')}</p>
        <p className="small">{t('survey', { name: isolate(profile.administration.name) })}</p>
      </footer>
    </article>
  )
}

import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import type { SchoolProfile } from '../../api/profiles'
import type { Measure } from '../../../server/vocabulary/measures'
import { ROLES } from '../../../server/vocabulary/roles'
import { directionOf } from '../../i18n/languages'
import { localized } from '../../ui/localized'
import { isolate } from '../print'
import type { Wording } from './item-wording'
import { useWhatIsHere } from './WhatIsHere'

/** The printed sheet itself, in the chosen language whatever the page's. */
export function SummarySheet({ profile, wording, lang, administration }: { profile: SchoolProfile; wording: Wording | null; lang: string; administration: number | null }) {
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

  const roleNeeds = ROLES.map((role) => {
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

  const ranked = (top: SchoolProfile['topNeeds'], kind: Measure) =>
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

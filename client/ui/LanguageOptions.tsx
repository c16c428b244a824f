import { LANGUAGES } from '../i18n/languages'

/** The ten languages as a select's options, each named in its own script. */
export function LanguageOptions() {
  return (
    <>
      {LANGUAGES.map((l) => (
        <option key={l.code} value={l.code} lang={l.code}>
          {l.name}
        </option>
      ))}
    </>
  )
}

import { useId, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { changeSchool, createSchool, type School } from '../../api/schools'

type Text = Record<'name' | 'code' | 'stateCode' | 'region' | 'cohort' | 'grades' | 'street' | 'city' | 'zip' | 'students' | 'families' | 'staff' | 'gradeBands' | 'languages', string>

const listText = (map: Record<string, number>) =>
  Object.entries(map)
    .map(([k, n]) => `${k}: ${n}`)
    .join('; ')

function textOf(school: School | null): Text {
  const e = school?.enrollment
  const n = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v))
  return {
    name: school?.name ?? '',
    code: school?.code ?? '',
    stateCode: school?.stateCode ?? '',
    region: school?.region ?? '',
    cohort: school?.cohort ?? '',
    grades: school?.grades ?? '',
    street: school?.street ?? '',
    city: school?.city ?? '',
    zip: school?.zip ?? '',
    students: n(e?.students),
    families: n(e?.families),
    staff: n(e?.staff),
    gradeBands: e ? listText(e.gradeBands) : '',
    languages: e ? listText(e.languages) : '',
  }
}

/** "3-5: 250; tk-2: 230" as a map, or the part that is not a name and a number. */
function parseList(text: string): Record<string, number> | { bad: string } {
  const map: Record<string, number> = {}
  for (const part of text.split(';').map((p) => p.trim()).filter((p) => p !== '')) {
    const m = /^(.+?)\s*[:=]\s*(\d+)$/.exec(part)
    if (!m) return { bad: part }
    map[m[1].trim()] = Number(m[2])
  }
  return map
}

/** A new school, or one school's fields to change: every field of the directory, enrollment when known. */
export function SchoolForm({ school, onSaved, onCancel }: { school: School | null; onSaved: (school: School) => void; onCancel: () => void }) {
  const { t } = useTranslation('schools')
  const id = useId()
  const [text, setText] = useState<Text>(() => textOf(school))
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  async function submit(event: FormEvent) {
    event.preventDefault()
    setError(null)
    const count = (field: 'students' | 'families' | 'staff') => {
      const v = text[field].trim()
      if (v === '') return null
      if (!/^\d+$/.test(v)) throw new Error(t('form.badNumber', { field: t(`form.${field}`), value: v }))
      return Number(v)
    }
    const list = (field: 'gradeBands' | 'languages') => {
      const parsed = parseList(text[field])
      if ('bad' in parsed && typeof parsed.bad === 'string') throw new Error(t('form.badList', { part: parsed.bad }))
      return parsed as Record<string, number>
    }
    let body
    try {
      body = {
        name: text.name,
        grades: text.grades,
        stateCode: text.stateCode.trim() === '' ? null : text.stateCode,
        region: text.region,
        cohort: text.cohort.trim() === '' ? null : text.cohort,
        street: text.street.trim() === '' ? null : text.street,
        city: text.city.trim() === '' ? null : text.city,
        zip: text.zip.trim() === '' ? null : text.zip,
        enrollment: { students: count('students'), families: count('families'), staff: count('staff'), gradeBands: list('gradeBands'), languages: list('languages') },
      }
    } catch (e) {
      setError((e as Error).message)
      return
    }
    setBusy(true)
    const code = text.code.trim()
    const result = school ? await changeSchool(school.id, { ...body, code }) : await createSchool({ ...body, ...(code ? { code } : {}) })
    setBusy(false)
    if (result.ok) onSaved(result.body)
    else setError(result.body.message)
  }

  const field = (name: keyof Text, options: { help?: boolean; required?: boolean; inputMode?: 'numeric' } = {}) => (
    <p className="school-field">
      <label htmlFor={`${id}-${name}`}>{t(`form.${name}`)}</label>
      <input
        id={`${id}-${name}`}
        value={text[name]}
        required={options.required}
        inputMode={options.inputMode}
        aria-describedby={options.help ? `${id}-${name}-help` : undefined}
        onChange={(e) => setText({ ...text, [name]: e.target.value })}
      />
      {options.help && (
        <small id={`${id}-${name}-help`}>{t(`form.${name}Help`)}</small>
      )}
    </p>
  )

  return (
    <form className="school-form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{school ? t('form.editHeading', { name: school.name }) : t('form.newHeading')}</h2>
      <div className="school-fields">
        {field('name', { required: true })}
        {field('code', { help: true })}
        {field('stateCode', { help: true })}
        {field('grades', { help: true, required: true })}
        {field('region')}
        {field('cohort')}
        {field('street')}
        {field('city')}
        {field('zip')}
      </div>
      <fieldset>
        <legend>{t('form.enrollment')}</legend>
        <div className="school-fields">
          {field('students', { inputMode: 'numeric' })}
          {field('families', { inputMode: 'numeric' })}
          {field('staff', { inputMode: 'numeric' })}
          {field('gradeBands', { help: true })}
          {field('languages', { help: true })}
        </div>
      </fieldset>
      {error && <p role="alert">{error}</p>}
      <p>
        <button type="submit" disabled={busy}>
          {school ? t('form.save') : t('form.create')}
        </button>{' '}
        <button type="button" onClick={onCancel}>
          {t('form.cancel')}
        </button>
      </p>
    </form>
  )
}

import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { localized } from '../ui/localized'
import { fromExpression, OPERATORS, toExpression, type Condition, type Operator } from './conditions'
import { isNode, type Json } from './strings'

function choicesOf(question: Json | undefined): { value: string | number; text: string }[] {
  const list = question?.type === 'rating' ? question.rateValues : question?.choices
  return (Array.isArray(list) ? list : []).map((c) => (isNode(c) ? { value: c.value as string | number, text: localized(c.text as string | Record<string, string>, 'en') || String(c.value) } : { value: c as string | number, text: String(c) }))
}

/** Show-if through a form: the question, the operator and the value; the expression is written from them. */
export function ConditionForm({ element, questions, onChange }: { element: Json; questions: Json[]; onChange: (visibleIf: string | null) => void }) {
  const { t } = useTranslation('designer')
  const current = typeof element.visibleIf === 'string' ? element.visibleIf : null
  const parsed = current ? fromExpression(current) : null
  const candidates = questions.filter((q) => choicesOf(q).length > 0)
  const [condition, setCondition] = useState<Condition>(parsed ?? { question: String(candidates[0]?.name ?? ''), operator: 'equals', values: [] })
  const target = candidates.find((q) => q.name === condition.question)
  const needsValue = condition.operator === 'equals' || condition.operator === 'notequals' || condition.operator === 'anyof'
  const complete = condition.question !== '' && (!needsValue || condition.values.length > 0)
  const toggle = (value: string | number) =>
    setCondition((c) => ({ ...c, values: c.operator === 'anyof' ? (c.values.includes(value) ? c.values.filter((v) => v !== value) : [...c.values, value]) : [value] }))
  return (
    <div className="designer-form" role="group" aria-label={t('condition.title', { name: String(element.name) })}>
      {current && !parsed && <p>{t('condition.other', { expression: current })}</p>}
      <label>
        {t('condition.question')}{' '}
        <select value={condition.question} onChange={(e) => setCondition({ ...condition, question: e.target.value, values: [] })}>
          {candidates.map((q) => (
            <option key={String(q.name)} value={String(q.name)}>
              {localized(q.title as string | Record<string, string>, 'en').slice(0, 70) || String(q.name)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('condition.operator')}{' '}
        <select value={condition.operator} onChange={(e) => setCondition({ ...condition, operator: e.target.value as Operator, values: [] })}>
          {OPERATORS.map((o) => (
            <option key={o} value={o}>
              {t(`condition.operators.${o}`)}
            </option>
          ))}
        </select>
      </label>
      {needsValue && (
        <fieldset>
          <legend>{t('condition.value')}</legend>
          {choicesOf(target).map((c) => (
            <label key={String(c.value)}>
              <input
                type={condition.operator === 'anyof' ? 'checkbox' : 'radio'}
                name={`value-${String(element.name)}`}
                checked={condition.values.includes(c.value)}
                onChange={() => toggle(c.value)}
              />{' '}
              {c.text}
            </label>
          ))}
        </fieldset>
      )}
      <div className="designer-buttons">
        <button type="button" disabled={!complete} onClick={() => onChange(toExpression(condition))}>
          {t('condition.apply')}
        </button>
        {current && (
          <button type="button" onClick={() => onChange(null)}>
            {t('condition.clear')}
          </button>
        )}
      </div>
    </div>
  )
}

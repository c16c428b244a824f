import type { ProcessDynamicTextEvent, SurveyModel } from 'survey-core'

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '{': '&#123;', '}': '&#125;' }

export const escapeHtml = (text: string) => text.replace(/[&<>"'{}]/g, (c) => ENTITIES[c])

/**
 * survey-core pastes answers into an html element as they are, so "{comments}" there would turn a respondent's
 * words into markup. Everywhere else a reference lands in text, which React escapes. Escaped braces keep
 * survey-core's second pass over the html from expanding a reference typed inside an answer.
 */
export function escapePipedValues(_survey: SurveyModel, options: ProcessDynamicTextEvent): void {
  const element = options.element as { getType?: () => string } | undefined
  if (element?.getType?.() !== 'html' || options.value === undefined || options.value === null) return
  options.value = escapeHtml(String(options.value))
}

import { describe, expect, it } from 'vitest'
import { Model, type QuestionHtmlModel } from 'survey-core'
import { escapeHtml, escapePipedValues } from '../../../client/ui/piped-html'
import { XSS_PAYLOADS } from '../../fixtures/xss/payloads'

function survey(html: string) {
  const model = new Model({
    pages: [{ elements: [{ type: 'comment', name: 'words' }, { type: 'radiogroup', name: 'pick', choices: [{ value: 'a', text: '<b>A</b>' }] }, { type: 'html', name: 'echo', html }] }],
  })
  model.onProcessDynamicText.add(escapePipedValues)
  return { model, rendered: () => (model.getQuestionByName('echo') as QuestionHtmlModel).locHtml.renderedHtml }
}

describe('answers piped into an html element', () => {
  it('arrive escaped, so a typed tag is text', () => {
    const { model, rendered } = survey('<p>You wrote: {words}</p>')
    model.setValue('words', '<img src=x onerror=alert(1)>')
    expect(rendered()).toBe('<p>You wrote: &lt;img src=x onerror=alert(1)&gt;</p>')
  })

  it('escape a choice display value as well', () => {
    const { model, rendered } = survey('<p>{pick}</p>')
    model.setValue('pick', 'a')
    expect(rendered()).toBe('<p>&lt;b&gt;A&lt;/b&gt;</p>')
  })

  it('leave a reference typed inside an answer unexpanded', () => {
    const { model, rendered } = survey('<p>{words}</p><p>{pick}</p>')
    model.setValue('pick', 'a')
    model.setValue('words', '{pick}')
    expect(rendered()).toBe('<p>&#123;pick&#125;</p><p>&lt;b&gt;A&lt;/b&gt;</p>')
  })

  it('leave text elsewhere as it is: a title is rendered as text', () => {
    const model = new Model({ elements: [{ type: 'comment', name: 'words' }, { type: 'comment', name: 'echo', title: 'You wrote: {words}' }] })
    model.onProcessDynamicText.add(escapePipedValues)
    model.setValue('words', '<b>x</b>')
    expect(model.getQuestionByName('echo').locTitle.renderedHtml).toBe('You wrote: <b>x</b>')
  })

  it("keep the author's own markup and unknown references as they are", () => {
    const { rendered } = survey('<h3>Who can help?</h3><p>{nobody} {not:a-reference}</p>')
    expect(rendered()).toBe('<h3>Who can help?</h3><p>{nobody} {not:a-reference}</p>')
  })

  it.each(XSS_PAYLOADS.map((p) => [p.id, p.text]))('payload %i comes out with no markup character left', (_id, text) => {
    const { model, rendered } = survey('<p>{words}</p>')
    model.setValue('words', text)
    const inner = rendered().slice('<p>'.length, -'</p>'.length)
    expect(inner).toBe(escapeHtml(text))
    expect(inner).not.toMatch(/[<>"'{}]/)
  })
})

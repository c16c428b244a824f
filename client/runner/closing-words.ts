import { localized } from '../ui/localized'

/** The survey's closing paragraphs: what the answers are for, and where to get help now. */
export interface ClosingWords {
  paragraphs: string[]
}

/**
 * The survey's own closing words (its `completedHtml`, in the respondent's language), read as text: the runner
 * never renders an instrument's markup here, so its paragraphs are all that is taken from it (a heading of its own,
 * "Thank you!", would repeat the screen's). A family
 * that has just reported hunger or losing its home sees where to turn, as the survey's authors wrote it, not a
 * generic "thank you". DOMParser builds an inert document: nothing in it loads or runs.
 */
export function closingWords(completedHtml: string | Record<string, string> | undefined, language: string): ClosingWords | null {
  const html = localized(completedHtml, language).trim()
  if (!html) return null
  const body = new DOMParser().parseFromString(html, 'text/html').body
  const text = (node: Element) => (node.textContent ?? '').replace(/\s+/g, ' ').trim()
  const blocks = [...body.querySelectorAll('h1, h2, h3, h4, h5, h6, p, li')].filter((b) => !b.querySelector('p, li'))
  if (blocks.length === 0) {
    const whole = text(body)
    return whole ? { paragraphs: [whole] } : null
  }
  const paragraphs = blocks.filter((b) => !/^H[1-6]$/.test(b.tagName)).map(text).filter(Boolean)
  return paragraphs.length > 0 ? { paragraphs } : null
}

import { useTranslation } from 'react-i18next'
import { receiptOf } from '../../server/intake/receipt'
import type { ClosingWords } from './closing-words'

/** Where the response is: on its way, received by the server, or kept on this device until the connection is back. */
export type Delivery = 'sending' | 'received' | 'saved'

/**
 * The thank-you: the survey's own closing words (where to get help now), one honest sentence about where the answers
 * are, and a receipt the person can quote to the school (server/intake/receipt.ts: random, it says nothing about
 * them or their answers).
 */
export function ThankYou({
  id,
  delivery,
  closing,
  restartSeconds,
  onAgain,
}: {
  id: string
  delivery: Delivery
  closing: ClosingWords | null
  /** On a kiosk, the seconds before the next person's fresh start; null on a phone. */
  restartSeconds: number | null
  onAgain: () => void
}) {
  const { t } = useTranslation()
  const receipt = receiptOf(id)
  return (
    <section className="screen" aria-labelledby="thanks-heading">
      <h1 id="thanks-heading">{t('runner.thanks.title')}</h1>
      {closing && closing.paragraphs.length > 0 && (
        <div className="closing-words" data-testid="closing-words">
          {closing.paragraphs.map((text, i) => (
            <p key={i}>{text}</p>
          ))}
        </div>
      )}
      <p role="status" data-testid="delivery" data-delivery={delivery}>
        {delivery === 'sending' && t('runner.sending')}
        {delivery === 'received' && (closing && closing.paragraphs.length > 0 ? t('runner.thanks.received') : t('runner.thanks.body'))}
        {delivery === 'saved' && t('runner.thanks.saved')}
      </p>
      <div className="receipt" data-testid="receipt">
        <p className="receipt__label">{t('runner.thanks.receiptLabel')}</p>
        <p className="receipt__id" translate="no">
          <bdi dir="ltr">{receipt}</bdi>
        </p>
        <p className="receipt__hint">{t('runner.thanks.receiptHint')}</p>
      </div>
      {restartSeconds !== null && <p role="timer">{t('runner.kiosk.nextPerson', { seconds: restartSeconds })}</p>}
      <button type="button" className="primary" onClick={onAgain}>
        {t('runner.thanks.again')}
      </button>
    </section>
  )
}

/**
 * The receipt a respondent can quote ("4F7K-92QD"): the first 40 bits of the response's id, which the runner made at
 * random (a version-4 UUID) when the person started, written in Crockford's base32. It says nothing about the answers
 * or the person (the bits are random and no staff page or export shows response ids), the runner shows it offline as
 * well as online (it needs nothing from the server), and the server finds the response again by its primary key
 * (a range of ids: no column, no second index). Pure: the runner imports it too.
 *
 * 40 bits: among a million responses, another response shares a given receipt with odds of about 1 in a million, so
 * a look-up names the school and the time to tell the rare twins apart.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const RECEIPT_HEX = 10 // 40 bits

export function receiptOf(responseId: string): string {
  const hex = responseId.replace(/-/g, '').slice(0, RECEIPT_HEX)
  if (!/^[0-9a-fA-F]{10}$/.test(hex)) throw new Error('A response id is a UUID')
  let bits = BigInt(`0x${hex}`)
  let out = ''
  for (let i = 0; i < 8; i++) {
    out = ALPHABET[Number(bits & 31n)] + out
    bits >>= 5n
  }
  return `${out.slice(0, 4)}-${out.slice(4)}`
}

/**
 * A receipt as a person reads it out or types it: case, spaces and hyphens ignored, and the letters Crockford's
 * alphabet leaves out read as the digits they look like (O as 0, I and L as 1). Null when it cannot be a receipt.
 */
export function parseReceipt(typed: string): string | null {
  const cleaned = typed
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1')
  if (!/^[0-9A-HJKMNP-TV-Z]{8}$/.test(cleaned)) return null
  return `${cleaned.slice(0, 4)}-${cleaned.slice(4)}`
}

/** The ids a receipt stands for: every UUID from `low` to `high` (inclusive) begins with its 40 bits. */
export function receiptIdRange(receipt: string): { low: string; high: string } {
  const parsed = parseReceipt(receipt)
  if (!parsed) throw new Error('Not a receipt')
  let bits = 0n
  for (const ch of parsed.replace('-', '')) bits = (bits << 5n) | BigInt(ALPHABET.indexOf(ch))
  const hex = bits.toString(16).padStart(RECEIPT_HEX, '0')
  const id = (rest: string) => {
    const h = hex + rest
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
  }
  return { low: id('0'.repeat(22)), high: id('f'.repeat(22)) }
}

import { randomInt } from 'node:crypto'

/** No 0/O, 1/I/L: codes are read off posters and typed on phones. */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'
export const CODE_LENGTH = 8

/** A random access code; with a seeded `random` the same sequence every time (demo data). */
export function generateCode(random: () => number = () => randomInt(CODE_ALPHABET.length) / CODE_ALPHABET.length): string {
  let code = ''
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[Math.floor(random() * CODE_ALPHABET.length)]
  return code
}

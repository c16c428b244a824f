import argon2 from 'argon2'

/** OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane): ~30 ms here, costly to guess offline. */
const OPTIONS = { type: argon2.argon2id, memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 } as const

export const MIN_PASSWORD_LENGTH = 12

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS)
}

let dummy: Promise<string> | null = null

/**
 * Checks a password against a stored hash. With no account (`hash` null) it still verifies against a dummy hash,
 * so an unknown address takes as long as a wrong password and the timing says nothing.
 */
export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  dummy ??= hashPassword('not-a-real-password-for-timing-only')
  try {
    const ok = await argon2.verify(hash ?? (await dummy), password)
    return hash !== null && ok
  } catch {
    return false
  }
}

/** Why a new password is refused, or null when it will do. */
export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `A password needs at least ${MIN_PASSWORD_LENGTH} characters.`
  if (password.length > 256) return 'A password can have at most 256 characters.'
  return null
}

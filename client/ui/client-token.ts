import { newUuid } from './uuid'

const KEY = 'ana.client-token'

/**
 * A random token per browser, sent with each response only so the server's rate limit can tell two kiosks at
 * one school apart (they share an IP address). It is never stored with a response.
 */
export function clientToken(): string {
  try {
    let token = localStorage.getItem(KEY)
    if (!token) {
      token = newUuid()
      localStorage.setItem(KEY, token)
    }
    return token
  } catch {
    return newUuid()
  }
}

import i18next from 'i18next'
import { initI18n } from './i18n'

/**
 * Staff-page text, in namespaces kept apart from the runner's (so the runner bundle never carries it):
 * client/i18n/admin/<namespace>.<language>.json, e.g. district.es.json. A missing key falls back to English.
 */
const bundles = import.meta.glob<{ default: Record<string, unknown> }>('./admin/*.json', { eager: true })

export const ADMIN_LANGUAGES = ['en', 'es'] as const
const STORAGE_KEY = 'ana.admin.language'

export function adminLanguage(): string {
  const saved = localStorage.getItem(STORAGE_KEY)
  if (saved && (ADMIN_LANGUAGES as readonly string[]).includes(saved)) return saved
  return navigator.language.toLowerCase().startsWith('es') ? 'es' : 'en'
}

export async function setAdminLanguage(lng: string): Promise<void> {
  localStorage.setItem(STORAGE_KEY, lng)
  document.documentElement.lang = lng
  await i18next.changeLanguage(lng)
}

export async function initAdminI18n(): Promise<typeof i18next> {
  const lng = adminLanguage()
  const i18n = await initI18n(lng)
  for (const [file, module] of Object.entries(bundles)) {
    const match = /\/([\w-]+)\.([\w-]+)\.json$/.exec(file)
    if (match) i18n.addResourceBundle(match[2], match[1], module.default, true, true)
  }
  document.documentElement.lang = lng
  return i18n
}

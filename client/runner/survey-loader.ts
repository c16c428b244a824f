/**
 * The survey itself (survey-core, survey-react-ui and their stylesheet: most of the runner's weight) is its own
 * chunk, so the start page, the language and role pickers and the consent screen draw without it. RunnerApp asks for
 * it once the first screen is up, and waits for it only if the person is quicker than the download. The service
 * worker precaches it with the rest of the runner (vite.config.ts), so a kiosk has it offline.
 */
type SurveyScreenModule = typeof import('./SurveyScreen')

let loaded: SurveyScreenModule | null = null
let pending: Promise<SurveyScreenModule> | null = null

/** Loads the survey chunk once; a failed download (offline, no cached copy) may be tried again. */
export function loadSurveyScreen(): Promise<SurveyScreenModule> {
  pending ??= import('./SurveyScreen').then(
    (module) => (loaded = module),
    (error: unknown) => {
      pending = null
      throw error
    },
  )
  return pending
}

/** The loaded survey screen; null until loadSurveyScreen has resolved. */
export function loadedSurveyScreen(): SurveyScreenModule | null {
  return loaded
}

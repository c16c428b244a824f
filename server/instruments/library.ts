import fs from 'node:fs'
import path from 'node:path'
import { checkLibrary, type Defect, type VersionsLock } from './check'
import { readDomains, type Domain } from './domains'
import { readStandards, standardsDefects, type Standards } from './standards'
import { readSurveyLibrary, SurveyFileError, type SurveyFile } from './survey-files'

export const LOCK_FILE = 'versions.lock.json'

export interface Library {
  files: SurveyFile[]
  domains: Domain[]
  lock: VersionsLock
  /** surveys/standards.json: what versions from 2 on are held to; null where the library has none. */
  standards: Standards | null
  defects: Defect[]
}

export function readLock(dir: string): VersionsLock {
  const file = path.join(dir, LOCK_FILE)
  if (!fs.existsSync(file)) return {}
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as VersionsLock
  } catch (error) {
    throw new SurveyFileError(path.relative(process.cwd(), file), `is not valid JSON (${(error as Error).message})`)
  }
}

/** Reads and checks the whole instrument library (the same checks as npm run surveys:check). */
export function readLibrary(dir: string): Library {
  const files = readSurveyLibrary(dir)
  const domains = readDomains(dir)
  const lock = readLock(dir)
  const standards = readStandards(dir)
  return { files, domains, lock, standards, defects: [...checkLibrary(files, domains, lock), ...(standards ? standardsDefects(files, standards) : [])] }
}

export function formatDefect(defect: Defect): string {
  return `${defect.file}${defect.pointer ? `#${defect.pointer}` : ''}: ${defect.message}`
}

/** The library as the server may load it: a defect stops the start, naming the first one. */
export function readCheckedLibrary(dir: string): Library {
  const library = readLibrary(dir)
  if (library.defects.length > 0) {
    const [first] = library.defects
    const more = library.defects.length > 1 ? ` (and ${library.defects.length - 1} more; run npm run surveys:check)` : ''
    throw new SurveyFileError(first.file, `${first.pointer ? `#${first.pointer}: ` : ''}${first.message}${more}`)
  }
  return library
}

import fs from 'node:fs'
import path from 'node:path'
import { ROLES } from '../vocabulary/roles'
import { LOCALES, registerAnaProperties, type AnaSurveyMeta } from './ana'
import { contentHash } from './content-hash'

export interface SurveyFile {
  file: string
  slug: string
  version: number
  meta: AnaSurveyMeta
  definition: Record<string, unknown>
  hash: string
}

export class SurveyFileError extends Error {
  constructor(readonly file: string, problem: string) {
    super(`${file}: ${problem}`)
    this.name = 'SurveyFileError'
  }
}

const VERSION_FILE = /^([1-9][0-9]*)\.json$/

/** Reads one definition file, failing with the file and a sentence when it cannot be used at all. */
export function readSurveyFile(file: string, relativeTo: string = process.cwd()): SurveyFile {
  registerAnaProperties()
  const shown = path.relative(relativeTo, file) || file
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (error) {
    throw new SurveyFileError(shown, `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}); check the file exists and is readable`)
  }
  let definition: Record<string, unknown>
  try {
    definition = JSON.parse(text)
  } catch (error) {
    throw new SurveyFileError(shown, `is not valid JSON (${(error as Error).message}); fix the syntax or restore the file from git`)
  }
  if (definition === null || typeof definition !== 'object' || Array.isArray(definition)) {
    throw new SurveyFileError(shown, 'must hold a JSON object (a SurveyJS definition)')
  }
  const slug = path.basename(path.dirname(file))
  const version = Number(VERSION_FILE.exec(path.basename(file))?.[1])
  const meta = definition.ana as AnaSurveyMeta | undefined
  if (!meta || typeof meta !== 'object') throw new SurveyFileError(shown, 'has no "ana" block (slug, version, role, status, translations)')
  if (meta.slug !== slug) throw new SurveyFileError(shown, `says slug "${meta.slug}" but lives in folder "${slug}"; they must match`)
  if (meta.version !== version) throw new SurveyFileError(shown, `says version ${meta.version} but is named ${path.basename(file)}; they must match`)
  if (!ROLES.includes(meta.role)) throw new SurveyFileError(shown, `has role "${meta.role}"; use one of ${ROLES.join(', ')}`)
  if (meta.status !== 'draft' && meta.status !== 'published') throw new SurveyFileError(shown, `has status "${meta.status}"; use draft or published`)
  const translations = meta.translations ?? {}
  for (const locale of Object.keys(translations)) {
    if (!(LOCALES as readonly string[]).includes(locale)) throw new SurveyFileError(shown, `lists unknown language "${locale}" in ana.translations`)
  }
  return { file: shown, slug, version, meta, definition, hash: contentHash(definition) }
}

/** Every surveys/<slug>/<n>.json, ordered by slug and version. */
export function listSurveyFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) throw new SurveyFileError(dir, 'does not exist; set SURVEYS_DIR to the folder of instrument definitions')
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      fs
        .readdirSync(path.join(dir, d.name))
        .filter((f) => VERSION_FILE.test(f))
        .sort((a, b) => parseInt(a) - parseInt(b))
        .map((f) => path.join(dir, d.name, f)),
    )
    .sort()
}

export function readSurveyLibrary(dir: string): SurveyFile[] {
  return listSurveyFiles(dir).map((file) => readSurveyFile(file))
}

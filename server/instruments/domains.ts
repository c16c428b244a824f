import fs from 'node:fs'
import path from 'node:path'
import { SurveyFileError } from './survey-files'

export interface Domain {
  id: string
  pillar: 'ISS' | 'ELT' | 'FCE' | 'CLP'
  roles: string[]
  label: Record<string, string>
  description: Record<string, string>
}

/** The domain taxonomy (surveys/domains.json), in its display order. */
export function readDomains(surveysDir: string): Domain[] {
  const file = path.join(surveysDir, 'domains.json')
  let parsed: { domains?: Domain[] }
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch (error) {
    throw new SurveyFileError(path.relative(process.cwd(), file), `cannot be read as JSON (${(error as Error).message})`)
  }
  if (!Array.isArray(parsed.domains) || parsed.domains.length === 0) {
    throw new SurveyFileError(path.relative(process.cwd(), file), 'must hold { "domains": [ … ] }')
  }
  return parsed.domains
}

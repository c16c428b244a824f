// npm run surveys:check — checks every definition in surveys/ (or SURVEYS_DIR). With --lock, records the content
// hash of published versions not yet in versions.lock.json (it never changes an existing entry).
import fs from 'node:fs'
import path from 'node:path'
import { formatDefect, LOCK_FILE, readLibrary } from '../server/instruments/library'

const dir = path.resolve(process.env.SURVEYS_DIR ?? 'surveys')
try {
  const library = readLibrary(dir)
  if (process.argv.includes('--lock')) {
    const lock = { ...library.lock }
    const added: string[] = []
    for (const file of library.files) {
      const key = `${file.slug}/${file.version}`
      if (file.meta.status === 'published' && !(key in lock)) {
        lock[key] = file.hash
        added.push(key)
      }
    }
    const sorted = Object.fromEntries(Object.entries(lock).sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true })))
    fs.writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify(sorted, null, 2) + '\n')
    console.log(added.length ? `Locked ${added.join(', ')}.` : 'Every published version was already locked.')
  }
  const defects = process.argv.includes('--lock') ? readLibrary(dir).defects : library.defects
  for (const defect of defects) console.error(formatDefect(defect))
  const versions = library.files.length
  const instruments = new Set(library.files.map((f) => f.slug)).size
  if (defects.length > 0) {
    console.error(`\nsurveys:check: ${defects.length} defect(s) in ${versions} version(s) of ${instruments} instrument(s).`)
    process.exitCode = 1
  } else {
    console.log(`surveys:check: ${versions} version(s) of ${instruments} instrument(s), no defects.`)
  }
} catch (error) {
  console.error(`surveys:check: ${(error as Error).message}`)
  process.exitCode = 1
}

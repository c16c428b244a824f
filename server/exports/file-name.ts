import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import { dayIn } from '../time-zone'

/** Lower case, letters and digits of any script kept, everything else one hyphen: "2026–27 Needs & Assets" → "2026-27-needs-assets". */
export function fileNamePart(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .normalize('NFC')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'unnamed'
  )
}

/**
 * Every export is named the same way, so a folder of downloads sorts and reads: the district, the administration,
 * what it holds, the day it was taken (`alder-unified_2026-27-needs-and-assets_district-comparison_2026-12-07`).
 * The extension is added by sendTable.
 */
export async function exportFileName(
  db: Kysely<Database>,
  options: { districtName: string; timeZone: string },
  administrationId: number,
  what: string,
): Promise<string> {
  const administration = await db.selectFrom('administrations').select('name').where('id', '=', administrationId).executeTakeFirst()
  const parts = [options.districtName, administration?.name ?? `administration-${administrationId}`, what].map(fileNamePart)
  return [...parts, dayIn(new Date(), options.timeZone)].join('_')
}

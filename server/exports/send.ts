import type { FastifyReply } from 'fastify'
import { toCsv, toXlsx, type Csv, type Table } from './tables'

/**
 * An export is a download that no cache keeps. Its name as given (letters of any script: a school's name in Korean
 * stays Korean) in `filename*`, and in letters a-z for the few clients that read only `filename`.
 */
function attachment(reply: FastifyReply, filename: string): FastifyReply {
  const ascii = filename.normalize('NFKD').replace(/[^A-Za-z0-9._-]+/g, '-')
  return reply.header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`).header('cache-control', 'no-store')
}

/** A CSV written by toCsv (the partners file and its template keep their own columns and no byte-order mark). */
export function sendCsv(reply: FastifyReply, filename: string, body: Csv) {
  return attachment(reply, filename).type('text/csv; charset=utf-8').send(body)
}

/** A script or other text file (an R script for an export), as a download. */
export function sendText(reply: FastifyReply, filename: string, body: string) {
  return attachment(reply, filename).type('text/plain; charset=utf-8').send(body)
}

/** A workbook made elsewhere (an XLSForm), as a download. */
export function sendXlsx(reply: FastifyReply, filename: string, body: Buffer) {
  return attachment(reply, filename).type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(body)
}

/** A table as CSV or XLSX, named `<filename>.<format>` with anything but letters, digits and ._- made a hyphen. */
export async function sendTable(reply: FastifyReply, table: Table, format: 'csv' | 'xlsx', filename: string) {
  const safe = filename.replace(/[^\p{L}\p{N}._-]+/gu, '-')
  if (format === 'csv') return sendCsv(reply, `${safe}.csv`, toCsv(table))
  return sendXlsx(reply, `${safe}.xlsx`, await toXlsx(table))
}

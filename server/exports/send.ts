import type { FastifyReply } from 'fastify'
import { toCsv, toXlsx, type Csv, type Table } from './tables'

/** An export is a download that no cache keeps. */
function attachment(reply: FastifyReply, filename: string): FastifyReply {
  return reply.header('content-disposition', `attachment; filename="${filename}"`).header('cache-control', 'no-store')
}

/** A CSV written by toCsv (the partners file and its template keep their own columns and no byte-order mark). */
export function sendCsv(reply: FastifyReply, filename: string, body: Csv) {
  return attachment(reply, filename).type('text/csv; charset=utf-8').send(body)
}

/** A table as CSV or XLSX, named `<filename>.<format>` with anything but letters, digits and ._- made a hyphen. */
export async function sendTable(reply: FastifyReply, table: Table, format: 'csv' | 'xlsx', filename: string) {
  const safe = filename.replace(/[^A-Za-z0-9._-]+/g, '-')
  if (format === 'csv') return sendCsv(reply, `${safe}.csv`, toCsv(table))
  return attachment(reply, `${safe}.xlsx`).type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await toXlsx(table))
}

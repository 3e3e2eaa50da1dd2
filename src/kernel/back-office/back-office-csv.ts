import type { FastifyReply } from 'fastify';

export type CsvCell = string | number | boolean | null | undefined;

/** Cells a spreadsheet would run as a formula (OWASP "CSV injection"): = + - @, and tab / CR that some apps strip first. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One RFC 4180 field: text cells that a spreadsheet would read as a formula get a leading `'`; a field with a
 * comma, quote, CR or LF is quoted, its quotes doubled. Numbers and booleans are written as they are (a number
 * is never a formula, and `-5` must stay a number).
 */
export function csvField(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole CSV document: header and rows, CRLF line breaks (RFC 4180 §2), ending with a line break. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** Sends a CSV download: `text/csv; charset=utf-8`, as an attachment under `filename` (ASCII only). */
export function sendCsv(reply: FastifyReply, filename: string, header: readonly string[], rows: readonly (readonly CsvCell[])[]): FastifyReply {
  const safeName = filename.replace(/[^A-Za-z0-9._-]/g, '_');
  return reply
    .status(200)
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${safeName}"`)
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .send(toCsv(header, rows));
}

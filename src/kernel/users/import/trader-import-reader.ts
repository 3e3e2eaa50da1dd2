import { parse as parseCsv } from 'csv-parse';
import { createInterface } from 'node:readline';
import { Readable, Transform } from 'node:stream';
import { IMPORT_FIELDS } from './trader-import-record';

export type ImportFormat = 'csv' | 'jsonl';

export interface ImportLimits {
  maxLines: number;
  maxBytes: number;
  maxLineLength: number;
}

/** One line (record) of the file: its fields, or why it could not even be read. `line` is the file's line number. */
export type ImportLine = { line: number; fields: Record<string, unknown> } | { line: number; error: string };

/** The file as a whole cannot be read on (bad CSV header, over a limit): lines before it were handled, none after. */
export class ImportFileError extends Error {}

/**
 * Streams an import file line by line — never the whole file in memory — counting bytes and lines against the
 * configured limits. CSV through csv-parse (quoted fields, BOM, a header naming the columns); JSONL one JSON object a
 * line. A line that cannot be parsed is reported and skipped; the header and the limits stop the file.
 */
export async function* readImportFile(input: Readable, format: ImportFormat, limits: ImportLimits): AsyncGenerator<ImportLine> {
  const counted = input.pipe(byteLimit(limits.maxBytes));
  input.on('error', (e) => counted.destroy(e));
  const lines = format === 'csv' ? csvLines(counted, limits) : jsonLines(counted, limits);
  let n = 0;
  for await (const line of lines) {
    if (++n > limits.maxLines) throw new ImportFileError(`more than ${limits.maxLines} lines (config userImport.maxLines); stopped before line ${line.line}`);
    yield line;
  }
}

function byteLimit(max: number): Transform {
  let total = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      total += chunk.length;
      if (total > max) done(new ImportFileError(`the file is larger than ${max} bytes (config userImport.maxBytes)`));
      else done(null, chunk);
    },
  });
}

async function* jsonLines(input: Readable, limits: ImportLimits): AsyncGenerator<ImportLine> {
  const reader = createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const text of reader) {
      line++;
      if (text.trim() === '') continue;
      if (text.length > limits.maxLineLength) {
        yield { line, error: `line longer than ${limits.maxLineLength} characters` };
        continue;
      }
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        yield { line, error: 'not valid JSON' };
        continue;
      }
      if (!value || typeof value !== 'object' || Array.isArray(value)) yield { line, error: 'expected one JSON object' };
      else yield { line, fields: value as Record<string, unknown> };
    }
  } finally {
    reader.close();
  }
}

async function* csvLines(input: Readable, limits: ImportLimits): AsyncGenerator<ImportLine> {
  const skipped: ImportLine[] = [];
  const parser = input.pipe(
    parseCsv({
      bom: true,
      columns: (header: string[]) => {
        const names = header.map((h) => h.trim());
        const unknown = names.filter((h) => !(IMPORT_FIELDS as readonly string[]).includes(h));
        if (unknown.length)
          throw new ImportFileError(`unknown CSV column(s): ${unknown.slice(0, 5).join(', ').slice(0, 200)}; known: ${IMPORT_FIELDS.join(', ')}`);
        if (new Set(names).size !== names.length) throw new ImportFileError('a CSV column appears twice');
        if (!names.includes('email')) throw new ImportFileError('the CSV header has no email column');
        return names;
      },
      skip_empty_lines: true,
      info: true,
      max_record_size: limits.maxLineLength,
      // A malformed record (wrong column count, a broken quote) is reported as that line's error, not the file's.
      skip_records_with_error: true,
      on_skip: (err) => {
        if (err) skipped.push({ line: Number(err.lines), error: err.message.replace(/^Invalid Record Length: /, 'wrong number of fields: ').slice(0, 200) });
        return undefined;
      },
    }),
  );
  input.on('error', (e) => parser.destroy(e));
  try {
    for await (const item of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      // The parser may report a later bad record before handing over this one: the report stays in file order.
      while (skipped.length && skipped[0].line < item.info.lines) yield skipped.shift()!;
      yield { line: item.info.lines, fields: withoutEmpty(item.record) };
    }
  } catch (e) {
    if (e instanceof ImportFileError) throw e;
    const code = (e as { code?: string }).code;
    if (code === 'CSV_MAX_RECORD_SIZE') throw new ImportFileError(`a line is longer than ${limits.maxLineLength} characters (config userImport.maxLineLength)`);
    throw new ImportFileError(`the CSV cannot be read on: ${(e as Error).message.slice(0, 200)}`);
  }
  while (skipped.length) yield skipped.shift()!;
}

/** CSV has no "absent": an empty cell is one. */
function withoutEmpty(record: Record<string, string>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== ''));
}

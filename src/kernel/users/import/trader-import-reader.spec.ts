import { Readable } from 'node:stream';
import { ImportLine, readImportFile } from './trader-import-reader';

const limits = { maxLines: 100, maxBytes: 1_000_000, maxLineLength: 1000 };
async function read(text: string, format: 'csv' | 'jsonl', l = limits): Promise<ImportLine[]> {
  const out: ImportLine[] = [];
  for await (const line of readImportFile(Readable.from([Buffer.from(text)]), format, l)) out.push(line);
  return out;
}

describe('readImportFile', () => {
  it('JSONL: one object a line, blank lines skipped, bad lines reported with their number', async () => {
    expect(await read('{"email":"a@b.cd"}\n\n[1]\n{bad\n', 'jsonl')).toEqual([
      { line: 1, fields: { email: 'a@b.cd' } },
      { line: 3, error: 'expected one JSON object' },
      { line: 4, error: 'not valid JSON' },
    ]);
  });

  it('CSV: header, quotes, a short record reported alone', async () => {
    const lines = await read('email,firstName\r\n"a@b.cd","A, B"\r\nx\r\nc@d.ef,C\r\n', 'csv');
    expect(lines[0]).toEqual({ line: 2, fields: { email: 'a@b.cd', firstName: 'A, B' } });
    expect(lines[1]).toMatchObject({ line: 3, error: expect.any(String) });
    expect(lines[2]).toEqual({ line: 4, fields: { email: 'c@d.ef', firstName: 'C' } });
  });

  it('stops at the line and byte limits, and at an unknown CSV column', async () => {
    await expect(read('{"a":1}\n{"a":2}\n{"a":3}\n', 'jsonl', { ...limits, maxLines: 2 })).rejects.toThrow('more than 2 lines');
    await expect(read(`${'{"a":1}\n'.repeat(200)}`, 'jsonl', { ...limits, maxBytes: 1024 })).rejects.toThrow('larger than 1024 bytes');
    await expect(read('email,password\nx,y\n', 'csv')).rejects.toThrow('unknown CSV column(s): password');
  });
});

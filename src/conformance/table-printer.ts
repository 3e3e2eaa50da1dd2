import { CheckResult } from './check-result';

const LABEL = { passed: 'PASS', failed: 'FAIL', manual: 'MANUAL', not_applicable: 'N/A' } as const;

/** A plain-text table (ID, title, result, evidence) that reads in a terminal and in a CI log alike. */
export function formatTable(results: readonly CheckResult[], width = 160): string {
  const idW = Math.max(2, ...results.map((r) => r.id.length));
  const titleW = Math.min(48, Math.max(5, ...results.map((r) => r.title.length + (r.mandatory ? 0 : 11))));
  const resW = 6;
  const evW = Math.max(30, width - idW - titleW - resW - 9);
  const line = (id: string, title: string, res: string, ev: string) => `${id.padEnd(idW)} | ${title.padEnd(titleW)} | ${res.padEnd(resW)} | ${ev}`;
  const out = [
    line('ID', 'Title', 'Result', 'Evidence'),
    `${'-'.repeat(idW)}-+-${'-'.repeat(titleW)}-+-${'-'.repeat(resW)}-+-${'-'.repeat(Math.min(evW, 40))}`,
  ];
  for (const r of results) {
    const title = `${r.title}${r.mandatory ? '' : ' (optional)'}`;
    const titleLines = wrap(title, titleW);
    const evLines = wrap(r.evidence, evW);
    const n = Math.max(titleLines.length, evLines.length);
    for (let i = 0; i < n; i++) {
      out.push(line(i ? '' : r.id, titleLines[i] ?? '', i ? '' : LABEL[r.outcome], evLines[i] ?? '').trimEnd());
    }
  }
  return out.join('\n');
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (let word of text.split(/\s+/)) {
    // A word longer than the column (a URL) is cut into column-wide pieces.
    while (word.length > width) {
      if (current) lines.push(current);
      current = '';
      lines.push(word.slice(0, width));
      word = word.slice(width);
    }
    if (current && current.length + 1 + word.length > width) {
      lines.push(current);
      current = '';
    }
    current = current ? (word ? `${current} ${word}` : current) : word;
  }
  if (current) lines.push(current);
  return lines.length ? lines : [''];
}

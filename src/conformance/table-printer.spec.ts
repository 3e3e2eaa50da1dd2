import { CheckResult, summarize, summaryLine } from './check-result';
import { formatTable } from './table-printer';

describe('formatTable and the summary line', () => {
  const rows: CheckResult[] = [
    { id: '6.1.1', title: '4.1', mandatory: true, outcome: 'passed', evidence: 'right: 200; wrong: 403', durationMs: 1 },
    { id: '6.2.4', title: 'theme', mandatory: false, outcome: 'failed', evidence: `x ${'y'.repeat(200)} z`, durationMs: 1 },
    { id: '6.1.7', title: 'expiry', mandatory: true, outcome: 'manual', evidence: 'needs a wait', durationMs: 1 },
    { id: '6.1.8', title: 'http', mandatory: true, outcome: 'not_applicable', evidence: 'plain HTTP', durationMs: 1 },
  ];

  it('prints every row with its result, marks optional checks, wraps long evidence without losing words', () => {
    const table = formatTable(rows, 100);
    expect(table).toMatch(/^ID\s+\| Title\s+\| Result \| Evidence/);
    expect(table).toMatch(/6\.1\.1 \| 4\.1\s+\| PASS\s+\| right: 200; wrong: 403/);
    expect(table).toContain('theme (optional)');
    expect(table).toMatch(/\| FAIL\s+\| x$/m);
    expect(table).toMatch(/ z$/m);
    expect(table.replace(/[\s|]/g, '')).toContain('y'.repeat(200).slice(0, 40));
    expect(table).toContain('MANUAL');
    expect(table).toContain('N/A');
    for (const line of table.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('ends with the counts', () => {
    expect(summaryLine(summarize(rows))).toBe('conformance: 1 passed, 1 failed, 1 manual, 1 not applicable');
  });
});

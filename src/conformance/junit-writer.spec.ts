import { CheckResult } from './check-result';
import { escapeXml, toJunitXml } from './junit-writer';

const row = (id: string, outcome: CheckResult['outcome'], evidence: string): CheckResult => ({
  id,
  title: `check ${id}`,
  mandatory: true,
  outcome,
  evidence,
  durationMs: 1500,
});

describe('toJunitXml', () => {
  it('maps outcomes to testcases: failure, skipped (manual / not applicable), passed with evidence', () => {
    const xml = toJunitXml([
      row('6.1.1', 'passed', 'ok'),
      row('6.1.2', 'failed', 'got 401 <not 403> & "more"'),
      row('6.1.7', 'manual', 'wait'),
      row('6.1.8', 'not_applicable', 'http'),
    ]);
    expect(xml).toContain('tests="4" failures="1" errors="0" skipped="2"');
    expect(xml).toContain('<failure message="got 401 &lt;not 403&gt; &amp; &quot;more&quot;"/>');
    expect(xml).toContain('<skipped message="manual: wait"/>');
    expect(xml).toContain('<skipped message="not applicable: http"/>');
    expect(xml).toContain('time="1.500"');
  });

  it('drops characters XML 1.0 forbids', () => {
    expect(escapeXml('a\u0001b\u001fc\td')).toBe('abc\td');
  });
});

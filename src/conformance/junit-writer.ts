import { CheckResult } from './check-result';

/**
 * JUnit XML for CI dashboards. Written by hand rather than with a package: the format needed here is five
 * elements and one escape function, the kit must not add a dependency to the product (the project forbids
 * new packages without review), and the known JUnit writers are test-runner reporters, not libraries.
 * Manual and not-applicable checks are `<skipped>` with the reason, the closest JUnit has.
 */
export function toJunitXml(results: readonly CheckResult[], suiteName = 'cTrader conformance'): string {
  const failures = results.filter((r) => r.outcome === 'failed').length;
  const skipped = results.filter((r) => r.outcome === 'manual' || r.outcome === 'not_applicable').length;
  const time = (ms: number) => (ms / 1000).toFixed(3);
  const total = results.reduce((s, r) => s + r.durationMs, 0);
  const cases = results.map((r) => {
    const name = escapeXml(`${r.id} ${r.title}${r.mandatory ? '' : ' (optional)'}`);
    const open = `    <testcase classname="conformance.${escapeXml(r.id.split('/')[0])}" name="${name}" time="${time(r.durationMs)}"`;
    if (r.outcome === 'passed') return `${open}>\n      <system-out>${escapeXml(r.evidence)}</system-out>\n    </testcase>`;
    if (r.outcome === 'failed') return `${open}>\n      <failure message="${escapeXml(r.evidence)}"/>\n    </testcase>`;
    return `${open}>\n      <skipped message="${r.outcome === 'manual' ? 'manual' : 'not applicable'}: ${escapeXml(r.evidence)}"/>\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXml(suiteName)}" tests="${results.length}" failures="${failures}" skipped="${skipped}" time="${time(total)}">`,
    `  <testsuite name="${escapeXml(suiteName)}" tests="${results.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${time(total)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

export function escapeXml(text: string): string {
  // Characters XML 1.0 forbids are dropped; the five specials are escaped.
  /* eslint-disable no-control-regex */
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
    .replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
  /* eslint-enable no-control-regex */
}

/** JUnit XML for CI systems (`stepscope test --junit`): one testsuite per test file, one testcase per case. */

export interface JunitCase {
  name: string;
  classname: string;
  failure?: { message: string; text: string };
  /** The case could not run (a bad test file). */
  error?: string;
}

export interface JunitSuite {
  name: string;
  cases: JunitCase[];
}

/** XML-escapes text for an attribute or element; characters XML 1.0 cannot hold are dropped. */
export function xmlEscape(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export function junitXml(suites: readonly JunitSuite[]): string {
  const count = (s: readonly JunitCase[], f: (c: JunitCase) => boolean) => s.filter(f).length;
  const all = suites.flatMap((s) => s.cases);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="stepscope" tests="${all.length}" failures="${count(all, (c) => c.failure !== undefined)}" errors="${count(all, (c) => c.error !== undefined)}">`,
  ];
  for (const suite of suites) {
    lines.push(
      `  <testsuite name="${xmlEscape(suite.name)}" tests="${suite.cases.length}" failures="${count(suite.cases, (c) => c.failure !== undefined)}" errors="${count(suite.cases, (c) => c.error !== undefined)}">`,
    );
    for (const c of suite.cases) {
      const open = `    <testcase name="${xmlEscape(c.name)}" classname="${xmlEscape(c.classname)}"`;
      if (c.failure) {
        lines.push(`${open}>`, `      <failure message="${xmlEscape(c.failure.message)}">${xmlEscape(c.failure.text)}</failure>`, '    </testcase>');
      } else if (c.error !== undefined) {
        lines.push(`${open}>`, `      <error message="${xmlEscape(c.error.split('\n')[0])}">${xmlEscape(c.error)}</error>`, '    </testcase>');
      } else lines.push(`${open}/>`);
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

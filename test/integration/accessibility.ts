// axe-core (the npm package, a test-only dependency: it is never bundled into the extension) run
// inside one of our webview pages in the test host: the page's document is checked as the browser
// renders it, with the theme's real colours, for WCAG 2.1 A/AA and axe's best practices.
import { readFileSync } from 'node:fs';
import { evalInWebview } from './env';

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: number;
  /** Up to three of the elements, as CSS selectors. */
  targets: string[];
}

let axeSource: string | undefined;

function source(): string {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  return axeSource;
}

/** The violations axe finds in the webview frame that contains `marker`. */
export async function axeViolations(marker: string): Promise<AxeViolation[]> {
  const script = `
    if (!window.axe) { ${source()} }
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      nodes: v.nodes.length,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));`;
  return evalInWebview<AxeViolation[]>(script, marker, 30_000);
}

/** The violations that count as failures: serious and critical ones. */
export function seriousOrCritical(violations: AxeViolation[]): AxeViolation[] {
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

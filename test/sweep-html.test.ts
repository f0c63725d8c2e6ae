import { describe, expect, it } from 'vitest';
import { Evaluator } from '../src/evaluator.js';
import { renderHtmlReport } from '../src/report-html/index.js';

/** A page of a small evaluation, with or without the sweep option. */
function page(withSweep: boolean): string {
  const evaluator = new Evaluator({
    numClasses: 3,
    classNames: ['background', 'curve-1', 'curve-2'],
    ...(withSweep ? { sweep: { thresholds: [0.25, 0.5, 0.75] } } : {}),
  });
  const truth = Uint8Array.of(0, 1, 2, 0, 1, 2, 0, 0);
  const probs = Float32Array.of(
    0.1,
    0.9,
    0.3,
    0.2,
    0.6,
    0.1,
    0.8,
    0.1,
    0.1,
    0.2,
    0.7,
    0.1,
    0.1,
    0.3,
    0.2,
    0.4,
  );
  evaluator.addScores(truth, probs, { width: 4, layout: 'chw', threshold: 0.5 });
  return renderHtmlReport({
    title: 'sweep',
    generatedAt: '2026-01-01T00:00:00Z',
    backend: 'ts',
    report: evaluator.report().toJSON(),
    images: [],
    worst: [],
  });
}

describe('HTML report: precision–recall section', () => {
  it('draws a PR curve per scored class with the ODS point and AP, only with a sweep', () => {
    const html = page(true);
    expect(html).toContain('<section id="pr"');
    expect(html).toContain('href="#pr"');
    expect(html.match(/<figure class="sweep"><h3>curve-[12]<\/h3>/g)).toHaveLength(2);
    expect(html).toMatch(/aria-label="curve-1: precision against recall over 3 thresholds"/);
    expect(html).toMatch(/<title>ODS: F [0-9.]+ at threshold 0\.\d+/);
    expect(html).toMatch(/<figcaption>AP [0-9.]+ · ODS F/);
    const plain = page(false);
    expect(plain).not.toContain('id="pr"');
    expect(plain).not.toContain('Precision–recall');
  });
});

import { describe, expect, it } from 'vitest';
import { type ConfusionReport, confusionReport } from '../src/confusion-report.js';
import { confusionCsv } from '../src/format/confusion-csv.js';
import { MAX_TERMINAL_CLASSES, SWAP_MARK, confusionTable } from '../src/format/confusion-table.js';
import { PARTIAL_MARK, ciLabel, intervalText } from '../src/format/intervals.js';
import { formatReport } from '../src/format/text-report.js';
import { Evaluator, bootstrapReport } from '../src/index.js';

// The confusion matrix as terminal text and as CSV, on hand-made matrices.

/** A report of the confusion `counts` (rows truth) with `voidPredicted`. */
function confusion(counts: number[][], voidPredicted?: number[]): ConfusionReport {
  const k = counts.length;
  return confusionReport({
    numClasses: k,
    matrix: Float64Array.from(counts.flat()),
    voidPredicted: Float64Array.from(voidPredicted ?? new Array<number>(k).fill(0)),
    ignored: 0,
  });
}

const CLASSES = [
  { name: 'background', background: true },
  { name: 'curve-1', background: false },
  { name: 'curve-2', background: false },
];
// curve-1 → curve-2 holds 40 pixels: a swap; curve-2 → curve-1 holds none.
const COUNTS = [
  [900, 5, 5],
  [10, 50, 40],
  [0, 0, 100],
];
const plain = (text: string) => text;
const marked = (text: string) => `<${text}>`;

/** The cells of a laid-out row (two or more spaces between columns). */
const cells = (line: string) => line.trim().split(/ {2,}/);

describe('confusionTable', () => {
  const lines = confusionTable(CLASSES, confusion(COUNTS), plain);

  it('has per truth class a line of counts and one of shares of its row', () => {
    const curve1 = lines.findIndex((l) => l.startsWith('1 curve-1'));
    expect(cells(lines[curve1]!)).toEqual(['1 curve-1', '10', '50', `40${SWAP_MARK}`]);
    expect(cells(lines[curve1 + 1]!)).toEqual(['10.0%', '50.0%', `40.0%${SWAP_MARK}`]);
    expect(cells(lines.find((l) => l.startsWith('0 background (bg)'))!)).toEqual([
      '0 background (bg)',
      '900',
      '5',
      '5',
    ]);
    expect(lines[0]).toMatch(/rows: truth, columns: prediction/);
  });

  it('marks exactly the off-diagonal cells between two signal classes, and says what it means', () => {
    const marks = lines.filter((l) => l.includes(SWAP_MARK) && !l.startsWith(SWAP_MARK));
    // curve-1 → curve-2 and curve-2 → curve-1, each on its count line and its share line.
    expect(marks).toHaveLength(4);
    expect(lines.at(-1)).toBe(
      `${SWAP_MARK} a signal class predicted as another signal class (swapped identities)`,
    );
    // Background ↔ signal cells and the diagonal carry no mark.
    expect(lines.find((l) => l.startsWith('0 background'))).not.toContain(SWAP_MARK);
  });

  it('colours the marked cells that hold pixels, without moving any column', () => {
    const loud = confusionTable(CLASSES, confusion(COUNTS), marked);
    expect(loud.join('\n')).toContain(`<40${SWAP_MARK}>`);
    expect(loud.join('\n')).toContain(`<40.0%${SWAP_MARK}>`);
    // curve-2 → curve-1 is marked but empty: not coloured.
    expect(loud.join('\n')).not.toContain(`<0${SWAP_MARK}>`);
    expect(loud.map((l) => l.replaceAll(/[<>]/g, ''))).toEqual(lines);
  });

  it('has no legend with fewer than two signal classes, and no marks', () => {
    const one = confusionTable(
      CLASSES.slice(0, 2),
      confusion([
        [9, 1],
        [2, 8],
      ]),
      plain,
    );
    expect(one.join('\n')).not.toContain(SWAP_MARK);
  });

  it('adds a void column when truth pixels were predicted as the ignore label', () => {
    const withVoid = confusionTable(CLASSES, confusion(COUNTS, [0, 100, 0]), plain);
    expect(withVoid[1]).toMatch(/ void$/);
    const curve1 = withVoid.findIndex((l) => l.startsWith('1 curve-1'));
    expect(cells(withVoid[curve1]!).at(-1)).toBe('100');
    // The row's shares count its void pixels: 40 of 200.
    expect(cells(withVoid[curve1 + 1]!)).toEqual(['5.0%', '25.0%', `20.0%${SWAP_MARK}`, '50.0%']);
  });

  it('shows a class without truth as - shares', () => {
    const empty = confusionTable(CLASSES, confusion([COUNTS[0]!, [0, 0, 0], COUNTS[2]!]), plain);
    const curve1 = empty.findIndex((l) => l.startsWith('1 curve-1'));
    expect(cells(empty[curve1 + 1]!)).toEqual(['-', '-', `-${SWAP_MARK}`]);
  });

  it('heads the columns by index when the names would pass 100 columns', () => {
    const long = CLASSES.map((c, i) => ({
      ...c,
      name: `${'a-very-long-class-name-'.repeat(2)}${i}`,
    }));
    const table = confusionTable(long, confusion(COUNTS), plain);
    expect(cells(table[1]!)).toEqual(['truth \\ pred', '0', '1', '2']);
    expect(Math.max(...table.slice(1, -1).map((l) => l.length))).toBeLessThanOrEqual(100);
  });

  it(`is one line above ${MAX_TERMINAL_CLASSES} classes, pointing at the JSON and the CSV`, () => {
    const k = MAX_TERMINAL_CLASSES + 1;
    const many = Array.from({ length: k }, (_, i) => ({ name: `c${i}`, background: i === 0 }));
    const counts = Array.from({ length: k }, (_, t) =>
      Array.from({ length: k }, (_, p) => (t === p ? 1 : 0)),
    );
    expect(confusionTable(many, confusion(counts), plain)).toEqual([
      `confusion matrix: ${k} classes, more than the ${MAX_TERMINAL_CLASSES} shown here; it is ` +
        'in the JSON (confusion) and the confusion CSV',
    ]);
    // Exactly the limit is still drawn.
    const twenty = confusionTable(
      many.slice(1),
      confusion(counts.slice(1).map((r) => r.slice(1))),
      plain,
    );
    expect(twenty.length).toBeGreaterThan(2 * MAX_TERMINAL_CLASSES);
  });
});

describe('confusionCsv', () => {
  const names = CLASSES.map((c) => c.name);

  it('has one row per (truth, prediction) cell with both shares', () => {
    const lines = confusionCsv(confusion(COUNTS), names, undefined).trimEnd().split('\n');
    expect(lines[0]).toBe('truth_index,truth,pred_index,pred,count,share_of_truth,share_of_pred');
    expect(lines).toHaveLength(1 + 9);
    expect(lines[1 + 3 + 2]).toBe(`1,curve-1,2,curve-2,40,0.4,${40 / 145}`);
    expect(lines[1 + 6 + 0]).toBe('2,curve-2,0,background,0,0,0');
  });

  it('adds a void row per truth class with an ignore label: the label, its share of the row', () => {
    const lines = confusionCsv(confusion(COUNTS, [0, 100, 0]), names, 255)
      .trimEnd()
      .split('\n');
    expect(lines).toHaveLength(1 + 12);
    expect(lines.filter((l) => l.includes(',void,'))).toEqual([
      '0,background,255,void,0,0,',
      '1,curve-1,255,void,100,0.5,',
      '2,curve-2,255,void,0,0,',
    ]);
  });

  it('leaves undefined shares empty and quotes names that need it', () => {
    const text = confusionCsv(
      confusion([
        [5, 0],
        [0, 0],
      ]),
      ['bg, dark', 'curve "1"'],
      undefined,
    );
    expect(text.split('\n')).toContain('1,"curve ""1""",0,"bg, dark",0,,0');
    expect(text.split('\n')).toContain('0,"bg, dark",1,"curve ""1""",0,0,');
  });
});

describe('interval text', () => {
  it('writes [lo, hi] to three places, marks a partial one, and - when there is none', () => {
    const reading = { estimate: 0.26, interval: [0.2414, 0.28] as [number, number] };
    expect(intervalText({ ...reading, undefinedResamples: 0 })).toBe('[0.241, 0.280]');
    expect(intervalText({ ...reading, undefinedResamples: 3 })).toBe('[0.241, 0.280]+');
    expect(intervalText({ estimate: NaN, interval: null, undefinedResamples: 0 })).toBe('-');
  });

  it('names the level as a percentage', () => {
    expect([0.95, 0.9, 0.999, 0.5].map(ciLabel)).toEqual(['95%', '90%', '99.9%', '50%']);
  });
});

describe('formatReport with intervals', () => {
  // Curve-2 is in one image of ten: the resamples that miss that image leave it undefined.
  const evaluator = new Evaluator({ numClasses: 3, classNames: ['bg', 'curve-1', 'curve-2'] });
  for (let i = 0; i < 10; i++) {
    const truth = new Uint8Array([0, 1, 1, i === 0 ? 2 : 0]);
    const pred = new Uint8Array([0, 1, i % 2 === 0 ? 1 : 0, i === 0 ? 2 : 0]);
    evaluator.add(truth, pred, { id: `img-${i}` });
  }
  const uncertainty = bootstrapReport(evaluator, { resamples: 200, seed: 1 });
  const text = formatReport(evaluator.report(), undefined, { uncertainty });

  it('marks the readings some resamples left undefined, and says what the mark means', () => {
    const curve2 = uncertainty.classes[2]!.iou;
    expect(curve2.undefinedResamples).toBeGreaterThan(0);
    const row = text.split('\n').find((l) => l.startsWith('curve-2') && l.includes('['))!;
    expect(row.trim().split(/ {2,}/)[1]).toBe(intervalText(curve2));
    expect(row).toContain(`]${PARTIAL_MARK}`);
    expect(text).toContain(`${PARTIAL_MARK} undefined in some resamples`);
    // Curve-1 is in every image: always defined, no mark.
    const curve1 = text.split('\n').find((l) => l.startsWith('curve-1') && l.includes('['))!;
    expect(curve1).not.toContain(PARTIAL_MARK);
  });

  it('has no mark and no note when every resample defines every reading', () => {
    const whole = new Evaluator({ numClasses: 2 });
    for (let i = 0; i < 4; i++) {
      whole.add(new Uint8Array([0, 1, 1]), new Uint8Array([0, 1, i % 2]), { id: `w${i}` });
    }
    const u = bootstrapReport(whole, { resamples: 100 });
    expect(formatReport(whole.report(), undefined, { uncertainty: u })).not.toContain(
      'undefined in some resamples',
    );
  });
});

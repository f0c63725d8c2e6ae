import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import type { BootstrapReport } from '../src/bootstrap/index.js';
import type { ReportJSON } from '../src/report.js';
import { renderExhibitSvg } from '../src/report-html/index.js';
import { bufferTerminal } from './helpers/terminal.js';

// `perclass eval --exhibit FILE.svg`: the report's first figure as a standalone SVG for slides,
// at α = 1 (the pixel-weighted headline against the signal reading), written whole like every
// output; '-' is stdout. The HTML report's default title reads truth before pred, as the
// terminal does.

const root = mkdtempSync(join(tmpdir(), 'perclass-exhibit-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const sample = join(root, 'sample');
const folders = ['--truth', join(sample, 'truth'), '--pred', join(sample, 'pred')];

async function run(argv: string[]) {
  const terminal = bufferTerminal();
  const code = await main(argv, terminal);
  return { code, stdout: terminal.stdout(), stderr: terminal.stderr() };
}

beforeAll(async () => {
  const synth = await run([
    'synth',
    '--out',
    sample,
    '--count',
    '2',
    '--width',
    '64',
    '--height',
    '128',
  ]);
  expect(synth.code).toBe(0);
}, 60_000);

describe('perclass eval --exhibit', () => {
  it('writes the exhibit at α = 1 as the report JSON draws it, and the page titled truth vs pred', async () => {
    const out = join(root, 'out');
    const svgPath = join(out, 'exhibit.svg');
    const jsonPath = join(out, 'report.json');
    const htmlPath = join(out, 'report.html');
    const r = await run([
      'eval',
      ...folders,
      '--backend',
      'ts',
      '--exhibit',
      svgPath,
      '--json',
      jsonPath,
      '--html',
      htmlPath,
      '-q',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const svg = readFileSync(svgPath, 'utf8');
    const json = JSON.parse(readFileSync(jsonPath, 'utf8')) as ReportJSON & {
      uncertainty: BootstrapReport;
    };
    const title = `perclass: ${join(sample, 'truth')} vs ${join(sample, 'pred')}`;
    // The same drawing as the library's renderExhibitSvg of the written report, at α = 1, with
    // the JSON's own bootstrap intervals as error bars.
    expect(svg).toBe(renderExhibitSvg(json, { title, uncertainty: json.uncertainty }));
    expect(svg.match(/<g class="ex-ci" data-lo/g)).toHaveLength(json.classes.length);
    expect(svg).toContain(`data-headline="${json.pooled.frequencyWeightedIoU}"`);
    expect(svg.match(/<rect class="ex-bar /g)!.length).toBeGreaterThanOrEqual(3 * 2);
    expect(svg).toContain('class="ex-rule headline"');
    expect(svg).toContain('class="ex-rule signal"');
    expect(readdirSync(out).sort()).toEqual(['exhibit.svg', 'report.html', 'report.json']);
    const html = readFileSync(htmlPath, 'utf8');
    expect(html).toContain(`<title>${title}</title>`);
  }, 60_000);

  it("writes it to stdout with '-', alone there, and takes --title", async () => {
    const r = await run([
      'eval',
      ...folders,
      '--backend',
      'ts',
      '--exhibit',
      '-',
      '--title',
      'Slide 3',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ')).toBe(true);
    expect(r.stdout.trimEnd().endsWith('</svg>')).toBe(true);
    expect(r.stdout).toContain('<title>Slide 3</title>');
    const both = await run(['eval', ...folders, '--exhibit', '-', '--json', '-']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--json and --exhibit both ask for it/);
  }, 60_000);
});

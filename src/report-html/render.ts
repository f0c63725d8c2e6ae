import { escapeHtml, jsonForScript } from './escape.js';
import { readableDate } from './date.js';
import { CONFUSION_STYLES } from './confusion/styles.js';
import { confusionSection } from './confusion/section.js';
import { EXHIBIT_STYLES } from './exhibit/styles.js';
import { exhibitFigure } from './exhibit/figure.js';
import { count } from './format.js';
import { pageHead } from './page-head.js';
import { PAGE_SCRIPT } from './page-script.js';
import { leverClasses, reportView } from './report-view.js';
import { classesSection } from './sections/classes.js';
import { failuresSection } from './sections/failures.js';
import { headlineSection } from './sections/headline.js';
import { imageTable, imagesSection } from './sections/images.js';
import { LEVER_START, leverSection } from './sections/lever.js';
import { sweepSection } from './sections/sweep.js';
import { prCurvesSection } from './sections/pr-curves.js';
import { worstSection } from './sections/worst.js';
import { PAGE_STYLES } from './styles.js';
import type { HtmlReportInput } from './types.js';

/**
 * The report as ONE self-contained HTML page: inline style and script, images as data: URIs, no
 * request of any kind (the Content-Security-Policy forbids every fetch but data: images, and
 * allows only this page's own script, by hash). Every string from the input is escaped.
 */
export function renderHtmlReport(input: HtmlReportInput): string {
  const view = reportView(input.report);
  const table = imageTable(view, input.images);
  const failed = input.files?.failed ?? [];
  const exhibit = exhibitFigure(input.report, LEVER_START, input.uncertainty);
  const confusion = confusionSection(input.report);
  const data = {
    lever: { classes: leverClasses(view.classes), start: LEVER_START },
    exhibit: exhibit.data,
    confusion: confusion.data,
    table,
  };
  const { report } = view;
  const meta = [
    `generated ${readableDate(input.generatedAt)}`,
    `backend ${escapeHtml(input.backend)}`,
    `${count(report.images)} image${report.images === 1 ? '' : 's'}`,
    `${count(report.pixels)} pixels scored`,
    ...(report.ignored > 0 ? [`${count(report.ignored)} ignored`] : []),
    ...(input.files
      ? [`${count(input.files.evaluated)} evaluated, ${count(failed.length)} failed`]
      : []),
  ];
  const toc: [string, string][] = [
    ['headline', 'Honest reading'],
    ['classes', 'Per class'],
    ['confusion', 'Confusion'],
    ['lever-section', 'Lever'],
    ...(view.scored.length > 0 ? [['thin', 'Tolerance'] as [string, string]] : []),
    ...(report.sweep ? [['pr', 'Precision–recall'] as [string, string]] : []),
    ['images-section', 'Per image'],
    ...(input.worst.length > 0 ? [['worst', 'Worst images'] as [string, string]] : []),
    ...(failed.length > 0 ? [['failures', 'Failures'] as [string, string]] : []),
  ];
  return `${pageHead(input.title, PAGE_STYLES + EXHIBIT_STYLES + CONFUSION_STYLES, PAGE_SCRIPT)}
<body>
<header>
<h1>${escapeHtml(input.title)}</h1>
<p class="meta">${meta.map((m) => `<span>${m}</span>`).join('')}</p>
<nav class="toc" aria-label="sections">${toc.map(([id, label]) => `<a href="#${id}">${label}</a>`).join('')}</nav>
</header>
<main>
${headlineSection(view, failed.length, exhibit.html, input.uncertainty)}
${classesSection(view, input.uncertainty)}
${confusion.html}
${leverSection(view)}
${sweepSection(view)}
${prCurvesSection(report)}
${imagesSection(table)}
${worstSection(input.worst)}
${failuresSection(failed)}
</main>
<footer>perclass · ${escapeHtml(report.schema)} · dataset-level scores pool counts over all images; image-level scores are means over images.</footer>
<script type="application/json" id="perclass-data">${jsonForScript(data)}</script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}

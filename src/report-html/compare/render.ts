import { readableDate } from '../date.js';
import { escapeHtml } from '../escape.js';
import { pageHead } from '../page-head.js';
import { PAGE_STYLES } from '../styles.js';
import { differencesSection } from './differences.js';
import { regressionsSection } from './regressions.js';
import { sideBySideSection } from './side-by-side.js';
import { COMPARE_STYLES } from './styles.js';
import type { CompareHtmlInput } from './types.js';

/**
 * The comparison as ONE self-contained page: inline style, images as data: URIs, no script and
 * no request of any kind (the Content-Security-Policy forbids every fetch but data: images).
 * Every string from the input is escaped.
 */
export function renderComparePage(input: CompareHtmlInput): string {
  const { result } = input;
  const names = result.models.map((m) => m.name);
  const meta = [
    `generated ${readableDate(input.generatedAt)}`,
    `backend ${escapeHtml(input.backend)}`,
    `${result.images.toLocaleString('en-US')} image(s) compared`,
    `baseline ${escapeHtml(result.baseline)}`,
    `models ${names.map(escapeHtml).join(', ')}`,
    ...(input.failed.length > 0 ? [`${input.failed.length} file(s) failed`] : []),
  ];
  const leftOut = result.leftOut.length
    ? `<p class="ci-note">Left out (another model lacks them): ${result.leftOut.map((l) => `${escapeHtml(l.model)} ${l.ids.length}`).join(', ')} image(s).</p>`
    : '';
  return `${pageHead(input.title, PAGE_STYLES + COMPARE_STYLES)}
<body>
<header>
<h1>${escapeHtml(input.title)}</h1>
<p class="meta">${meta.map((m) => `<span>${m}</span>`).join('')}</p>
<nav class="toc" aria-label="sections"><a href="#models">Side by side</a><a href="#differences">Differences</a><a href="#regressions">Worst regressions</a>${input.failed.length > 0 ? '<a href="#failures">Failures</a>' : ''}</nav>
</header>
<main>
${leftOut}
${sideBySideSection(result)}
${differencesSection(result)}
${regressionsSection(result, input.overlays)}
${failures(input.failed)}
</main>
<footer>perclass · ${escapeHtml(result.schema)} · paired bootstrap over images; dataset-level scores pool counts over the images.</footer>
</body>
</html>
`;
}

function failures(failed: CompareHtmlInput['failed']): string {
  if (failed.length === 0) return '';
  const rows = failed
    .map(
      (f) =>
        `<tr><td>${escapeHtml(f.model)}</td><td class="code">${escapeHtml(f.code)}</td><td>${escapeHtml(f.message)}</td></tr>`,
    )
    .join('');
  return `<section id="failures" aria-labelledby="failures-title">
<h2 id="failures-title">Failures</h2>
<p class="lede">Pairs that could not be compared: left out for every model.</p>
<table class="failures"><thead><tr><th scope="col">model</th><th scope="col">code</th><th scope="col">message</th></tr></thead><tbody>${rows}</tbody></table>
</section>`;
}

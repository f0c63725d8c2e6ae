import { escapeHtml } from '../escape.js';
import type { HtmlFailedFile } from '../types.js';

/** Files that could not be evaluated, with the error code and message of each. */
export function failuresSection(failed: readonly HtmlFailedFile[]): string {
  if (failed.length === 0) return '';
  const name = (path: string | null): string =>
    path === null ? '<span class="undef">(none)</span>' : `<code>${escapeHtml(path)}</code>`;
  const rows = failed
    .map(
      (f) =>
        `<tr><td>${name(f.truth)}</td><td>${name(f.pred)}</td><td class="code">${escapeHtml(f.code)}</td><td>${escapeHtml(f.message)}</td></tr>`,
    )
    .join('');
  return `<section id="failures" aria-labelledby="failures-title">
<h2 id="failures-title">Failures</h2>
<p class="lede">${failed.length.toLocaleString('en-US')} file pair${failed.length === 1 ? '' : 's'} could not be evaluated; none of the numbers above include ${failed.length === 1 ? 'it' : 'them'}.</p>
<div class="scroll"><table class="failures"><thead><tr><th scope="col">truth</th><th scope="col">prediction</th><th scope="col">code</th><th scope="col">message</th></tr></thead><tbody>${rows}</tbody></table></div>
</section>`;
}

/**
 * The phone plot's part of the exhibit script (spliced into `EXHIBIT_SCRIPT`, where `g`, `byId`,
 * `show`, `isScore`, `fmt`, `signed`, `signal`, `valueText`, `listeners`, `draggable`,
 * `alphaAtScore` and `onKey` are in scope): the upright headline rule at x(headline(α)), its
 * label on the roomier side, the gap bracket under the classes, the same slider semantics
 * (drag the rule or click the plot: the α whose headline is at that score; the same keys).
 * It draws what `narrow-svg.ts` draws.
 */
export const NARROW_SCRIPT = String.raw`
    const narrow = byId('exhibit-narrow');
    if (narrow && nrule) {
      const nLabel = byId('exhibit-n-rule-label');
      const nGap = byId('exhibit-n-gap');
      const nGapLine = byId('exhibit-n-gap-line');
      const nGapLabel = byId('exhibit-n-gap-label');
      const nx = (v) => g.nx0 + Math.max(0, Math.min(1, v)) * (g.nx1 - g.nx0);
      const nsx = isScore(signal) ? nx(signal) : g.nx0;
      const nmid = (g.nx0 + g.nx1) / 2;
      nrule.setAttribute('tabindex', '0');
      listeners.push((alpha, value) => {
        const defined = isScore(value);
        const hx = defined ? nx(value) : g.nx0;
        const left = hx < nmid;
        show(nrule, defined);
        show(nGap, defined && isScore(signal));
        nrule.setAttribute('transform', 'translate(' + hx + ' 0)');
        nrule.dataset.alpha = String(alpha);
        nrule.dataset.headline = defined ? String(value) : '';
        nLabel.textContent = 'headline ' + fmt(value);
        nLabel.setAttribute('x', left ? '5' : '-5');
        nLabel.setAttribute('text-anchor', left ? 'start' : 'end');
        nGap.dataset.value = isScore(value - signal) ? String(value - signal) : '';
        nGapLine.setAttribute('d', 'M' + nsx + ' ' + (g.ngap - 5) + 'V' + g.ngap + 'H' + hx + 'V' + (g.ngap - 5));
        nGapLabel.setAttribute('x', String(Math.max(g.nx0 + 60, Math.min(g.nx1 - 60, (nsx + hx) / 2))));
        nGapLabel.textContent = 'flattery gap ' + signed(value - signal);
        nrule.setAttribute('aria-valuenow', String(alpha));
        nrule.setAttribute('aria-valuetext', valueText(alpha, value));
      });
      draggable(narrow, (p) => alphaAtScore((p.x - g.nx0) / (g.nx1 - g.nx0)));
      nrule.addEventListener('keydown', onKey);
    }
`;

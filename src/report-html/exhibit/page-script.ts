import { NARROW_SCRIPT } from './narrow-script.js';

/**
 * The exhibit's part of the page script (plain ES2020, spliced into `PAGE_SCRIPT`'s function,
 * where `data`, `isScore`, `fmt`, `signed`, `listeners`, `setAlpha`, `alphaNow`, `meanIoU` and
 * `frequencyWeightedIoU` are in scope). It draws what `svg.ts` draws, at every α the lever
 * takes: the headline rule at y(headline(α)), the gap bracket and label, the α mark; and makes
 * the rule a slider: drag it or click the bars plot (the α whose headline is at that height),
 * click or drag the α plot, or the keyboard (arrows ±0.05, Page ±0.25, Home 0, End 1).
 */
export const EXHIBIT_SCRIPT = String.raw`
  const exhibit = document.getElementById('exhibit');
  if (exhibit && data.exhibit) {
    const g = data.exhibit;
    const byId = (id) => document.getElementById(id);
    const rule = byId('exhibit-rule');
    const ruleLabel = byId('exhibit-rule-label');
    const ruleNote = byId('exhibit-rule-note');
    const signalLabel = byId('exhibit-signal-label');
    const gapGroup = byId('exhibit-gap');
    const gapLine = byId('exhibit-gap-line');
    const gapLabel = byId('exhibit-gap-label');
    const mark = byId('exhibit-alpha-mark');
    const at = byId('exhibit-alpha-at');
    const dot = byId('exhibit-alpha-dot');
    const bars = byId('exhibit-bars');
    const alphaPlot = byId('exhibit-alpha');
    const signal = isScore(g.signal) ? g.signal : NaN;
    const y = (v) => g.y0 - Math.max(0, Math.min(1, v)) * (g.y0 - g.y1);
    const x = (a) => g.ax0 + a * (g.ax1 - g.ax0);
    const signalY = isScore(signal) ? y(signal) : g.y0;
    const show = (el, on) => (on ? el.removeAttribute('display') : el.setAttribute('display', 'none'));
    const bracket = (bx, from, to) =>
      'M' + (bx - 5) + ' ' + from + 'H' + bx + 'V' + to + 'H' + (bx - 5);
    rule.setAttribute('tabindex', '0');
    const valueText = (alpha, value) =>
      '\u03b1 ' + alpha.toFixed(2) + ': headline ' + fmt(value) + ', signal IoU ' + fmt(signal) +
      ', flattery gap ' + signed(value - signal);
    listeners.push((alpha, value) => {
      const defined = isScore(value);
      const hy = defined ? y(value) : g.y0;
      const gap = value - signal;
      const above = !(gap < 0);
      show(rule, defined);
      show(mark, defined);
      show(gapGroup, defined && isScore(signal));
      rule.setAttribute('transform', 'translate(0 ' + hy + ')');
      rule.dataset.alpha = String(alpha);
      rule.dataset.headline = defined ? String(value) : '';
      ruleLabel.firstChild.nodeValue = 'headline ' + fmt(value) + ' ';
      ruleLabel.setAttribute('y', above ? '-6' : '15');
      ruleNote.textContent = 'at \u03b1 = ' + alpha.toFixed(2);
      signalLabel.setAttribute('y', String(above ? signalY + 15 : signalY - 6));
      gapGroup.dataset.value = isScore(gap) ? String(gap) : '';
      gapLine.setAttribute('d', bracket(g.right + 12, signalY, hy));
      gapLabel.setAttribute('y', String((signalY + hy) / 2 + 4));
      gapLabel.textContent = 'flattery gap ' + signed(gap);
      at.setAttribute('x1', String(x(alpha)));
      at.setAttribute('x2', String(x(alpha)));
      dot.setAttribute('cx', String(x(alpha)));
      dot.setAttribute('cy', String(hy));
      rule.setAttribute('aria-valuenow', String(alpha));
      rule.setAttribute('aria-valuetext', valueText(alpha, value));
    });

    // A pointer's position in a plot's own units (the plots scale with the page).
    const local = (svg, event) =>
      new DOMPoint(event.clientX, event.clientY).matrixTransform(svg.getScreenCTM().inverse());
    // The α whose headline stands at height py: the lever is linear in α between its ends.
    const alphaAtScore = (v) => {
      const slope = frequencyWeightedIoU - meanIoU;
      if (!isScore(slope) || slope === 0) return null;
      return (v - meanIoU) / slope;
    };
    const alphaAtHeight = (py) => alphaAtScore((g.y0 - py) / (g.y0 - g.y1));
    // The phone's plot (narrow.ts) replaces the wide one below 640 px: focus whichever shows.
    const nrule = byId('exhibit-n-rule');
    const focusRule = () => (nrule && bars.getClientRects().length === 0 ? nrule : rule).focus();
    const draggable = (svg, pick) => {
      const move = (event) => {
        const alpha = pick(local(svg, event));
        if (alpha !== null) setAlpha(alpha * 100);
      };
      svg.addEventListener('pointerdown', (event) => {
        if (event.button !== 0) return;
        event.preventDefault();
        svg.setPointerCapture(event.pointerId);
        focusRule();
        move(event);
      });
      svg.addEventListener('pointermove', (event) => {
        if (svg.hasPointerCapture(event.pointerId)) move(event);
      });
    };
    draggable(bars, (p) => alphaAtHeight(p.y));
    draggable(alphaPlot, (p) => (p.x - g.ax0) / (g.ax1 - g.ax0));
    const steps = { ArrowRight: 5, ArrowUp: 5, ArrowLeft: -5, ArrowDown: -5, PageUp: 25, PageDown: -25 };
    const onKey = (event) => {
      let next;
      if (Object.prototype.hasOwnProperty.call(steps, event.key)) next = alphaNow() * 100 + steps[event.key];
      else if (event.key === 'Home') next = 0;
      else if (event.key === 'End') next = 100;
      else return;
      event.preventDefault();
      setAlpha(next);
    };
    rule.addEventListener('keydown', onKey);
${NARROW_SCRIPT}
  }
`;

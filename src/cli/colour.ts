import { inspect } from 'node:util';
import { PLAIN_STYLE, type ReportStyle } from '../format/text-report.js';

/**
 * Whether to colour what goes to a stream. Our own rule (not util.styleText's, whose stream
 * handling differs between Node 20 and 22), following the common conventions:
 * - `FORCE_COLOR` set: colour even when not a terminal, except `0` or `false` (no colour);
 *   it wins over `NO_COLOR`, as in Node itself;
 * - else `NO_COLOR` with any non-empty value: no colour (https://no-color.org);
 * - else colour only on a terminal that is not `TERM=dumb`.
 */
export function colourWanted(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return isTTY && env.TERM !== 'dumb';
}

export type Paint = (text: string) => string;

/** SGR codes from Node's own table (open, close), so a style ends without resetting others. */
function sgr(...names: (keyof typeof inspect.colors)[]): Paint {
  const codes = names.map((name) => inspect.colors[name]!);
  const open = codes.map(([on]) => `\x1b[${on}m`).join('');
  const close = codes
    .map(([, off]) => `\x1b[${off}m`)
    .reverse()
    .join('');
  return (text) => (text === '' ? text : `${open}${text}${close}`);
}

const plain: Paint = (text) => text;

/** The CLI's colours: failures red, warnings yellow, the flattery gap bold yellow. */
export interface Palette {
  failure: Paint;
  warning: Paint;
  report: ReportStyle;
}

export function colours(enabled: boolean): Palette {
  if (!enabled) return { failure: plain, warning: plain, report: PLAIN_STYLE };
  const warning = sgr('yellow');
  return {
    failure: sgr('red'),
    warning,
    report: {
      // The trivial class recedes; the classes the user cares about stand out.
      background: sgr('dim'),
      signal: sgr('bold'),
      flattery: sgr('bold', 'yellow'),
      warning,
    },
  };
}

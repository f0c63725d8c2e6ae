import { InvalidArgumentError } from 'commander';

/**
 * Parsers for option values. Each throws commander's InvalidArgumentError with a message that
 * names the bad value, which the CLI reports as a usage error (exit code 2). They only turn text
 * into values: what values are allowed (integer, range, ...) is the library's rule, checked
 * through the library before anything runs (eval-options.ts), so it is written in one place.
 */

export function parseList(value: string): string[] {
  const items = value.split(',').map((s) => s.trim());
  if (items.some((s) => s === ''))
    throw new InvalidArgumentError(`empty item in the list "${value}"`);
  return items;
}

/** A number as written (`Infinity`, `-3`, `2.5` parse; whether they are allowed is checked later). */
export function parseNumber(value: string): number {
  const n = value.trim() === '' ? NaN : Number(value);
  if (Number.isNaN(n)) throw new InvalidArgumentError(`"${value}" is not a number`);
  return n;
}

export function parseNumberList(value: string): number[] {
  return parseList(value).map(parseNumber);
}

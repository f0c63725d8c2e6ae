import { InvalidArgumentError } from 'commander';

/**
 * Parsers for option values. Each throws commander's InvalidArgumentError with a message that
 * names the bad value, which the CLI reports as a usage error (exit code 2).
 */

export function parseList(value: string): string[] {
  const items = value.split(',').map((s) => s.trim());
  if (items.some((s) => s === ''))
    throw new InvalidArgumentError(`empty item in the list "${value}"`);
  return items;
}

export function parseNumberList(value: string): number[] {
  return parseList(value).map((item) => {
    const n = Number(item);
    if (!Number.isFinite(n)) throw new InvalidArgumentError(`"${item}" is not a number`);
    return n;
  });
}

export function parseIndexList(value: string): number[] {
  return parseNumberList(value).map((n) => {
    if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${n} is not a class index`);
    return n;
  });
}

export function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new InvalidArgumentError(`"${value}" is not a positive integer`);
  }
  return n;
}

export function parseLabel(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 0xffff) {
    throw new InvalidArgumentError(`"${value}" is not a label in [0, 65535]`);
  }
  return n;
}

export function parseSeed(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 0xffff_ffff) {
    throw new InvalidArgumentError(`"${value}" is not a seed in [0, 4294967295]`);
  }
  return n;
}

let collator: Intl.Collator | undefined;

/**
 * The order of image ids wherever perclass lists them (folder listings, merged parts, the report's
 * per-image table): numbers within names by value (`log-2` before `log-10`). One collator for
 * every comparison, made on first use: `localeCompare` with options builds one per call, about
 * 20× slower on large sorts.
 */
export function compareIds(a: string, b: string): number {
  collator ??= new Intl.Collator('en', { numeric: true });
  return collator.compare(a, b);
}

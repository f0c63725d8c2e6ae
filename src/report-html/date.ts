import { escapeHtml } from './escape.js';

const READABLE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
  timeZone: 'UTC',
});

/**
 * The evaluation's date for people ("27 November 2026, 12:00 UTC"), in UTC because the page
 * is read anywhere but written once; the ISO string stays in `<time datetime>` for machines.
 * A string that is not a date is shown as given, escaped.
 */
export function readableDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return escapeHtml(iso);
  const parts = Object.fromEntries(READABLE.formatToParts(date).map((p) => [p.type, p.value]));
  const text = `${parts.day} ${parts.month} ${parts.year}, ${parts.hour}:${parts.minute} UTC`;
  return `<time datetime="${escapeHtml(iso)}">${text}</time>`;
}

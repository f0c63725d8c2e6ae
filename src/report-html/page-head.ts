import { createHash } from 'node:crypto';
import { escapeHtml } from './escape.js';

/**
 * The start of every self-contained perclass page (the report, the comparison) up to `<body>`:
 * a Content-Security-Policy that forbids every request but data: images and allows only the
 * page's own inline script, by its hash (no script at all when there is none), and the page's
 * inline styles.
 */
export function pageHead(title: string, styles: string, script?: string): string {
  const scriptSource = script
    ? `'sha256-${createHash('sha256').update(script).digest('base64')}'`
    : "'none'";
  const csp = [
    "default-src 'none'",
    'img-src data:',
    "style-src 'unsafe-inline'",
    `script-src ${scriptSource}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${styles}</style>
</head>`;
}

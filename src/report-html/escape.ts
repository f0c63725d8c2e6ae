/**
 * Escaping for everything that comes from the input: file names, image ids, class names and
 * messages are user data, and a file named `<img src=x onerror=…>.png` must show as text.
 */
const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text for element content and for quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (ch) => ENTITIES[ch]!);
}

/**
 * JSON to embed in `<script type="application/json">`: `<` is written `\u003c` so no string in
 * the data can close the element (`</script>`) or open a comment, and the two line separators
 * that older parsers reject in string literals are escaped too. `JSON.parse` reads it unchanged.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * Escaping and neutralising user text for the text formats.
 */

/**
 * Escapes text for HTML element content and quoted attribute values.
 * @example escapeHtml('<script>&"\'') // '&lt;script&gt;&amp;&quot;&#39;'
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

// One pass over the text: the five markup characters and the control characters.
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const XML_SPECIAL = /[&<>"'\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const XML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/**
 * Escapes text for XML content and quoted attribute values (Office Open XML parts), and
 * drops the control characters XML 1.0 cannot carry.
 * @example escapeXml('<a & "b\'') // '&lt;a &amp; &quot;b&apos;'
 */
export function escapeXml(text: string): string {
  return text.replace(XML_SPECIAL, (c) => XML_ENTITIES[c] ?? '');
}

/**
 * Escapes Markdown inline syntax so that user text renders as entered and raw HTML in it
 * stays text. Every value is written after a list marker or heading, so line-start syntax
 * (#, -, 1.) cannot trigger; line breaks inside a value become spaces.
 * @example escapeMarkdown('*a* <b>') // '\\*a\\* &lt;b&gt;'
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r?\n/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~])/g, '\\$1');
}

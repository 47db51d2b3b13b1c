/**
 * A small strict XML checker for the feeds and sitemaps (no XML library in the project): the XML
 * declaration, one root, balanced tags, quoted attributes, every `&` an entity, no stray `<` or `>`.
 */
import assert from 'node:assert/strict';

/** Asserts that `xml` is a well-formed UTF-8 XML document (of the simple kind Ratsinfo writes). */
export function checkXml(xml: string): void {
  assert.match(xml, /^<\?xml version="1\.0" encoding="(utf|UTF)-8"\?>\n/, 'XML declaration');
  const entity = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;
  const body = xml.slice(xml.indexOf('\n') + 1);
  const stack: string[] = [];
  let roots = 0;
  const token = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  let position = 0;
  for (let m = token.exec(body); m; m = token.exec(body)) {
    position = token.lastIndex;
    const [, closing, name, attributes, selfClosing, text] = m;
    if (text !== undefined) {
      assert.ok(stack.length > 0 || text.trim() === '', `text outside the root: ${text}`);
      assert.ok(!text.replace(entity, '').includes('&'), `unescaped & in ${text}`);
      assert.ok(!text.includes('>'), `unescaped > in ${text}`);
      continue;
    }
    assert.ok(!(attributes ?? '').replace(entity, '').includes('&'), `unescaped & in ${attributes}`);
    if (closing) {
      assert.equal(stack.pop(), name, `</${name}> closes the open element`);
    } else {
      if (stack.length === 0) roots += 1;
      if (!selfClosing) stack.push(name as string);
    }
  }
  assert.equal(position, body.length, `unparsable XML at ${body.slice(position, position + 80)}`);
  assert.equal(stack.length, 0, 'all elements closed');
  assert.equal(roots, 1, 'one root element');
}

/** Text content with the five predefined entities decoded. */
export function xmlText(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/**
 * The HTML renderer, on document models built by the real builders from the demo meeting: a valid
 * HTML5 page (or only the <article>), a sane heading outline, linkable item sections, every line of the
 * text renderer in the same order, every text of the model, and everything escaped.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Database } from '../../src/db/open.ts';
import { listMeetings, loadMeeting } from '../../src/db/repositories/meetings.ts';
import { loadDemo } from '../../src/demo/load.ts';
import { buildExtract, buildInvitation, buildMinutes, buildSupplement } from '../../src/documents/builders.ts';
import type { DocumentModel } from '../../src/documents/model.ts';
import { redact } from '../../src/documents/redact.ts';
import { DOCUMENT_STYLES, renderHtml } from '../../src/documents/render-html.tsx';
import { renderText } from '../../src/documents/render-text.ts';
import { backends } from '../helpers/db.ts';

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const decode = (s: string) => s.replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e] ?? e);

/** The <article> of a rendered page. */
function article(html: string): string {
  const start = html.indexOf('<article');
  const end = html.lastIndexOf('</article>');
  assert.ok(start >= 0 && end > start, 'no <article>');
  return html.slice(start, end + '</article>'.length);
}

/**
 * Text of the article as a reader (or copy/paste) gets it: inline elements join their text as written,
 * every other tag separates words; entities decoded, white space collapsed. So a missing space between
 * two inline spans ("1.1.Eröffnung") fails the comparison.
 */
function textOf(html: string): string {
  const withoutInline = article(html).replace(/<\/?(?:span|a|strong|em|b|i|small|time|abbr)\b[^>]*>/g, '');
  return norm(decode(withoutInline.replace(/<[^>]*>/g, ' ')));
}

/**
 * The lines of the text renderer, as they should read in the HTML: the text renderer marks agenda
 * sub-items with "- " (its way of showing the nesting, not text of the model); the HTML nests lists.
 */
function textLines(model: DocumentModel): string[] {
  const subItemPrefixes = model.blocks.flatMap((b) =>
    b.type === 'agenda'
      ? b.parts.flatMap((p) => p.entries.filter((e) => e.depth > 0).map((e) => `- ${e.number}. `))
      : [],
  );
  return renderText(model)
    .split('\n')
    .map(norm)
    .filter(Boolean)
    .map((line) => (subItemPrefixes.some((p) => line.startsWith(p)) ? line.slice(2) : line));
}

/**
 * Every string of the blocks, except what is not text to print: block types, attachment file names
 * (link targets) and the number of an item section (its id; the heading says "Zu Punkt …").
 */
function modelTexts(value: unknown, key = ''): string[] {
  if (typeof value === 'string') return key === 'type' || key === 'fileName' ? [] : [value];
  if (Array.isArray(value)) return value.flatMap((v) => modelTexts(v));
  if (value && typeof value === 'object') {
    const isItem = (value as { type?: unknown }).type === 'item';
    return Object.entries(value).flatMap(([k, v]) => (isItem && k === 'number' ? [] : modelTexts(v, k)));
  }
  return [];
}

function assertTextLinesInOrder(model: DocumentModel, html: string) {
  const text = textOf(html);
  let position = 0;
  for (const line of textLines(model)) {
    const found = text.indexOf(line, position);
    assert.ok(
      found >= 0,
      `not found after position ${position}: ${line}\n--- HTML text from there:\n${text.slice(position, position + 300)}`,
    );
    position = found + line.length;
  }
}

function assertAllModelTexts(model: DocumentModel, html: string) {
  const text = textOf(html);
  for (const s of modelTexts(model.blocks).map(norm).filter(Boolean)) {
    assert.ok(text.includes(s), `model text missing from the HTML: ${s}`);
  }
}

function headingLevels(html: string): number[] {
  return [...html.matchAll(/<h([1-6])\b/g)].map((m) => Number(m[1]));
}

function assertOutline(html: string) {
  const levels = headingLevels(html);
  assert.equal(levels[0], 1, 'the first heading is the h1');
  assert.equal(levels.filter((l) => l === 1).length, 1, 'exactly one h1');
  for (let i = 1; i < levels.length; i++) {
    const [previous, current] = [levels[i - 1] as number, levels[i] as number];
    assert.ok(current >= 2 && current <= previous + 1, `heading h${current} after h${previous} skips a level`);
  }
}

function assertValidPage(model: DocumentModel, html: string) {
  assert.ok(html.startsWith('<!DOCTYPE html>\n<html lang="de">'), html.slice(0, 60));
  assert.match(html, /<head><meta charset="utf-8"\/>/);
  assert.match(html, /<meta name="viewport" content="width=device-width, initial-scale=1"\/>/);
  assert.equal(html.match(/<title>/g)?.length, 1);
  assert.ok(html.includes(`<title>${escapeHtml(model.meta.title)}</title>`));
  assert.ok(html.includes(`<meta name="author" content="${escapeHtml(model.meta.author)}"/>`));
  assert.ok(html.includes(`<meta name="description" content="${escapeHtml(model.meta.subject)}"/>`));
  assert.match(html, /<body><main><article class="ri-doc"[^>]*>/);
  assert.ok(html.trimEnd().endsWith('</article></main></body></html>'));
  // No JavaScript, no external resources.
  assert.doesNotMatch(html, /<script|<link|<img|<iframe|@import|url\(|\son[a-z]+=/i);
  assertOutline(html);
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** A copy of the model with every string extended by markup and entities. */
function poisoned<T>(value: T, key = ''): T {
  if (typeof value === 'string')
    return (key === 'type' ? value : `${value} <script>alert(1)</script> & "q" 'a' &amp;`) as T;
  if (Array.isArray(value)) return value.map((v) => poisoned(v)) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, poisoned(v, k)])) as T;
  return value;
}

describe('HTML renderer on the demo meeting', () => {
  let database: Database;
  const models: Record<string, DocumentModel> = {};

  before(async () => {
    const backend = backends()[0];
    assert.ok(backend);
    database = await backend.open();
    await loadDemo(database.db);
    const { entries } = await listMeetings(database.db, { limit: 1, offset: 0 });
    const meeting = await loadMeeting(database.db, entries[0]?.id ?? 0, 'staff');
    assert.ok(meeting);
    const publish = { publishNonPublicAgendaTitles: true };
    const item10 = meeting.items.find((i) => i.number === '10');
    assert.ok(item10);
    const extract = buildExtract(meeting, item10.id);
    assert.ok(extract);
    const chair = meeting.signatures[0];
    assert.ok(chair);
    const convener = { person: chair.person, roleLabel: 'Vorsitzender' };
    models['public minutes'] = redact(buildMinutes(meeting), publish);
    models['full minutes'] = buildMinutes(meeting);
    models['public invitation'] = redact(buildInvitation(meeting, null), publish);
    models['full invitation with convener'] = buildInvitation(meeting, convener);
    models['public extract'] = redact(extract, publish);
    models['full supplement with convener'] = buildSupplement(meeting, convener, '2021-02-12');
  });
  after(() => database?.close());

  test('a complete HTML5 page per document: doctype, lang, meta, one h1, a sane heading outline', () => {
    for (const [name, model] of Object.entries(models)) {
      const html = renderHtml(model);
      assert.doesNotThrow(() => assertValidPage(model, html), name);
    }
  });

  test('every line of the text renderer appears in the HTML text, in order', () => {
    for (const [name, model] of Object.entries(models)) {
      const html = renderHtml(model);
      try {
        assertTextLinesInOrder(model, html);
      } catch (error) {
        assert.fail(`${name}: ${(error as Error).message}`);
      }
    }
  });

  test('every text of the model appears in the HTML (the signature roles too)', () => {
    for (const model of Object.values(models)) assertAllModelTexts(model, renderHtml(model));
    const text = textOf(renderHtml(models['public minutes'] as DocumentModel));
    assert.ok(text.includes('Marlon Buchholz (Stellvertreter für Herrn Burghaus)'));
    assert.ok(text.includes('gez. Dietmar Weiß Vorsitz'));
    assert.ok(text.includes('gez. Rüdiger Gramenz Schriftführung'));
  });

  test('the structure of the minutes: header, dl, sections, nested agenda lists with visible numbers', () => {
    const html = renderHtml(models['public minutes'] as DocumentModel);
    assert.match(
      html,
      /<article[^>]*><header class="ri-letterhead">.*<dl class="ri-contact"><div><dt>Es informiert Sie:<\/dt><dd>Rüdiger Gramenz<\/dd><\/div>/,
    );
    assert.match(
      html,
      /<h1><span class="ri-title">Niederschrift<\/span> <span class="ri-subtitle">zur Sitzung des Ausschusses für Digitalisierung<\/span><\/h1>/,
    );
    assert.match(
      html,
      /<dl class="ri-facts"><div><dt>Sitzungstermin<\/dt><dd>Donnerstag, den 18\.02\.2021, 16:30 Uhr<\/dd><\/div>/,
    );
    assert.match(
      html,
      /<section class="ri-attendance"><h2>Anwesend waren:<\/h2><div class="ri-attendance-group"><h3>Vorsitz<\/h3><ul><li>Dietmar Weiß<\/li><\/ul>/,
    );
    assert.match(
      html,
      /<section class="ri-agenda"><h2>Tagesordnung<\/h2><div class="ri-agenda-part ri-public"><h3>Öffentlicher Teil<\/h3><ol class="ri-agenda-list">/,
    );
    // 1.1 is nested in the list of item 1, numbered as text.
    assert.match(
      html,
      /<span class="ri-num">1\.<\/span> <span class="ri-entry-title"><a href="#top-1">Formalien<\/a><\/span><ol><li class="ri-entry"><span class="ri-num">1\.1\.<\/span> /,
    );
    assert.match(html, /list-style: none/);
    assert.match(
      html,
      /<section class="ri-part ri-public"><h2>Öffentlicher Teil<\/h2><section class="ri-item" id="top-1"><h3>Zu Punkt 1: Formalien<\/h3>/,
    );
    assert.match(html, /<div class="ri-resolution"><h4>Beschluss:<\/h4><p>Der Ausschuss/);
    assert.match(
      html,
      /<p class="ri-vote-result"><strong>Abstimmungsergebnis: einstimmig angenommen<\/strong><\/p><p class="ri-vote-detail">1 Enthaltung AfD-Fraktion<\/p>/,
    );
    assert.match(html, /<section class="ri-addendum"><h4>Ergänzende Antwort zur Niederschrift:<\/h4><p>/);
    assert.match(
      html,
      /<section class="ri-part ri-nonpublic"><h2>Nicht öffentlicher Teil<\/h2><p class="ri-redacted">\[\.\.\.\]<\/p><\/section>/,
    );
    assert.match(
      html,
      /<footer class="ri-signatures"><div class="ri-signature"><p class="ri-signature-prefix">gez\.<\/p><p class="ri-signature-name">Dietmar Weiß<\/p><p class="ri-signature-role">Vorsitz<\/p><\/div>/,
    );
  });

  test('the item sections have ids top-1 … top-11-1 for linking; the agenda links to them', () => {
    const html = renderHtml(models['public minutes'] as DocumentModel);
    for (const n of ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '11-1']) {
      assert.match(html, new RegExp(`<section class="ri-item" id="top-${n}"><h3>Zu Punkt ${n.replace('-', '\\.')}: `));
    }
    assert.match(html, /<a href="#top-11-1">Software-Umstellung Gesundheitsamt<\/a>/);
    // Left out of the public minutes: no section, no link.
    assert.doesNotMatch(html, /top-12|top-13/);
    // Sub-items without content of their own have no section and no link.
    assert.doesNotMatch(html, /top-1-1/);
    const full = renderHtml(models['full minutes'] as DocumentModel);
    assert.match(full, /<section class="ri-item ri-nonpublic" id="top-12">/);
    for (const model of Object.values(models)) {
      const ids = [...renderHtml(model).matchAll(/\sid="([^"]*)"/g)].map((m) => m[1]);
      assert.equal(new Set(ids).size, ids.length, 'ids are unique');
    }
  });

  test('attachments: names as text, links where attachmentHref gives one', () => {
    const model = models['public minutes'] as DocumentModel;
    const plain = renderHtml(model);
    assert.match(plain, /<ul class="ri-attachments"><li>Anlage 1: Positionspapier der KGSt/);
    assert.doesNotMatch(plain, /href="\/dateien/);
    const linked = renderHtml(model, {
      attachmentHref: (f) => (f.startsWith('Anlage_1') ? `/dateien/${encodeURIComponent(f)}` : null),
    });
    assert.match(linked, /<li>Anlage 1: <a href="\/dateien\/Anlage_1_KGSt_OZG\.txt">Positionspapier/);
    assert.match(linked, /<li>Anlage 2: Präsentation des KRZN zur aktuellen Situation<\/li>/);
    const hostile = renderHtml(model, { attachmentHref: () => '"><script>alert(1)</script>' });
    assert.doesNotMatch(hostile, /<script/);
    assert.match(hostile, /href="&quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;"/);
  });

  test('model text with markup and entities comes out escaped, and still reads the same', () => {
    for (const [name, model] of Object.entries(models)) {
      const evil = poisoned(model);
      const html = renderHtml(evil);
      assert.doesNotMatch(html, /<script/i, name);
      assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; &#39;a&#39; &amp;amp;'), name);
      assert.doesNotMatch(html, /&(?!(?:amp|lt|gt|quot|#39);)/, `${name}: an unescaped &`);
      assert.ok(html.includes(`<title>${escapeHtml(evil.meta.title)}</title>`), name);
      assertValidPage(evil, html);
      assertTextLinesInOrder(evil, html);
      assertAllModelTexts(evil, html);
    }
  });

  test('the stylesheet passes the escaping unchanged and has the A4 print setup', () => {
    assert.doesNotMatch(DOCUMENT_STYLES, /[&<>"']/);
    const html = renderHtml(models['public minutes'] as DocumentModel);
    assert.ok(html.includes(DOCUMENT_STYLES));
    assert.ok(html.includes('@page { size: A4; margin: 2cm 2cm 2cm 2.5cm; }'));
    assert.match(html, /@media print/);
  });

  test('standalone: false gives only the <article>, to embed in a portal page', () => {
    for (const model of Object.values(models)) {
      const html = renderHtml(model, { standalone: false });
      assert.ok(html.startsWith('<article class="ri-doc" lang="de"'), html.slice(0, 80));
      assert.ok(html.endsWith('</article>'));
      assert.doesNotMatch(html, /<(?:!DOCTYPE|html|head|body|main|style|title)\b/i);
      assert.equal(html.match(/<article\b/g)?.length, 1);
      assert.equal(article(renderHtml(model)), html, 'the same article as in the page');
      assertOutline(html);
    }
  });

  test('a model without a title block still has its one h1 (the document title)', () => {
    const model = models['public extract'] as DocumentModel;
    const html = renderHtml({ ...model, blocks: model.blocks.filter((b) => b.type !== 'title') });
    assert.ok(html.includes(`</header><h1>${escapeHtml(model.meta.title)}</h1><dl class="ri-facts">`));
    assertOutline(html);
  });
});

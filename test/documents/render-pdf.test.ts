import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { inflateSync } from 'node:zlib';
import type { Block, DocumentModel, ItemContent, ParagraphBlock } from '../../src/documents/model.ts';
import { missingGlyphs } from '../../src/documents/pdf-fonts.ts';
import { renderPdf } from '../../src/documents/render-pdf.ts';

const CREATED = new Date('2021-03-03T09:30:00Z');

function meta(title: string): DocumentModel['meta'] {
  return {
    kind: 'minutes',
    variant: 'public',
    title,
    author: 'Kreis Mettmann',
    subject: 'Niederschrift der Sitzung des Ausschusses für Digitalisierung',
    lang: 'de-DE',
    date: '2021-03-03',
    fileBaseName: 'Niederschrift_Ausschuss-fuer-Digitalisierung_2021-02-18',
    keywords: ['Niederschrift', 'Ausschuss für Digitalisierung', 'Kreis Mettmann'],
  };
}

/** A small but complete minutes model, shaped like the reference minutes of 18.02.2021. */
function sampleMinutes(): DocumentModel {
  return {
    meta: meta('Niederschrift zur Sitzung des Ausschusses für Digitalisierung am 18.02.2021 <öffentlich> & Co'),
    blocks: [
      {
        type: 'letterhead',
        lines: ['Kreis Mettmann', 'Der Kreistag', 'Ausschuss für Digitalisierung'],
        contact: [
          { label: 'Es informiert Sie:', value: 'Rüdiger Gramenz' },
          { label: 'Telefon:', value: '02104/99-1344' },
          { label: 'Fax:', value: '' },
          { label: 'E-Mail:', value: 'ruediger.gramenz@kreis-mettmann.de' },
        ],
        placeAndDate: 'Mettmann, den 03.03.2021',
      },
      { type: 'title', text: 'Niederschrift', subtitle: 'zur Sitzung des Ausschusses für Digitalisierung' },
      {
        type: 'facts',
        rows: [
          { label: 'Sitzungstermin', value: 'Donnerstag, den 18.02.2021, 16:30 Uhr' },
          {
            label: 'Sitzungsort',
            value: 'Kreishaus Mettmann, Düsseldorfer Straße 26, 40822 Mettmann, Zimmer 1.601 (großer Sitzungssaal)',
          },
        ],
      },
      {
        type: 'attendance',
        heading: 'Anwesend waren:',
        groups: [
          { label: 'Vorsitz', entries: [{ name: 'Dietmar Weiß', notes: [] }] },
          {
            label: 'Mitglieder',
            entries: [
              { name: 'Nicole Anfang', notes: [] },
              { name: 'Marlon Buchholz', notes: ['Stellvertreter für Herrn Burghaus'] },
              { name: 'Dr. Tina Guenther', notes: [] },
              { name: 'Zofia Łukasiewicz', notes: ['ab 17:10 Uhr'] },
              { name: 'Ayşe Yılmaz', notes: [] },
            ],
          },
          { label: 'Verwaltung', entries: [{ name: 'Rüdiger Gramenz', notes: ['Schriftführer'] }] },
          { label: 'Gäste', entries: [{ name: 'Jonas Fischer', notes: [] }] },
        ],
      },
      {
        type: 'agenda',
        heading: 'Tagesordnung',
        parts: [
          {
            label: 'Öffentlicher Teil',
            public: true,
            entries: [
              agendaEntry('1', 'Formalien', 0),
              agendaEntry('1.1', 'Eröffnung der Sitzung', 1),
              agendaEntry('1.2', 'Feststellung der ordnungsgemäßen Ladung', 1),
              agendaEntry(
                '2',
                'Bestellung eines Schriftführers und einer stellvertretenden Schriftführerin für den Ausschuss für Digitalisierung',
                0,
                '10/002/2021',
              ),
              agendaEntry('3', 'Nachtragshaushalt 2021', 0, '20/003/2021'),
              agendaEntry('4', 'Nachträge', 0),
              {
                ...agendaEntry('4.1', 'Software-Umstellung Gesundheitsamt', 1, '10/009/2021'),
                subtitle: 'hier: Anfrage der Fraktion BÜNDNIS 90/DIE GRÜNEN vom 11.02.2021',
                supplement: true,
              },
            ],
          },
          {
            label: 'Nicht öffentlicher Teil',
            public: false,
            entries: [{ ...agendaEntry('5', 'Informationen der Verwaltung', 0), public: false }],
          },
        ],
      },
      { type: 'part-heading', text: 'Öffentlicher Teil', public: true },
      item('1', 'Zu Punkt 1: Formalien', [
        paragraph('Um 16:30 Uhr eröffnet der Ausschussvorsitzende, Herr Weiß, die Sitzung und begrüßt die Anwesenden.'),
        paragraph('Als Berichterstatter für den Kreistag wird Herr Gartmann (CDU) benannt.'),
      ]),
      item('2', 'Zu Punkt 2: Bestellung eines Schriftführers - Vorlage Nr. 10/002/2021', [
        {
          type: 'resolution',
          heading: 'Beschluss:',
          paragraphs: [
            'Der Ausschuss für Digitalisierung bestellt für die Wahlperiode 2020–2025 Herrn Rüdiger Gramenz zum Schriftführer.',
          ],
        },
        { type: 'vote', result: 'Abstimmungsergebnis: einstimmig angenommen', details: [] },
      ]),
      item(
        '3',
        'Zu Punkt 3: Nachtragshaushalt 2021 - Vorlage Nr. 20/003/2021',
        [
          paragraph(
            'Herr KA Buchholz stellt die Frage, wie sich die zusätzlichen 2 Mio. € (Zeile 167) im Nachtragshaushalt für 2021 zusammensetzen – die Antwort wurde zugesagt.',
          ),
          paragraph(
            'Der Vorsitzende verlas die Formel: „Ich verpflichte mich, meine Aufgaben nach bestem Wissen zu erfüllen“ (§ 28 KrO).',
          ),
          {
            type: 'addendum',
            heading: 'Ergänzende Antwort zur Niederschrift:',
            paragraphs: ['Der Haushaltsansatz 2021 enthält den WLAN-Ausbau am BK Ratingen mit 700.000 €.'],
          },
          {
            type: 'resolution',
            heading: 'Beschlussvorschlag:',
            paragraphs: [
              '1. Der Ausschuss nimmt den Entwurf des Nachtragshaushalts 2021 zur Kenntnis.',
              '2. Die Verwaltung wird beauftragt, alles dafür Notwendige zu veranlassen.',
            ],
          },
          {
            type: 'vote',
            result: 'Abstimmungsergebnis: einstimmig angenommen',
            details: ['1 Enthaltung AfD-Fraktion'],
          },
        ],
        [{ label: 'Anlage 1', name: 'Präsentation des KRZN', fileName: 'anlage-1.pdf' }],
      ),
      item('4', 'Zu Punkt 4: Nachträge', []),
      item(
        '4.1',
        'Zu Punkt 4.1: Software-Umstellung Gesundheitsamt hier: Anfrage der Fraktion BÜNDNIS 90/DIE GRÜNEN vom 11.02.2021 - Vorlage Nr. 10/009/2021',
        [
          paragraph('Der Ausschuss für Digitalisierung nimmt die Antwort der Verwaltung zur Kenntnis.'),
          { type: 'vote', result: 'Abstimmungsergebnis: zur Kenntnis genommen', details: [] },
        ],
      ),
      paragraph(
        'Die Vertreterin der Presse verlässt den Sitzungsraum. Der Ausschussvorsitzende stellt die Nichtöffentlichkeit der Sitzung her.',
      ),
      { type: 'part-heading', text: 'Nicht öffentlicher Teil', public: false },
      { type: 'redacted', text: '[...]' },
      {
        type: 'signatures',
        entries: [
          { prefix: 'gez.', name: 'Dietmar Weiß', role: 'Vorsitzender' },
          { prefix: 'gez.', name: 'Rüdiger Gramenz', role: 'Schriftführer' },
        ],
      },
    ],
  };
}

function agendaEntry(number: string, title: string, depth: number, paperReference: string | null = null) {
  return { number, title, subtitle: null, paperReference, depth, supplement: false, public: true };
}

function paragraph(text: string): ParagraphBlock {
  return { type: 'paragraph', text };
}

function item(
  number: string,
  heading: string,
  content: ItemContent[],
  attachments: { label: string; name: string; fileName: string }[] = [],
): Block {
  return { type: 'item', number, heading, public: true, content, attachments };
}

const WORDS =
  'Herr Schölzel berichtet über die Herausforderungen der Verwaltung, die Ausstattung der Schulen mit WLAN, die mobilen Endgeräte, das Onlinezugangsgesetz und die Kosten von 700.000 € für die Förderschulen – ergänzt um Fragen zur Umsetzung'.split(
    ' ',
  );

/** A long minutes model: 60 paragraphs of varying length in items, so that it spans several pages. */
function longMinutes(): DocumentModel {
  const blocks: Block[] = [
    { type: 'title', text: 'Niederschrift', subtitle: 'zur Sitzung des Ausschusses für Digitalisierung' },
    { type: 'part-heading', text: 'Öffentlicher Teil', public: true },
  ];
  let count = 0;
  for (let number = 1; count < 60; number++) {
    const content: ItemContent[] = [];
    for (let index = 0; index < 1 + (number % 4) && count < 60; index++) {
      count++;
      const length = 12 + ((count * 37) % 140);
      const words = Array.from({ length }, (_, i) => WORDS[(count + i) % WORDS.length]);
      content.push(paragraph(`Absatz ${count}: ${words.join(' ')}.`));
    }
    blocks.push(item(String(number), `Zu Punkt ${number}: Beratung des Themas Nummer ${number}`, content));
  }
  return { meta: meta('Lange Niederschrift'), blocks };
}

/** Every text of the model in reading order. */
function texts(model: DocumentModel): string[] {
  const out: string[] = [];
  const content = (c: ItemContent) => {
    if (c.type === 'paragraph') out.push(c.text);
    else if (c.type === 'vote') out.push(c.result, ...c.details);
    else out.push(...(c.heading ? [c.heading] : []), ...c.paragraphs);
  };
  for (const block of model.blocks) {
    switch (block.type) {
      case 'letterhead':
        out.push(...block.lines);
        for (const line of block.contact) out.push(line.label, line.value);
        if (block.placeAndDate) out.push(block.placeAndDate);
        break;
      case 'title':
        out.push(block.text, block.subtitle ?? '');
        break;
      case 'facts':
        for (const row of block.rows) out.push(row.label, row.value);
        break;
      case 'attendance':
        out.push(block.heading);
        for (const group of block.groups) {
          out.push(group.label);
          for (const entry of group.entries) out.push(entry.name, ...entry.notes);
        }
        break;
      case 'agenda':
        out.push(block.heading);
        for (const part of block.parts) {
          out.push(part.label);
          for (const e of part.entries) out.push(e.number, e.title, e.paperReference ?? '', e.subtitle ?? '');
        }
        break;
      case 'part-heading':
      case 'paragraph':
      case 'redacted':
        out.push(block.text);
        break;
      case 'item':
        out.push(block.heading);
        block.content.forEach(content);
        for (const a of block.attachments) out.push(a.label, a.name);
        break;
      case 'signatures':
        for (const s of block.entries) out.push(s.prefix, s.name, s.role);
        break;
    }
  }
  return out.filter((text) => text.trim() !== '');
}

/** The page content streams, inflated (the text operators, marked content sequences). */
function contentStreams(pdf: Buffer): string {
  const out: string[] = [];
  const bytes = pdf.toString('latin1');
  const re = /\/Filter \/FlateDecode[\s\S]*?>>\s*stream\r?\n/g;
  for (let match = re.exec(bytes); match; match = re.exec(bytes)) {
    const start = match.index + match[0].length;
    const end = bytes.indexOf('endstream', start);
    try {
      out.push(inflateSync(pdf.subarray(start, end)).toString('latin1'));
    } catch {
      // not a content stream (font programs and others that do not inflate alone)
    }
  }
  return out.join('\n');
}

/**
 * Text for comparison: white space removed, and hyphens too (pdftotext joins a word broken after a
 * hyphen at the end of a line and drops the hyphen: "kreis-\nmettmann" comes out as "kreismettmann").
 */
const squash = (text: string) => text.replace(/[\s-]+/g, '');

/** Asserts that every text appears in the extracted text, in order (white space removed on both sides). */
function assertInOrder(extracted: string, expected: string[], label: string): void {
  const haystack = squash(extracted);
  let position = 0;
  for (const text of expected) {
    const needle = squash(text);
    const found = haystack.indexOf(needle, position);
    if (found < 0) {
      const anywhere = haystack.indexOf(needle);
      assert.fail(
        `${label}: "${text}" ${anywhere < 0 ? 'fehlt im Text der PDF' : 'steht an falscher Stelle'}; ` +
          `Text ab der letzten Fundstelle: ${haystack.slice(position, position + 300)}`,
      );
    }
    position = found + needle.length;
  }
}

const PDFTOTEXT = '/usr/bin/pdftotext';
const PDFINFO = '/usr/bin/pdfinfo';
const PDFFONTS = '/usr/bin/pdffonts';
let dir = '';

function requirePoppler(): void {
  for (const tool of [PDFTOTEXT, PDFINFO, PDFFONTS]) {
    if (!existsSync(tool)) {
      assert.fail(`${tool} fehlt: bitte poppler-utils installieren (apt-get install -y poppler-utils).`);
    }
  }
}

function writePdf(name: string, pdf: Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, pdf);
  return file;
}

function run(tool: string, args: string[]): string {
  return execFileSync(tool, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** Page texts (pdftotext separates pages with form feeds), the page numbers "Seite i von N" removed. */
function pages(file: string, layout: boolean): { raw: string[]; text: string[] } {
  const out = run(PDFTOTEXT, [...(layout ? ['-layout'] : []), '-enc', 'UTF-8', file, '-']);
  const raw = out.split('\f').slice(0, -1);
  return { raw, text: raw.map((page) => page.replace(/Seite \d+ von \d+/g, ' ')) };
}

function pageCount(file: string): number {
  const match = /^Pages:\s+(\d+)$/m.exec(run(PDFINFO, [file]));
  assert.ok(match, 'pdfinfo nennt keine Seitenzahl');
  return Number(match[1]);
}

/** Set RATSINFO_PDF_TEST_OUT to a folder to keep the rendered PDFs for a look. */
const keep = process.env.RATSINFO_PDF_TEST_OUT;

before(() => {
  dir = keep || mkdtempSync(join(tmpdir(), 'ratsinfo-pdf-'));
});

after(() => {
  if (!keep) rmSync(dir, { recursive: true, force: true });
});

test('Noto Sans (latin subset of @fontsource/noto-sans) has every glyph German minutes need', () => {
  for (const style of ['regular', 'bold', 'italic'] as const) {
    assert.deepEqual(missingGlyphs('äöüÄÖÜß „“ ‚‘ – — € § … ° ½', style), []);
  }
  // Letters outside the latin subset come from the fallback subsets of the same package.
  assert.deepEqual(missingGlyphs('Łukasiewicz Ayşe Đorđević Ξένη Жуков'), []);
});

test('the PDF is tagged, in German, with PDF/A-2b identification and the metadata of the model', async () => {
  const model = sampleMinutes();
  const pdf = await renderPdf(model, { creationDate: CREATED });
  const bytes = pdf.toString('latin1');
  assert.ok(bytes.startsWith('%PDF-1.7'), 'Kopf %PDF-1.7');
  assert.match(bytes, /\/Lang \(de-DE\)/);
  assert.match(bytes, /\/MarkInfo \d+ 0 R/);
  assert.match(bytes, /\/Marked true/);
  assert.match(bytes, /\/StructTreeRoot \d+ 0 R/);
  assert.match(bytes, /\/DisplayDocTitle true/);
  assert.match(bytes, /\/OutputIntents/);
  assert.match(bytes, /\/Outlines \d+ 0 R/);
  assert.match(bytes, /\/S \/GTS_PDFA1/);
  for (const tag of [
    'Document',
    'H1',
    'H2',
    'H3',
    'H4',
    'P',
    'Sect',
    'L',
    'LI',
    'Lbl',
    'LBody',
    'Table',
    'TR',
    'TH',
    'TD',
  ]) {
    assert.match(bytes, new RegExp(`/S /${tag}\\b`), `Struktur-Tag ${tag}`);
  }
  const content = contentStreams(pdf);
  assert.match(content, /\/Artifact <<\s*\/Type \/Pagination\s*>> BDC/, 'Seitenzahlen als Artefakt');
  assert.match(content, /\/H1 <<\s*\/MCID 0\s*>> BDC|\/P <<\s*\/MCID 0\s*>> BDC/, 'markierter Inhalt');

  const start = bytes.indexOf('<?xpacket begin');
  const end = bytes.indexOf('<?xpacket end');
  assert.ok(start > 0 && end > start, 'XMP-Metadaten vorhanden und unkomprimiert');
  const xmp = pdf.subarray(start, end).toString('utf8');
  assert.match(xmp, /<pdfaid:part>2<\/pdfaid:part>/);
  assert.match(xmp, /<pdfaid:conformance>B<\/pdfaid:conformance>/);
  assert.ok(
    xmp.includes(
      'Niederschrift zur Sitzung des Ausschusses für Digitalisierung am 18.02.2021 &#60;öffentlich&#62; &#38; Co',
    ),
    'Titel in XMP, XML-maskiert',
  );
  assert.match(xmp, /<xmp:CreateDate>2021-03-03T09:30:00Z<\/xmp:CreateDate>/);
  assert.match(xmp, /<xmp:ModifyDate>2021-03-03T09:30:00Z<\/xmp:ModifyDate>/);
  assert.match(xmp, /<xmp:CreatorTool>Ratsinfo<\/xmp:CreatorTool>/);
  assert.match(xmp, /<rdf:li>Kreis Mettmann<\/rdf:li>/);

  requirePoppler();
  const file = writePdf('sample.pdf', pdf);
  const info = run(PDFINFO, ['-isodates', file]);
  assert.match(
    info,
    /^Title:\s+Niederschrift zur Sitzung des Ausschusses für Digitalisierung am 18\.02\.2021 <öffentlich> & Co$/m,
  );
  assert.match(info, /^Author:\s+Kreis Mettmann$/m);
  assert.match(info, /^Subject:\s+Niederschrift der Sitzung des Ausschusses für Digitalisierung$/m);
  assert.match(info, /^Keywords:\s+Niederschrift, Ausschuss für Digitalisierung, Kreis Mettmann$/m);
  assert.match(info, /^Creator:\s+Ratsinfo$/m);
  assert.match(info, /^CreationDate:\s+2021-03-03T09:30:00Z$/m);
  assert.match(info, /^Tagged:\s+yes$/m);
  assert.match(info, /^Page size:\s+595\.28 x 841\.89 pts \(A4\)$/m);

  // Every font is embedded, and every one is Noto Sans (no standard or system fonts).
  const fonts = run(PDFFONTS, [file]).trim().split('\n').slice(2);
  assert.ok(fonts.length >= 3, 'regular, bold, italic');
  for (const line of fonts) {
    assert.match(line, /NotoSans/, line);
    assert.match(line, /CID TrueType\s+Identity-H\s+yes yes yes/, line);
  }
});

test('the text layer holds every text of the model in reading order, with page numbers', async () => {
  requirePoppler();
  const model = sampleMinutes();
  const file = writePdf('sample-text.pdf', await renderPdf(model, { creationDate: CREATED }));
  const count = pageCount(file);
  for (const layout of [false, true]) {
    const { raw, text } = pages(file, layout);
    assert.equal(raw.length, count);
    assertInOrder(text.join('\n'), texts(model), layout ? 'pdftotext -layout' : 'pdftotext');
    raw.forEach((page, index) => {
      assert.match(page, new RegExp(`Seite ${index + 1} von ${count}\\b`));
    });
  }

  // The structure tree holds the same texts in the same order, with the expected tags; page numbers
  // are artifacts and not in it.
  const tree = run(PDFINFO, ['-struct-text', file]);
  const treeTexts = [...tree.matchAll(/^\s*"(.*)"$/gm)].map((match) => match[1]).join('\n');
  assertInOrder(treeTexts, texts(model), 'Strukturbaum');
  assert.doesNotMatch(tree, /Seite \d+ von/);
  assert.match(tree, /^Document\n {2}Div\n {4}P \(block\)\n {6}"Kreis Mettmann"$/m);
  assert.match(tree, /^ {2}H1 \(block\)\n {4}"Niederschrift"\n {4}"zur Sitzung des Ausschusses für Digitalisierung"$/m);
  assert.match(tree, /^ {2}H2 \(block\)\n {4}"Tagesordnung"$/m);
  assert.match(tree, /^ {6}LI \(block\)\n {8}Lbl \(block\)\n {10}"2\."\n {8}LBody \(block\)$/m);
  assert.match(
    tree,
    /^ {10}L \(block\)\n {12}LI \(block\)\n {14}Lbl \(block\)\n {16}"1\.1\."$/m,
    'Unterpunkt verschachtelt',
  );
  assert.match(tree, /^ {2}Sect\n {4}H3 \(block\)\n {6}"Zu Punkt 2: /m);
  assert.match(tree, /^ {4}H4 \(block\)\n {6}"Beschluss:"$/m);
  assert.match(tree, /^ {6}TH:\n {9}\/Scope \/Row\n {8}"Sitzungstermin"$/m);
});

test('a long document flows over several pages: paragraphs in order, page numbers, no orphaned headings', async () => {
  requirePoppler();
  const model = longMinutes();
  const file = writePdf('long.pdf', await renderPdf(model, { creationDate: CREATED }));
  const count = pageCount(file);
  assert.ok(count >= 4, `erwartet mindestens 4 Seiten, erhalten ${count}`);
  const { raw, text } = pages(file, false);
  assert.equal(raw.length, count);
  raw.forEach((page, index) => {
    assert.match(page, new RegExp(`Seite ${index + 1} von ${count}\\b`));
  });
  const expected = texts(model);
  assertInOrder(text.join('\n'), expected, 'lange Niederschrift');
  assert.equal(expected.filter((t) => t.startsWith('Absatz ')).length, 60);

  // No page ends with a heading: the text before the page number is never an item heading.
  const headings = model.blocks.flatMap((block) => (block.type === 'item' ? [block.heading] : []));
  text.forEach((page, index) => {
    const end = squash(page);
    for (const heading of headings) {
      assert.ok(!end.endsWith(squash(heading)), `Seite ${index + 1} endet mit der Überschrift "${heading}"`);
    }
  });
});

test('edge cases: fallback letters across line ends, tabs and line breaks, empty blocks, no letterhead', async () => {
  requirePoppler();
  const names = 'Herr Łukasz Wróbel, Frau Ayşe Yılmaz und Herr Đorđević berichten über die Ausstattung der Schulen. ';
  const model: DocumentModel = {
    meta: meta('Beschlussauszug'),
    blocks: [
      { type: 'title', text: 'Beschlussauszug', subtitle: null },
      { type: 'facts', rows: [] },
      { type: 'attendance', heading: 'Anwesend waren:', groups: [{ label: 'Gäste', entries: [] }] },
      { type: 'agenda', heading: 'Tagesordnung', parts: [{ label: 'Öffentlicher Teil', public: true, entries: [] }] },
      item('7', 'Zu Punkt 7: Nachträge', []),
      paragraph(names.repeat(6)),
      paragraph('Zu Punkt 8:\tEinführung\r\nzweite Zeile mit geschützter\u2011Bindestrich'),
      paragraph(''),
      {
        type: 'letterhead',
        lines: ['Kreis Mettmann'],
        contact: [],
        placeAndDate: null,
      },
      { type: 'signatures', entries: [{ prefix: 'gez.', name: 'Dietmar Weiß', role: '' }] },
    ],
  };
  const file = writePdf('edge.pdf', await renderPdf(model, { creationDate: CREATED }));
  for (const layout of [false, true]) {
    const text = pages(file, layout).text.join('\n');
    assertInOrder(
      text,
      [
        'Beschlussauszug',
        'Anwesend waren:',
        'Gäste',
        'Tagesordnung',
        'Öffentlicher Teil',
        'Zu Punkt 7: Nachträge',
        ...Array.from({ length: 6 }, () => names),
        'Zu Punkt 8: Einführung',
        'zweite Zeile mit geschützter-Bindestrich',
        'Kreis Mettmann',
        'gez.',
        'Dietmar Weiß',
      ],
      layout ? 'Randfälle, -layout' : 'Randfälle',
    );
    // The names are whole words although they mix two font subsets (no break inside "Łukasz").
    assert.equal(text.match(/Łukasz Wróbel/g)?.length, 6);
    assert.equal(text.match(/Đorđević/g)?.length, 6);
  }
});

test('the same model and creation date give the same bytes', async () => {
  const model = sampleMinutes();
  const first = await renderPdf(model, { creationDate: CREATED });
  const second = await renderPdf(model, { creationDate: CREATED });
  assert.ok(first.equals(second), 'PDF-Bytes identisch');
  const other = await renderPdf(model, { creationDate: new Date('2022-01-01T00:00:00Z') });
  assert.ok(!first.equals(other), 'anderes Datum, andere Bytes');
});

/**
 * The public Niederschrift of the demo meeting, printed as text from the data, against the reference
 * minutes: every line of the reference appears, in order, normalising only white space and line
 * breaks. Where the reference's text differs because of the PDF's text layer, the difference is listed
 * below, one by one, with its reason.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Database } from '../../src/db/open.ts';
import { listMeetings, loadMeeting } from '../../src/db/repositories/meetings.ts';
import { loadDemo } from '../../src/demo/load.ts';
import { buildMinutes } from '../../src/documents/builders.ts';
import type { DocumentModel } from '../../src/documents/model.ts';
import { redact } from '../../src/documents/redact.ts';
import { renderPdf } from '../../src/documents/render-pdf.ts';
import { renderText } from '../../src/documents/render-text.ts';
import { backends } from '../helpers/db.ts';

const reference = readFileSync(
  new URL('../fixtures/reference/niederschrift-digitalisierung-2021-02-18.txt', import.meta.url),
  'utf8',
);
const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
const referenceLines = reference.split('\n').map(norm).filter(Boolean);

/** Lines of the reference that are artefacts of the PDF's text layer, with what Ratsinfo prints instead. */
const DOCUMENTED_DIFFERENCES: { line: RegExp | string; reason: string; instead: string | null; moved?: true }[] = [
  {
    line: 'Stellvertreter für Herrn Burghaus',
    moved: true,
    reason:
      'the annotation belongs to Marlon Buchholz; the PDF layout put it beside his name, its text layer moved it to the end of the list',
    instead: 'Marlon Buchholz (Stellvertreter für Herrn Burghaus)',
  },
  {
    line: /^-+( -+)?$/,
    reason: 'ruling lines of the PDF table around some item headings ("--------------------\\t---")',
    instead: null,
  },
  {
    line: 'Zu Punkt 10: Beitritt des Kreises Mettmann zum gemeinnützigen Verein buer-gerservice.org - Vorlage Nr. 10/003/2021',
    reason: 'hyphenation at a line break of the PDF ("buer-gerservice.org"); the agenda prints the name unbroken',
    instead:
      'Zu Punkt 10: Beitritt des Kreises Mettmann zum gemeinnützigen Verein buergerservice.org - Vorlage Nr. 10/003/2021',
  },
];

/** Lines Ratsinfo adds that the reference's text layer does not show. */
const DOCUMENTED_ADDITIONS: { line: RegExp; reason: string }[] = [
  { line: /^Anlage \d+: /, reason: 'the attachments of an item are listed by name under its section' },
];

const isDifference = (line: string) =>
  DOCUMENTED_DIFFERENCES.find((d) => (typeof d.line === 'string' ? d.line === line : d.line.test(line)));

for (const backend of backends()) {
  describe(`public Niederschrift of the demo meeting as text (${backend.name})`, () => {
    let database: Database;
    let text: string;
    let model: DocumentModel;

    before(async () => {
      database = await backend.open();
      await loadDemo(database.db);
      const { entries } = await listMeetings(database.db, { limit: 1, offset: 0 });
      const meeting = await loadMeeting(database.db, entries[0]?.id ?? 0, 'public');
      assert.ok(meeting);
      model = redact(buildMinutes(meeting), { publishNonPublicAgendaTitles: true });
      text = renderText(model);
    });
    after(() => database?.close());

    test('every line of the reference appears, in order', () => {
      const output = norm(text);
      let position = 0;
      for (const line of referenceLines) {
        const difference = isDifference(line);
        const wanted = difference ? difference.instead : line;
        if (wanted === null) continue;
        if (difference?.moved) {
          // Printed where it belongs, not where the text layer put it.
          assert.ok(output.includes(wanted), `not found: ${wanted}`);
          continue;
        }
        const found = output.indexOf(wanted, position);
        assert.ok(
          found >= 0,
          `not found after position ${position}: ${wanted}\n--- output from there:\n${output.slice(position, position + 300)}`,
        );
        position = found + wanted.length;
      }
    });

    test('every documented difference actually occurs in the reference', () => {
      for (const d of DOCUMENTED_DIFFERENCES) {
        assert.ok(
          referenceLines.some((l) => (typeof d.line === 'string' ? l === d.line : d.line.test(l))),
          `unused exception: ${d.line}`,
        );
      }
    });

    test('the output prints nothing the reference does not have, except the documented additions', () => {
      const expected = new Set(referenceLines.map((l) => isDifference(l)?.instead ?? l));
      const extra = text
        .split('\n')
        .map(norm)
        .filter((l) => l && !expected.has(l) && !DOCUMENTED_ADDITIONS.some((a) => a.line.test(l)));
      assert.deepEqual(extra, []);
    });

    test('the PDF has the same text (pdftotext), is tagged and identifies as PDF/A-2b', async () => {
      const pdf = await renderPdf(model, { creationDate: new Date('2021-03-03T12:00:00Z') });
      const dir = mkdtempSync(join(tmpdir(), 'ratsinfo-minutes-'));
      try {
        const file = join(dir, `${model.meta.fileBaseName}.pdf`);
        writeFileSync(file, pdf);
        let extracted: string;
        try {
          // -layout: physical lines top to bottom, as a reader sees them (the paper number stands at the
          // right of the title's last line).
          extracted = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
        } catch (error) {
          assert.fail(`pdftotext is needed (Debian poppler-utils): ${String(error)}`);
        }
        const pages = Number(/Seite 1 von (\d+)/.exec(extracted)?.[1]);
        assert.ok(pages >= 2, 'page numbers "Seite 1 von N"');
        for (let page = 1; page <= pages; page++) assert.ok(extracted.includes(`Seite ${page} von ${pages}`));
        // Compare without white space, page footers and the hyphens pdftotext drops at line ends; and
        // without parentheses: the PDF sets an attendee's notes in a line of their own below the name,
        // where the text prints "Name (notes)".
        const squash = (s: string) => s.replace(/Seite \d+ von \d+/g, '').replace(/[\s()-]+/g, '');
        const pdfText = squash(extracted);
        let position = 0;
        for (const line of text.split('\n').filter((l) => l.trim())) {
          const wanted = squash(line);
          const found = pdfText.indexOf(wanted, position);
          assert.ok(found >= 0, `PDF text lacks, in order: ${line}`);
          position = found + wanted.length;
        }
        const raw = pdf.toString('latin1');
        assert.match(raw, /\/StructTreeRoot/);
        assert.match(raw, /\/Marked true/);
        assert.match(raw, /\/Lang \(de-DE\)/);
        assert.match(raw, /pdfaid:part>2</);
        assert.match(raw, /pdfaid:conformance>B</);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    test('the non-public part is left out as "[...]" after its heading', () => {
      const lines = text.split('\n').map(norm).filter(Boolean);
      const heading = lines.lastIndexOf('Nicht öffentlicher Teil');
      assert.deepEqual(lines.slice(heading, heading + 2), ['Nicht öffentlicher Teil', '[...]']);
      assert.equal(lines.filter((l) => l.startsWith('Zu Punkt 12') || l.startsWith('Zu Punkt 13')).length, 0);
    });
  });
}

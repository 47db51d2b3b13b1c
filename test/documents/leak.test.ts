/**
 * Non-public content never reaches a public document: a meeting whose non-public items carry unique
 * markers in every field is printed as every document kind in every format; the public variants hold
 * none of the non-public markers (and all public ones), the full variants hold them all.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import type { Database } from '../../src/db/open.ts';
import { meetings } from '../../src/db/schema.ts';
import type { DocumentModel } from '../../src/documents/model.ts';
import { DOCUMENT_FORMATS, type DocumentFormat, meetingDocument, renderDocument } from '../../src/documents/service.ts';
import type { Visibility } from '../../src/domain/visibility.ts';
import { createApp } from '../../src/http/app.tsx';
import { importDataset } from '../../src/services/dataset/import.ts';
import type { DatasetInput } from '../../src/services/dataset/schema.ts';
import { backends } from '../helpers/db.ts';

const SECRET = 'GEHEIMXQ';
const OPEN = 'OFFENXQ';
const secret = (field: string) => `${SECRET}${field}`;
const open = (field: string) => `${OPEN}${field}`;

function dataset(slug: string, publishNonPublicAgendaTitles: boolean): DatasetInput {
  return {
    body: {
      slug,
      name: 'Gemeinde Leckstadt',
      jurisdiction: 'nrw-gemeinde',
      seat: 'Leckstadt',
      settings: { publishNonPublicAgendaTitles },
    },
    organizations: [
      {
        key: 'rat',
        kind: 'council',
        name: 'Rat',
        nameGenitive: 'des Rates',
        nameNominative: 'Der Rat',
        statutoryMembers: 3,
      },
      { key: 'frak', kind: 'faction', name: 'Fraktion Grün-Weiß', parent: 'rat' },
      { key: 'amt', kind: 'office', name: 'Liegenschaftsamt', officeNumber: '77' },
    ],
    persons: [
      { key: 'v', formOfAddress: 'Frau', givenName: 'Vera', familyName: 'Vorsitz' },
      { key: 'm', formOfAddress: 'Herr', givenName: 'Max', familyName: 'Mitglied' },
      { key: 's', formOfAddress: 'Herr', givenName: 'Sven', familyName: 'Schrift' },
      { key: 'b', formOfAddress: 'Frau', givenName: 'Berta', familyName: 'Befangen' },
    ],
    memberships: [{ person: 'v', organization: 'rat', role: 'chair', votingRight: true }],
    files: [
      {
        key: 'f-open',
        name: open('AnlageName'),
        fileName: 'offen.txt',
        mimeType: 'text/plain',
        content: open('AnlageInhalt'),
      },
      {
        key: 'f-secret',
        name: secret('AnlageName'),
        fileName: 'geheim.txt',
        mimeType: 'text/plain',
        content: secret('AnlageInhalt'),
      },
    ],
    papers: [
      { key: 'p-open', office: 'amt', year: 2024, paperType: 'Beschlussvorlage', title: open('VorlageTitel') },
      {
        key: 'p-secret',
        office: 'amt',
        year: 2024,
        reference: '77/042/2024',
        paperType: 'Beschlussvorlage',
        title: secret('VorlageTitel'),
        text: [secret('VorlageText')],
        public: false,
      },
    ],
    meetings: [
      {
        key: 'm',
        organization: 'rat',
        state: 'minutes_signed',
        startAt: '2024-06-06T18:00:00+02:00',
        invitationSentOn: '2024-05-27',
        minutesPlace: 'Leckstadt',
        minutesDate: '2024-06-20',
        contact: 's',
        publicPartClosingNote: [open('Uebergang')],
        attendance: [
          { person: 'v', role: 'chair', votingRight: true },
          { person: 'm', role: 'member', votingRight: true },
          { person: 'b', role: 'member', votingRight: true },
        ],
        agenda: [
          {
            number: '1',
            public: true,
            title: open('Titel1'),
            paper: 'p-open',
            minutesText: [open('Text1')],
            resolution: { kind: 'decision', text: [open('Beschluss1')] },
            votes: [{ yes: 3, no: 0, abstain: 0, unanimous: true }],
            addenda: [{ text: [open('Ergaenzung1')] }],
            attachments: [{ file: 'f-open', label: 'Anlage 1' }],
          },
          {
            number: '2',
            public: false,
            title: secret('Titel2'),
            subtitle: secret('Untertitel2'),
            paper: 'p-secret',
            minutesText: [secret('Text2')],
            resolution: { kind: 'recommendation', text: [secret('Beschluss2')] },
            votes: [
              {
                subject: secret('Abstimmungsgegenstand'),
                yes: 1,
                no: 0,
                abstain: 1,
                byFaction: [{ faction: 'frak', abstain: 1 }],
              },
            ],
            conflicts: [{ person: 'b', note: secret('Befangenheit') }],
            addenda: [{ heading: secret('ErgaenzungKopf'), text: [secret('Ergaenzung2')] }],
            attachments: [{ file: 'f-secret', label: 'Anlage 2' }],
            items: [
              {
                number: '2.1',
                public: false,
                supplement: true,
                title: secret('Titel21'),
                minutesText: [secret('Text21')],
              },
            ],
          },
        ],
        signatures: [
          { role: 'chair', person: 'v', signedAt: '2024-06-20T10:00:00+02:00' },
          { role: 'secretary', person: 's', signedAt: '2024-06-20T10:00:00+02:00' },
        ],
      },
    ],
  };
}

let workDir: string;

/** The text a reader sees: pdftotext for PDFs (Debian poppler-utils; CI installs it). */
function readable(body: string | Uint8Array, format: DocumentFormat): string {
  if (format !== 'pdf') return String(body);
  const file = join(workDir, `doc-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, body);
  try {
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  } catch (error) {
    throw new Error(`pdftotext failed (install poppler-utils: apt-get install poppler-utils): ${String(error)}`);
  }
}

const markersIn = (text: string, prefix: string) =>
  [...new Set(text.match(new RegExp(`${prefix}[A-Za-z0-9]+`, 'g')) ?? [])].sort();

async function documentsOf(database: Database, meetingId: number, visibility: Visibility) {
  const result: { name: string; model: DocumentModel }[] = [];
  for (const kind of ['minutes', 'invitation', 'supplement'] as const) {
    const found = await meetingDocument(database.db, { meetingId, kind, visibility });
    if (found) result.push({ name: kind, model: found.model });
  }
  for (const itemNumber of ['1', '2', '2.1']) {
    const found = await meetingDocument(database.db, { meetingId, kind: 'extract', itemNumber, visibility });
    if (found) result.push({ name: `extract ${itemNumber}`, model: found.model });
  }
  return result;
}

before(() => {
  workDir = mkdtempSync(join(tmpdir(), 'ratsinfo-leak-'));
});
after(() => rmSync(workDir, { recursive: true, force: true }));

for (const backend of backends()) {
  for (const listTitles of [false, true]) {
    describe(`no non-public content in public documents (${backend.name}, non-public titles ${listTitles ? 'listed' : 'hidden'})`, () => {
      let database: Database;
      let meetingId: number;
      const slug = `leckstadt-${listTitles ? 'titel' : 'ohne'}`;

      before(async () => {
        database = await backend.open();
        const { bodyId } = await importDataset({ db: database.db, actor: 'test' }, dataset(slug, listTitles));
        const [m] = await database.db.select({ id: meetings.id }).from(meetings).where(eq(meetings.bodyId, bodyId));
        meetingId = m?.id ?? 0;
      });
      after(() => database?.close());

      test('public variants: every kind, every format', async () => {
        const docs = await documentsOf(database, meetingId, 'public');
        assert.deepEqual(
          docs.map((d) => d.name),
          ['minutes', 'invitation', 'extract 1'],
          'the supplement and the extracts of item 2 and 2.1 are non-public only',
        );
        // Titles of non-public items may be listed where the body publishes them, nothing else.
        const allowed = listTitles ? [secret('Titel2'), secret('Titel21')] : [];
        for (const doc of docs) {
          for (const format of DOCUMENT_FORMATS) {
            const text = readable((await renderDocument(doc.model, format)).body, format);
            const leaked = markersIn(text, SECRET).filter((m) => !allowed.includes(m));
            assert.deepEqual(leaked, [], `${doc.name} as ${format}`);
            if (doc.name === 'minutes') {
              assert.deepEqual(
                markersIn(text, OPEN),
                [
                  open('AnlageName'),
                  open('Beschluss1'),
                  open('Ergaenzung1'),
                  open('Text1'),
                  open('Titel1'),
                  open('Uebergang'),
                ].sort(),
                `public content of the minutes as ${format}`,
              );
              assert.match(text.replace(/\s+/g, ' '), /\[\.\.\.\]/, 'the non-public part stands as [...]');
            }
          }
        }
      });

      test('full variants hold the non-public content', async () => {
        const docs = await documentsOf(database, meetingId, 'staff');
        assert.deepEqual(
          docs.map((d) => d.name),
          ['minutes', 'invitation', 'supplement', 'extract 1', 'extract 2'],
        );
        const minutes = docs.find((d) => d.name === 'minutes');
        assert.ok(minutes);
        for (const format of DOCUMENT_FORMATS) {
          const text = readable((await renderDocument(minutes.model, format)).body, format);
          for (const field of [
            'Titel2',
            'Untertitel2',
            'Text2',
            'Beschluss2',
            'Ergaenzung2',
            'Titel21',
            'Text21',
            'AnlageName',
            'Befangenheit',
          ]) {
            assert.ok(markersIn(text, SECRET).includes(secret(field)), `${field} in the full minutes as ${format}`);
          }
          assert.ok(text.includes('77/042/2024'), `the non-public paper in the full minutes as ${format}`);
        }
      });

      test('over HTTP: public downloads carry no marker, non-public extracts do not exist', async () => {
        const app = createApp({ db: database.db });
        const base = `/${slug}/sitzungen/${meetingId}`;
        for (const path of ['niederschrift', 'einladung', 'top/1/beschlussauszug']) {
          for (const format of DOCUMENT_FORMATS) {
            const res = await app.request(`${base}/${path}.${format}`);
            assert.equal(res.status, 200, `${path}.${format}`);
            const body = format === 'pdf' ? new Uint8Array(await res.arrayBuffer()) : await res.text();
            const text = readable(body, format);
            const allowed = listTitles ? [secret('Titel2'), secret('Titel21')] : [];
            assert.deepEqual(
              markersIn(text, SECRET).filter((m) => !allowed.includes(m)),
              [],
              `${path}.${format}`,
            );
            assert.ok(!text.includes('77/042/2024'), `non-public paper reference in ${path}.${format}`);
          }
        }
        for (const path of ['nachtrag.pdf', 'top/2/beschlussauszug.pdf', 'top/2.1/beschlussauszug.txt']) {
          const res = await app.request(`${base}/${path}`);
          assert.equal(res.status, 404, path);
          assert.ok(!(await res.text()).includes(SECRET), `404 page of ${path}`);
        }
        const page = await (await app.request(base)).text();
        assert.deepEqual(
          markersIn(page, SECRET).filter((m) => !(listTitles && [secret('Titel2'), secret('Titel21')].includes(m))),
          [],
        );
      });
    });
  }
}

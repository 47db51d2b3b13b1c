/**
 * Public file downloads (`/{body}/dateien/{id}/{fileName}`) on every storage backend: a file is public
 * only as a file of a public paper or as an attachment of a public item of signed minutes; everything
 * else is the same 404 as an unknown id. Headers (type, disposition, length, ETag, nosniff, CSP),
 * redirects to the canonical name, conditional requests, and the links on paper and meeting pages.
 */

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../src/db/open.ts';
import { bodies, files, meetings, papers } from '../../src/db/schema.ts';
import { createApp } from '../../src/http/app.tsx';
import { contentDisposition, fileTypeLabel, formatSize, safeContentType } from '../../src/http/portal/files.tsx';
import { importDataset } from '../../src/services/dataset/import.ts';
import type { DatasetInput } from '../../src/services/dataset/schema.ts';
import { backends } from '../helpers/db.ts';
import { smallTown } from '../helpers/fixtures.ts';
import { getHtml, textOf } from '../helpers/html.ts';
import { assertConditional } from '../helpers/http-cache.ts';

/** Every string that must never reach a public surface starts with this. */
const SECRET = 'ZZDATEIGEHEIM';

type App = ReturnType<typeof createApp>;

/** Bytes of a (tiny) PDF with bytes above 0x7f, so that a text round trip would break them. */
const PDF_BYTES = Buffer.concat([Buffer.from('%PDF-1.4\n%'), Buffer.from([0xe2, 0xe3, 0xcf, 0xd3]), Buffer.from('\n')]);
const PDF_NAME = 'Übersicht Maßnahmen (Entwurf) 2024.pdf';
const HTML_CONTENT = '<p>Stellungnahme</p><script>alert(1)</script>';
const MINUTES_CONTENT = 'Präsentation – Folie 1';

function dateistadt(): DatasetInput {
  return {
    body: { slug: 'dateistadt', name: 'Stadt Dateistadt', jurisdiction: 'nrw-gemeinde' },
    organizations: [
      { key: 'rat', kind: 'council', name: 'Rat', nameGenitive: 'des Rates' },
      { key: 'amt', kind: 'office', name: 'Hauptamt', officeNumber: '10' },
    ],
    files: [
      {
        key: 'f-pdf',
        name: 'Übersicht der Maßnahmen',
        fileName: PDF_NAME,
        mimeType: 'application/pdf',
        base64: PDF_BYTES.toString('base64'),
      },
      {
        key: 'f-html',
        name: 'Stellungnahme',
        fileName: 'Stellungnahme.html',
        mimeType: 'text/html',
        content: HTML_CONTENT,
      },
      { key: 'f-shared', name: 'Gemeinsame Anlage', fileName: 'Gemeinsam.txt', mimeType: 'text/plain', content: 'x' },
      {
        key: 'f-secret-paper',
        name: `${SECRET}-vorlage`,
        fileName: `${SECRET}-vorlage.txt`,
        mimeType: 'text/plain',
        content: `${SECRET}-inhalt`,
      },
      {
        key: 'f-minutes',
        name: 'Präsentation',
        fileName: 'Anlage_1_Praesentation.txt',
        mimeType: 'text/plain',
        content: MINUTES_CONTENT,
      },
      {
        key: 'f-secret-item',
        name: `${SECRET}-top`,
        fileName: `${SECRET}-top.txt`,
        mimeType: 'text/plain',
        content: `${SECRET}-inhalt`,
      },
      {
        key: 'f-unpublished',
        name: `${SECRET}-noch-nicht-unterzeichnet`,
        fileName: `${SECRET}-entwurf.txt`,
        mimeType: 'text/plain',
        content: `${SECRET}-inhalt`,
      },
      {
        key: 'f-orphan',
        name: `${SECRET}-ohne-bezug`,
        fileName: `${SECRET}-ohne-bezug.txt`,
        mimeType: 'text/plain',
        content: `${SECRET}-inhalt`,
      },
    ],
    papers: [
      {
        key: 'p-public',
        office: 'amt',
        reference: '10/001/2024',
        year: 2024,
        paperType: 'Beschlussvorlage',
        title: 'Maßnahmenplan',
        files: ['f-pdf', 'f-html', 'f-shared'],
      },
      {
        key: 'p-secret',
        office: 'amt',
        reference: '10/002/2024',
        year: 2024,
        paperType: 'Beschlussvorlage',
        title: `${SECRET}-titel`,
        public: false,
        files: ['f-secret-paper', 'f-shared'],
      },
    ],
    meetings: [
      {
        key: 'signed',
        organization: 'rat',
        state: 'minutes_signed',
        startAt: '2024-05-02T17:00:00+02:00',
        agenda: [
          {
            number: '1',
            public: true,
            title: 'Bericht der Verwaltung',
            attachments: [{ file: 'f-minutes', label: 'Anlage 1' }],
          },
          {
            number: '2',
            public: false,
            title: 'Grundstücksangelegenheit',
            attachments: [{ file: 'f-secret-item', label: 'Anlage 2' }],
          },
        ],
      },
      {
        key: 'held',
        organization: 'rat',
        state: 'held',
        startAt: '2024-06-06T17:00:00+02:00',
        agenda: [
          {
            number: '1',
            public: true,
            title: 'Bericht der Verwaltung',
            attachments: [{ file: 'f-unpublished', label: 'Anlage 1' }],
          },
        ],
      },
    ],
  };
}

test('file helpers: sizes, type labels, content types, RFC 6266 disposition', () => {
  assert.equal(formatSize(1), '1 Byte');
  assert.equal(formatSize(1023), '1023 Byte');
  assert.equal(formatSize(12 * 1024), '12 KB');
  assert.equal(formatSize(Math.round(1.2 * 1024 * 1024)), '1,2 MB');
  assert.equal(fileTypeLabel('application/pdf', 'a.pdf'), 'PDF');
  assert.equal(
    fileTypeLabel('application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'a.docx'),
    'Word',
  );
  assert.equal(fileTypeLabel('application/octet-stream', 'Plan.dwg'), 'DWG');
  assert.equal(fileTypeLabel('application/octet-stream', 'ohne-endung'), 'Datei');
  assert.equal(safeContentType('text/plain; charset=iso-8859-1'), 'text/plain; charset=iso-8859-1');
  assert.equal(safeContentType('text/html\r\nSet-Cookie: a=b'), 'application/octet-stream');
  assert.equal(safeContentType('kaputt'), 'application/octet-stream');
  assert.equal(
    contentDisposition('Ä "Bericht"\\2024;(1)*.pdf'),
    `inline; filename="Ae _Bericht__2024;(1)*.pdf"; filename*=UTF-8''%C3%84%20%22Bericht%22%5C2024%3B%281%29%2A.pdf`,
  );
  assert.equal(contentDisposition('日本.pdf'), `inline; filename="__.pdf"; filename*=UTF-8''%E6%97%A5%E6%9C%AC.pdf`);
});

for (const backend of backends()) {
  describe(`public file downloads (${backend.name})`, () => {
    let database: Database;
    let app: App;
    const logged: unknown[] = [];
    const ids: Record<string, number> = {};
    let signedId: number;
    let heldId: number;
    let paperId: number;

    const fileUrl = (key: string, fileName: string) =>
      `/dateistadt/dateien/${ids[key]}/${encodeURIComponent(fileName)}`;

    before(async () => {
      database = await backend.open();
      const ctx = { db: database.db, actor: 'test' };
      const { bodyId } = await importDataset(ctx, dateistadt());
      await importDataset(ctx, smallTown({ slug: 'andere-stadt' }));
      const rows = await database.db
        .select({ id: files.id, fileName: files.fileName, name: files.name })
        .from(files)
        .where(eq(files.bodyId, bodyId));
      const keyOf: Record<string, string> = {
        [PDF_NAME]: 'f-pdf',
        'Stellungnahme.html': 'f-html',
        'Gemeinsam.txt': 'f-shared',
        [`${SECRET}-vorlage.txt`]: 'f-secret-paper',
        'Anlage_1_Praesentation.txt': 'f-minutes',
        [`${SECRET}-top.txt`]: 'f-secret-item',
        [`${SECRET}-entwurf.txt`]: 'f-unpublished',
        [`${SECRET}-ohne-bezug.txt`]: 'f-orphan',
      };
      for (const row of rows) ids[keyOf[row.fileName] as string] = row.id;
      assert.equal(Object.keys(ids).length, 8);
      const meetingRows = await database.db
        .select({ id: meetings.id, state: meetings.state })
        .from(meetings)
        .where(eq(meetings.bodyId, bodyId));
      signedId = meetingRows.find((m) => m.state === 'minutes_signed')?.id as number;
      heldId = meetingRows.find((m) => m.state === 'held')?.id as number;
      const [paper] = await database.db
        .select({ id: papers.id })
        .from(papers)
        .innerJoin(bodies, eq(bodies.id, papers.bodyId))
        .where(and(eq(bodies.slug, 'dateistadt'), eq(papers.reference, '10/001/2024')));
      paperId = paper?.id as number;
      app = createApp({ db: database.db, logError: (error) => logged.push(error) });
    });

    after(async () => {
      await database?.close();
    });

    test("a public paper's file: the stored bytes with type, disposition, length, ETag and nosniff", async () => {
      const res = await app.request(fileUrl('f-pdf', PDF_NAME));
      assert.equal(res.status, 200);
      const bytes = Buffer.from(await res.arrayBuffer());
      assert.deepEqual(bytes, PDF_BYTES);
      assert.equal(res.headers.get('content-type'), 'application/pdf');
      assert.equal(
        res.headers.get('content-disposition'),
        `inline; filename="Uebersicht Massnahmen (Entwurf) 2024.pdf"; ` +
          `filename*=UTF-8''%C3%9Cbersicht%20Ma%C3%9Fnahmen%20%28Entwurf%29%202024.pdf`,
      );
      assert.equal(res.headers.get('content-length'), String(PDF_BYTES.length));
      assert.equal(res.headers.get('etag'), `"${createHash('sha256').update(PDF_BYTES).digest('hex')}"`);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      assert.match(res.headers.get('cache-control') ?? '', /^public, max-age=\d+$/);
      assert.ok(!Number.isNaN(Date.parse(res.headers.get('last-modified') ?? '')));
      assert.equal(res.headers.get('content-security-policy'), null, 'a PDF is shown by the browser as usual');
    });

    test('an HTML file is shown in a sandbox: no script, no access to the site', async () => {
      const res = await app.request(fileUrl('f-html', 'Stellungnahme.html'));
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
      const csp = res.headers.get('content-security-policy') ?? '';
      assert.match(csp, /(^|; )sandbox(;|$)/, csp);
      assert.match(csp, /default-src 'none'/);
      assert.doesNotMatch(csp, /allow-scripts|allow-same-origin|script-src/);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    });

    test('an attachment of a public item of signed minutes is public; UTF-8 text gets its charset', async () => {
      const res = await app.request(fileUrl('f-minutes', 'Anlage_1_Praesentation.txt'));
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'text/plain; charset=utf-8');
      assert.equal(await res.text(), MINUTES_CONTENT);
      // A file of a public paper stays public when a non-public paper uses it too.
      assert.equal((await app.request(fileUrl('f-shared', 'Gemeinsam.txt'))).status, 200);
    });

    test('non-public, unpublished, unattached, unknown or foreign files: the same 404, nothing revealed', async () => {
      const before = logged.length;
      const unknown = await app.request('/dateistadt/dateien/99999999/irgendwas.txt');
      assert.equal(unknown.status, 404);
      const reference = textOf(await unknown.text());
      assert.ok(reference.includes('Diese Datei gibt es nicht.'), reference);
      const paths = [
        fileUrl('f-secret-paper', `${SECRET}-vorlage.txt`),
        fileUrl('f-secret-item', `${SECRET}-top.txt`),
        fileUrl('f-unpublished', `${SECRET}-entwurf.txt`),
        fileUrl('f-orphan', `${SECRET}-ohne-bezug.txt`),
        // A wrong name must not redirect (a redirect would reveal the real name).
        `/dateistadt/dateien/${ids['f-secret-paper']}/falsch.txt`,
        // A public file under another body, or under a body that does not exist.
        `/andere-stadt/dateien/${ids['f-pdf']}/${encodeURIComponent(PDF_NAME)}`,
        `/gibt-es-nicht/dateien/${ids['f-pdf']}/${encodeURIComponent(PDF_NAME)}`,
        ...['abc', '0', '-1', '1.5', '99999999999999999999'].map((id) => `/dateistadt/dateien/${id}/x.pdf`),
      ];
      for (const path of paths) {
        const res = await app.request(path);
        const body = await res.text();
        assert.equal(res.status, 404, path);
        assert.equal(textOf(body), reference, `${path}: the same page as an unknown file`);
        assert.equal(res.headers.get('cache-control'), 'no-store', `${path}: an error page is not cached`);
        assert.equal(res.headers.get('location'), null);
        assert.ok(!body.includes(SECRET), path);
        assert.doesNotMatch(body, /^\s+at /m, 'no stack trace');
      }
      assert.equal(logged.length, before, 'expected 404s are not reported as errors');
    });

    test('a wrong or outdated file name redirects to the canonical URL', async () => {
      const canonical = fileUrl('f-pdf', PDF_NAME);
      for (const name of ['alter-name.pdf', encodeURIComponent(PDF_NAME.normalize('NFD')), 'Übersicht.pdf']) {
        const res = await app.request(`/dateistadt/dateien/${ids['f-pdf']}/${name}`);
        assert.equal(res.status, 301, name);
        assert.equal(res.headers.get('location'), canonical, name);
      }
      assert.equal(
        canonical,
        `/dateistadt/dateien/${ids['f-pdf']}/%C3%9Cbersicht%20Ma%C3%9Fnahmen%20(Entwurf)%202024.pdf`,
      );
      assert.equal((await app.request(canonical)).status, 200);
    });

    test('files and documents answer conditional requests with 304', async () => {
      await assertConditional(app, fileUrl('f-pdf', PDF_NAME));
      await assertConditional(app, fileUrl('f-minutes', 'Anlage_1_Praesentation.txt'));
      for (const document of ['niederschrift.txt', 'niederschrift.html', 'niederschrift.pdf', 'einladung.pdf']) {
        await assertConditional(app, `/dateistadt/sitzungen/${signedId}/${document}`);
      }
    });

    test('the paper page links its files with type and size', async () => {
      const html = await getHtml(app, `/dateistadt/vorlagen/${paperId}`);
      assert.ok(
        html.includes(`<a href="${fileUrl('f-pdf', PDF_NAME)}" type="application/pdf">Übersicht der Maßnahmen</a>`),
        'link to the PDF',
      );
      const text = textOf(html);
      assert.ok(text.includes(`Übersicht der Maßnahmen (PDF, ${PDF_BYTES.length} Byte)`), text);
      assert.ok(text.includes(`Stellungnahme (HTML, ${Buffer.byteLength(HTML_CONTENT)} Byte)`), text);
      assert.ok(text.includes('Gemeinsame Anlage (Text, 1 Byte)'), text);
    });

    test('the meeting page lists the attachments of the signed minutes, public items only', async () => {
      const html = await getHtml(app, `/dateistadt/sitzungen/${signedId}`);
      const section = html.slice(html.indexOf('id="dokumente"'));
      assert.ok(section.includes('<h3>Anlagen zur Niederschrift</h3>'), section);
      const text = textOf(section);
      const size = Buffer.byteLength(MINUTES_CONTENT);
      assert.ok(text.includes(`Anlage 1 zu TOP 1: Präsentation (Text, ${size} Byte)`), text);
      assert.ok(section.includes(`href="${fileUrl('f-minutes', 'Anlage_1_Praesentation.txt')}"`));
      assert.ok(!text.includes('Anlage 2'), 'no attachment of the non-public item');

      const held = await getHtml(app, `/dateistadt/sitzungen/${heldId}`);
      assert.ok(!held.includes('Anlagen zur Niederschrift'), 'minutes not signed: no attachments');
      assert.ok(!held.includes('/dateien/'));
    });

    test('no non-public file, its name or its URL appears on any page; every file link works', async () => {
      const secretIds = ['f-secret-paper', 'f-secret-item', 'f-unpublished', 'f-orphan'].map((k) => ids[k]);
      const pages = [
        '/',
        '/sitzungen',
        '/dateistadt',
        '/dateistadt/vorlagen',
        `/dateistadt/vorlagen/${paperId}`,
        `/dateistadt/sitzungen/${signedId}`,
        `/dateistadt/sitzungen/${heldId}`,
      ];
      const links = new Set<string>();
      for (const page of pages) {
        const html = await getHtml(app, page);
        assert.ok(!html.includes(SECRET), page);
        for (const id of secretIds) assert.ok(!html.includes(`/dateien/${id}/`), `${page}: file ${id}`);
        for (const m of html.matchAll(/href="(\/[^"]*\/dateien\/[^"]+)"/g)) links.add(m[1] as string);
      }
      assert.equal(links.size, 4, [...links].join(' '));
      for (const link of links) assert.equal((await app.request(link)).status, 200, link);
    });
  });
}

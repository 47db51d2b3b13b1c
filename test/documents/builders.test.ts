/**
 * Einladung, Nachtrag and Beschlussauszug of the demo meeting and of a small test meeting: what each
 * document says, and how it is served (content type, stable file name).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import type { Database } from '../../src/db/open.ts';
import { listMeetings } from '../../src/db/repositories/meetings.ts';
import { bodies, meetings } from '../../src/db/schema.ts';
import { loadDemo } from '../../src/demo/load.ts';
import { fileNamePart } from '../../src/documents/builders.ts';
import { renderText } from '../../src/documents/render-text.ts';
import { meetingDocument } from '../../src/documents/service.ts';
import { createApp } from '../../src/http/app.tsx';
import { importDataset } from '../../src/services/dataset/import.ts';
import { backends } from '../helpers/db.ts';
import { smallTown } from '../helpers/fixtures.ts';

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter(Boolean);

test('file name parts transliterate umlauts and ß', () => {
  assert.equal(fileNamePart('Ausschuss für Digitalisierung'), 'Ausschuss-fuer-Digitalisierung');
  assert.equal(fileNamePart('Straßen- und Grünflächenausschuss (ÖPNV)'), 'Strassen-und-Gruenflaechenausschuss-OePNV');
});

const [backend] = backends();
assert.ok(backend);

describe('documents of the demo meeting', () => {
  let database: Database;
  let meetingId: number;

  before(async () => {
    database = await backend.open();
    await loadDemo(database.db);
    meetingId = (await listMeetings(database.db, { limit: 1, offset: 0 })).entries[0]?.id ?? 0;
  });
  after(() => database?.close());

  test('the invitation: time, place, the agenda in both parts with papers, signed by the chair', async () => {
    const found = await meetingDocument(database.db, { meetingId, kind: 'invitation', visibility: 'public' });
    assert.ok(found);
    const text = lines(renderText(found.model));
    assert.equal(found.model.meta.fileBaseName, 'Einladung_Ausschuss-fuer-Digitalisierung_2021-02-18');
    for (const expected of [
      'Einladung',
      'zur Sitzung des Ausschusses für Digitalisierung',
      'Sitzungstermin Donnerstag, den 18.02.2021, 16:30 Uhr',
      'Öffentlicher Teil',
      '- 1.1. Eröffnung der Sitzung',
      '7. Nachtragshaushalt 2021 20/003/2021',
      '11. Nachträge',
      'Nicht öffentlicher Teil',
      '12. Informationen der Verwaltung',
      'gez.',
      'Dietmar Weiß',
    ]) {
      assert.ok(text.includes(expected), `invitation lacks: ${expected}`);
    }
    assert.ok(text.indexOf('Öffentlicher Teil') < text.indexOf('Nicht öffentlicher Teil'));
    assert.ok(
      !text.some((l) => l.includes('Software-Umstellung Gesundheitsamt')),
      'item 11.1 came with the Nachtrag, not with the invitation',
    );
  });

  test('the supplement lists the items added after the invitation', async () => {
    const found = await meetingDocument(database.db, { meetingId, kind: 'supplement', visibility: 'public' });
    assert.ok(found);
    const text = lines(renderText(found.model));
    assert.ok(text.includes('Nachtrag zur Tagesordnung'));
    assert.ok(text.includes('- 11.1. Software-Umstellung Gesundheitsamt 10/009/2021'));
    assert.ok(text.includes('11. Nachträge'), 'the parent item for context');
    assert.ok(!text.some((l) => l.startsWith('7. ')), 'items of the original agenda are not repeated');
  });

  test('the extract of item 7: its recommendation and vote, certified by the Schriftführer', async () => {
    const found = await meetingDocument(database.db, {
      meetingId,
      kind: 'extract',
      itemNumber: '7',
      visibility: 'public',
    });
    assert.ok(found);
    const text = lines(renderText(found.model));
    assert.equal(found.model.meta.fileBaseName, 'Beschlussauszug_Ausschuss-fuer-Digitalisierung_2021-02-18_TOP-7');
    const start = text.indexOf('Zu Punkt 7: Nachtragshaushalt 2021 - Vorlage Nr. 20/003/2021');
    assert.ok(start > 0);
    assert.deepEqual(text.slice(start + 1, start + 2), ['Beschlussvorschlag:']);
    assert.ok(text.includes('Abstimmungsergebnis: einstimmig angenommen'));
    assert.ok(text.includes('1 Enthaltung AfD-Fraktion'));
    assert.ok(!text.some((l) => l.startsWith('Frau KA Anfang')), 'no course of discussion in an extract');
    assert.deepEqual(text.slice(-3), ['Für die Richtigkeit des Auszugs:', 'gez.', 'Rüdiger Gramenz']);
    assert.equal(
      await meetingDocument(database.db, { meetingId, kind: 'extract', itemNumber: '5', visibility: 'public' }),
      undefined,
      'item 5 has no resolution: no extract',
    );
  });

  test('served with content type, stable file name, and linked from the meeting page', async () => {
    const app = createApp({ db: database.db });
    const base = `/kreis-mettmann/sitzungen/${meetingId}`;
    const page = await (await app.request(base)).text();
    for (const [path, type] of [
      ['niederschrift.pdf', 'application/pdf'],
      ['niederschrift.html', 'text/html; charset=utf-8'],
      ['niederschrift.txt', 'text/plain; charset=utf-8'],
      ['einladung.pdf', 'application/pdf'],
      ['nachtrag.txt', 'text/plain; charset=utf-8'],
      ['top/10/beschlussauszug.pdf', 'application/pdf'],
    ] as const) {
      assert.ok(page.includes(`href="${base}/${path}"`), `meeting page links ${path}`);
      const res = await app.request(`${base}/${path}`);
      assert.equal(res.status, 200, path);
      assert.equal(res.headers.get('content-type'), type, path);
    }
    const res = await app.request(`${base}/niederschrift.pdf`);
    assert.equal(
      res.headers.get('content-disposition'),
      'inline; filename="Niederschrift_Ausschuss-fuer-Digitalisierung_2021-02-18.pdf"',
    );
    assert.equal(new TextDecoder().decode((await res.arrayBuffer()).slice(0, 5)), '%PDF-');
    for (const missing of [
      'niederschrift.docx',
      'protokoll.pdf',
      'top/5/beschlussauszug.pdf',
      'top/x/beschlussauszug.pdf',
    ]) {
      assert.equal((await app.request(`${base}/${missing}`)).status, 404, missing);
    }
    assert.equal((await app.request(`/anderer-kreis/sitzungen/${meetingId}/niederschrift.pdf`)).status, 404);
  });
});

describe('documents that do not exist yet for the public', () => {
  let database: Database;
  let meetingId: number;
  let bodyId: number;

  before(async () => {
    database = await backend.open();
    const town = smallTown();
    const meeting = town.meetings?.[0];
    assert.ok(meeting);
    meeting.state = 'planned';
    ({ bodyId } = await importDataset({ db: database.db, actor: 'test' }, town));
    const [m] = await database.db.select({ id: meetings.id }).from(meetings).where(eq(meetings.bodyId, bodyId));
    meetingId = m?.id ?? 0;
  });
  after(() => database?.close());

  test('a planned meeting has no public invitation and no minutes; staff see drafts', async () => {
    for (const kind of ['invitation', 'minutes', 'supplement'] as const) {
      assert.equal(await meetingDocument(database.db, { meetingId, kind, visibility: 'public' }), undefined, kind);
    }
    const draft = await meetingDocument(database.db, { meetingId, kind: 'minutes', visibility: 'staff' });
    assert.ok(draft);
    assert.ok(lines(renderText(draft.model)).includes('Niederschrift (Entwurf)'));
    const app = createApp({ db: database.db });
    const [slug] = (await database.db.select({ slug: bodies.slug }).from(bodies).where(eq(bodies.id, bodyId))).map(
      (b) => b.slug,
    );
    const page = await (await app.request(`/${slug}/sitzungen/${meetingId}`)).text();
    assert.match(page, /Die Tagesordnung ist noch nicht veröffentlicht\./);
    assert.ok(!page.includes('Haushaltssatzung 2025'), 'the draft agenda of a planned meeting is not shown');
    assert.match(page, /Zu dieser Sitzung sind noch keine Dokumente veröffentlicht\./);
    const invitation = await meetingDocument(database.db, { meetingId, kind: 'invitation', visibility: 'staff' });
    assert.ok(invitation);
    const text = lines(renderText(invitation.model));
    assert.ok(text.includes('gez.') && text.includes('Anna Acker'), 'convened by the chair of the committee');
  });
});

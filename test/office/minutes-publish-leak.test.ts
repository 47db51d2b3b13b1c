/**
 * Signed is not public (issue 6, part 6): a meeting whose minutes are signed but not published shows its
 * minutes on NO public surface — the portal's meeting page, the documents (minutes, extract), the search,
 * the Atom feed of minutes, the faction's votes and the OParl API (meeting with resultsProtocol and
 * attendance, agenda item with result, resolution and minutes text) — on every storage backend. After
 * publishing they appear everywhere; a correction then shows its text and "Berichtigt am", never its reason.
 * Taking the publication back makes them private again on every surface.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import type { Database } from '../../src/db/open.ts';
import { bodies, meetings, organizations, persons } from '../../src/db/schema.ts';
import type { Actor } from '../../src/domain/permissions.ts';
import { createApp } from '../../src/http/app.tsx';
import type { ServiceContext } from '../../src/services/context.ts';
import { importDataset } from '../../src/services/dataset/import.ts';
import { loadMeetingRecord, recordItemVote, saveItemTexts } from '../../src/services/meetings-record.ts';
import {
  correctMinutes,
  publishMinutes,
  signMinutes,
  submitMinutes,
  unpublishMinutes,
} from '../../src/services/minutes-finish.ts';
import { backends } from '../helpers/db.ts';
import { textOf } from '../helpers/html.ts';
import { townWithSecretary } from './minutes-fixtures.ts';

/** Words found only in the minutes (German stems index them; the search looks for the first). */
const MARKER = 'Zebrastreifenmarkierung';
const RESOLUTION = 'Der Ausschuss beschließt die Quarzsandstreuung.';
const CORRECTED = 'Nach Berichtigung: Xylophonorchester.';
const REASON = 'Vertraulicher Hinweis zur Berichtigung';

for (const backend of backends()) {
  describe(`signed but unpublished minutes stay private (${backend.name})`, () => {
    let database: Database;
    let app: ReturnType<typeof createApp>;
    let ctx: ServiceContext;
    let clerk: Actor;
    let slug: string;
    let meetingId: number;
    let itemId: number;
    let factionId: number;

    const version = async () => {
      const [m] = await database.db.select().from(meetings).where(eq(meetings.id, meetingId));
      return m?.version ?? 0;
    };
    const get = async (path: string) => {
      const res = await app.request(path);
      return { status: res.status, text: await res.text() };
    };

    /** Every public surface, as text (404s as their status). */
    async function surfaces() {
      const out = {
        meeting: await get(`/${slug}/sitzungen/${meetingId}`),
        minutesHtml: await get(`/${slug}/sitzungen/${meetingId}/niederschrift.html`),
        minutesTxt: await get(`/${slug}/sitzungen/${meetingId}/niederschrift.txt`),
        minutesPdf: await get(`/${slug}/sitzungen/${meetingId}/niederschrift.pdf`),
        extract: await get(`/${slug}/sitzungen/${meetingId}/top/2/beschlussauszug.html`),
        search: await get(`/${slug}/suche?q=${MARKER}`),
        feed: await get(`/${slug}/niederschriften.atom`),
        faction: await get(`/${slug}/fraktionen/${factionId}`),
        oparlMeeting: await get(`/oparl/v1.1/meeting/${meetingId}`),
        oparlItem: await get(`/oparl/v1.1/agendaItem/${itemId}`),
        oparlMinutes: await get(`/oparl/v1.1/meeting/${meetingId}/minutes`),
      };
      return out;
    }

    before(async () => {
      database = await backend.open();
      app = createApp({ db: database.db, logError: () => {} });
      ctx = { db: database.db, actor: 'user:1' };
      const { bodyId } = await importDataset({ db: database.db, actor: 'test' }, townWithSecretary());
      clerk = { installationAdmin: false, roles: [{ bodyId, role: 'clerk' }] };
      const [b] = await database.db.select().from(bodies).where(eq(bodies.id, bodyId));
      slug = b?.slug ?? '';
      const [m] = await database.db.select().from(meetings).where(eq(meetings.bodyId, bodyId));
      meetingId = m?.id ?? 0;
      const record = await loadMeetingRecord(database.db, meetingId);
      itemId = record?.items.find((i) => i.number === '2')?.id ?? 0;
      factionId =
        (await database.db.select().from(organizations).where(eq(organizations.bodyId, bodyId))).find(
          (o) => o.kind === 'faction',
        )?.id ?? 0;
      const person = Object.fromEntries(
        (await database.db.select().from(persons).where(eq(persons.bodyId, bodyId))).map((p) => [p.familyName, p.id]),
      );
      await saveItemTexts(ctx, clerk, meetingId, itemId, {
        version: await version(),
        minutesText: `Die Kämmerin erläutert die ${MARKER} am Rathaus.`,
        resolutionText: RESOLUTION,
      });
      await recordItemVote(ctx, clerk, meetingId, itemId, {
        version: await version(),
        yes: 3,
        no: 0,
        abstain: 1,
        byFaction: [{ factionId, yes: 2, no: 0, abstain: 0 }],
      });
      await submitMinutes(ctx, clerk, meetingId, { version: await version() });
      const chair = { installationAdmin: false, roles: [{ bodyId, role: 'chair' as const }] };
      await signMinutes(ctx, { actor: chair, personId: person.Acker ?? 0 }, meetingId, { version: await version() });
      const signed = await signMinutes(ctx, { actor: clerk, personId: person.Gast ?? 0 }, meetingId, {
        version: await version(),
      });
      assert.equal(signed.meeting.state, 'minutes_signed');
    });
    after(async () => {
      await database?.close();
    });

    /** Nothing of the minutes on any public surface. */
    async function assertPrivate() {
      const s = await surfaces();
      assert.equal(s.meeting.status, 200);
      // The search page repeats the query: its answer is checked below.
      for (const [name, { status, text }] of Object.entries(s).filter(([k]) => k !== 'search')) {
        const plain = textOf(text);
        assert.doesNotMatch(plain, new RegExp(MARKER), `${name} (${status})`);
        assert.doesNotMatch(plain, /Quarzsandstreuung/, `${name} (${status})`);
      }
      assert.match(textOf(s.search.text), /Keine Treffer/);
      assert.doesNotMatch(textOf(s.meeting.text), /Abstimmungsergebnis|angenommen/);
      assert.doesNotMatch(textOf(s.meeting.text), /Niederschrift unterzeichnet/);
      for (const doc of ['minutesHtml', 'minutesTxt', 'minutesPdf', 'extract', 'oparlMinutes'] as const) {
        assert.equal(s[doc].status, 404, doc);
      }
      assert.doesNotMatch(s.feed.text, new RegExp(`sitzungen/${meetingId}`), 'no feed entry');
      assert.doesNotMatch(textOf(s.faction.text), /Haushaltssatzung 2025/, 'no faction vote');
      const meeting = JSON.parse(s.oparlMeeting.text) as Record<string, unknown>;
      assert.equal(meeting.resultsProtocol, undefined);
      assert.equal(meeting['ratsinfo:attendance'], undefined);
      assert.equal(meeting['ratsinfo:state'], 'held', 'not yet published: held, to the public');
      assert.equal(meeting['ratsinfo:minutesDate'], undefined, 'no date of minutes the public cannot read');
      const item = JSON.parse(s.oparlItem.text) as Record<string, unknown>;
      assert.equal(item.result, undefined);
      assert.equal(item.resolutionText, undefined);
      assert.equal(item['ratsinfo:minutesText'], undefined);
      assert.equal(item['ratsinfo:votes'], undefined);
    }

    test('signed, not published: nothing of the minutes on any public surface', async () => {
      await assertPrivate();
    });

    test('published: the minutes are on every public surface, OParl sees the meeting changed', async () => {
      const before = JSON.parse((await get(`/oparl/v1.1/meeting/${meetingId}`)).text) as { modified: string };
      const [unpublished] = await database.db.select().from(meetings).where(eq(meetings.id, meetingId));
      const publishedBefore = unpublished?.modifiedAt ?? new Date();
      await publishMinutes(ctx, clerk, meetingId, { version: await version() });
      const s = await surfaces();
      assert.match(textOf(s.meeting.text), /Abstimmungsergebnis: einstimmig bei 1 Enthaltung angenommen/);
      assert.match(textOf(s.meeting.text), /Niederschrift unterzeichnet und veröffentlicht/);
      assert.match(textOf(s.minutesHtml.text), new RegExp(MARKER));
      assert.match(s.minutesTxt.text, new RegExp(MARKER));
      assert.equal(s.minutesPdf.status, 200);
      assert.match(textOf(s.extract.text), /einstimmig bei 1 Enthaltung angenommen/);
      assert.doesNotMatch(textOf(s.search.text), /Keine Treffer/);
      assert.match(textOf(s.search.text), /Haushaltssatzung 2025/);
      assert.match(s.feed.text, new RegExp(`sitzungen/${meetingId}`));
      assert.match(textOf(s.faction.text), /Haushaltssatzung 2025/);
      const meeting = JSON.parse(s.oparlMeeting.text) as Record<string, unknown> & { modified: string };
      assert.ok(meeting.resultsProtocol, 'resultsProtocol');
      assert.equal(meeting['ratsinfo:state'], 'minutes_signed');
      assert.match(String(meeting['ratsinfo:minutesDate']), /^\d{4}-\d{2}-\d{2}$/);
      assert.ok(meeting['ratsinfo:attendance'], 'attendance');
      // OParl's `modified` has whole seconds: later or equal; the row's own time is strictly later.
      assert.ok(meeting.modified >= before.modified, 'modified moved');
      const [row] = await database.db.select().from(meetings).where(eq(meetings.id, meetingId));
      assert.ok(row && row.modifiedAt > publishedBefore, 'modified_at moved');
      const item = JSON.parse(s.oparlItem.text) as Record<string, unknown>;
      assert.equal(item.resolutionText, RESOLUTION);
      assert.match(String(item['ratsinfo:minutesText']), new RegExp(MARKER));
      assert.ok(item.result);
      assert.match(s.oparlMinutes.text, new RegExp(MARKER), 'the stored minutes text');
    });

    test('corrected: the new text and "Berichtigt am", never the reason', async () => {
      await correctMinutes(ctx, clerk, meetingId, {
        version: await version(),
        reason: REASON,
        changes: [{ itemId, minutesText: CORRECTED }],
      });
      const s = await surfaces();
      for (const [name, { text }] of Object.entries(s)) {
        assert.doesNotMatch(textOf(text), /Vertraulicher Hinweis/, name);
      }
      assert.match(textOf(s.meeting.text), /Berichtigt am \d\d\.\d\d\.\d{4}/);
      assert.match(textOf(s.minutesHtml.text), /Xylophonorchester/);
      assert.match(s.minutesTxt.text, /Xylophonorchester/);
      assert.match(s.minutesTxt.text, /Berichtigt am \d\d\.\d\d\.\d{4}\./);
      assert.doesNotMatch(s.minutesTxt.text, new RegExp(MARKER), 'the old text is gone from the public');
      assert.match(s.oparlMinutes.text, /Xylophonorchester/, 'the stored OParl text was renewed');
    });

    test('publication taken back: private again everywhere, OParl sees the meeting changed', async () => {
      const before = JSON.parse((await get(`/oparl/v1.1/meeting/${meetingId}`)).text) as { modified: string };
      const [published] = await database.db.select().from(meetings).where(eq(meetings.id, meetingId));
      await unpublishMinutes(ctx, clerk, meetingId, { version: await version(), reason: 'Versehentlich' });
      await assertPrivate();
      const s = await surfaces();
      assert.doesNotMatch(textOf(s.meeting.text), /Berichtigt am|Xylophonorchester/);
      const meeting = JSON.parse(s.oparlMeeting.text) as { modified: string };
      assert.ok(meeting.modified >= before.modified, 'modified moved');
      const [row] = await database.db.select().from(meetings).where(eq(meetings.id, meetingId));
      assert.ok(row && published && row.modifiedAt > published.modifiedAt, 'modified_at moved');
      assert.equal(row?.minutesPublishedAt, null);
      assert.equal(row?.state, 'minutes_signed', 'still signed');
    });
  });
}

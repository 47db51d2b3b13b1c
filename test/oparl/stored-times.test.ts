/**
 * What migration 0011 stores for the OParl API's speed stays exact:
 * - the latest change of a meeting's and an agenda item's children (the triggers' tables) equals what the
 *   children say, computed from scratch, after every kind of write (inserts, edits, times moved back,
 *   children moved to another parent, deletions, cascades), and the API's `modified` follows;
 * - the stored text of the public minutes is the portal's `niederschrift.txt`, is used only while the
 *   meeting's time is the one it was rendered at, and goes when a name it shows changes; it is never
 *   stored for minutes that are not published, and never holds non-public content.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, eq, ne, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../src/db/open.ts';
import {
  addenda,
  agendaItemAttachments,
  agendaItems,
  attendance,
  conflicts,
  consultations,
  meetings,
  persons,
  votes,
} from '../../src/db/schema.ts';
import { renderText } from '../../src/documents/render-text.ts';
import { meetingDocument } from '../../src/documents/service.ts';
import { createApp } from '../../src/http/app.tsx';
import { storeBodyMinutesTexts } from '../../src/oparl/minutes.ts';
import { importDataset } from '../../src/services/dataset/import.ts';
import { backends } from '../helpers/db.ts';
import type { Json } from '../helpers/oparl-crawler.ts';
import { FORBIDDEN, markedTown } from './fixtures.ts';

const API = 'http://localhost/oparl/v1.1';

/** Items and meetings whose stored children's time differs from the one computed from scratch. */
async function mismatches(db: Executor): Promise<string[]> {
  const itemChildren = (item: string) =>
    sql.raw(`(select max(t) from (
      select v.modified_at as t from votes v where v.agenda_item_id = ${item}
      union all select c.modified_at from conflicts c where c.agenda_item_id = ${item}
      union all select a.modified_at from addenda a where a.agenda_item_id = ${item}
      union all select f.modified_at from agenda_item_attachments x join files f on f.id = x.file_id where x.agenda_item_id = ${item}
      union all select k.modified_at from consultations k where k.agenda_item_id = ${item}) x)`);
  const result = await db.execute(sql`
    select 'item ' || i.id as what from agenda_items i
      left join oparl_item_children_modified s on s.agenda_item_id = i.id
      where s.modified_at is distinct from ${itemChildren('i.id')}
    union all select 'meeting ' || m.id from meetings m
      left join oparl_meeting_children_modified s on s.meeting_id = m.id
      where s.modified_at is distinct from (select max(t) from (
        select mi.modified_at as t from agenda_items mi where mi.meeting_id = m.id
        union all select ${itemChildren('mi.id')} from agenda_items mi where mi.meeting_id = m.id
        union all select at.modified_at from attendance at where at.meeting_id = m.id) x)
    union all select 'orphan item row ' || s.agenda_item_id from oparl_item_children_modified s
      where not exists (select 1 from agenda_items i where i.id = s.agenda_item_id)
    union all select 'orphan meeting row ' || s.meeting_id from oparl_meeting_children_modified s
      where not exists (select 1 from meetings m where m.id = s.meeting_id)`);
  return (result as unknown as { rows: { what: string }[] }).rows.map((r) => r.what);
}

/** Deletes an agenda item with its children (the foreign keys do not cascade). */
async function deleteItem(db: Executor, id: number) {
  for (const table of ['votes', 'conflicts', 'addenda', 'agenda_item_attachments', 'rapporteurs']) {
    await db.execute(sql`delete from ${sql.raw(table)} where agenda_item_id = ${id}`);
  }
  await db.execute(sql`update consultations set agenda_item_id = null where agenda_item_id = ${id}`);
  await db.execute(sql`update agenda_items set parent_id = null where parent_id = ${id}`);
  await db.delete(agendaItems).where(eq(agendaItems.id, id));
}

/** Deletes a meeting with its agenda, attendance, signatures and rapporteurs. */
async function deleteMeeting(db: Executor, id: number) {
  const items = await db.select({ id: agendaItems.id }).from(agendaItems).where(eq(agendaItems.meetingId, id));
  for (const item of items) await deleteItem(db, item.id);
  for (const table of ['attendance', 'minutes_signatures', 'rapporteurs']) {
    await db.execute(sql`delete from ${sql.raw(table)} where meeting_id = ${id}`);
  }
  await db.delete(meetings).where(eq(meetings.id, id));
}

async function getJson(app: ReturnType<typeof createApp>, url: string): Promise<Json> {
  const res = await app.request(url);
  const text = await res.text();
  assert.equal(res.status, 200, `${url}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

async function storedTexts(db: Executor): Promise<Map<number, string>> {
  const result = await db.execute(sql`select meeting_id as id, text from oparl_minutes_texts order by meeting_id`);
  const rows = (result as unknown as { rows: { id: number; text: string }[] }).rows;
  return new Map(rows.map((r) => [Number(r.id), r.text]));
}

for (const backend of backends()) {
  describe(`OParl: stored times and minutes' texts (${backend.name})`, () => {
    let database: Database;
    let bodyId: number;
    let otherBodyId: number;
    let app: ReturnType<typeof createApp>;

    before(async () => {
      database = await backend.open();
      bodyId = (await importDataset({ db: database.db, actor: 'test' }, markedTown('zeitstadt'))).bodyId;
      otherBodyId = (await importDataset({ db: database.db, actor: 'test' }, markedTown('zweitstadt'))).bodyId;
      app = createApp({ db: database.db });
    });

    after(async () => {
      await database?.close();
    });

    test("the children's times stay exact through every kind of write", async () => {
      const db = database.db;
      const check = async (step: string) => assert.deepEqual(await mismatches(db), [], step);
      const count = await db.execute(sql`select count(*)::int as n from oparl_meeting_children_modified`);
      assert.ok((count as unknown as { rows: { n: number }[] }).rows[0]?.n, 'rows after the import');
      await check('after the import');

      const [vote] = await db.select().from(votes).limit(1);
      const [item] = await db
        .select()
        .from(agendaItems)
        .where(eq(agendaItems.id, vote?.agendaItemId ?? 0));
      const [other] = await db
        .select()
        .from(agendaItems)
        .where(and(ne(agendaItems.meetingId, item?.meetingId ?? 0)))
        .limit(1);
      assert.ok(vote && item && other);

      await db.update(votes).set({ subject: 'geändert' }).where(eq(votes.id, vote.id));
      await check('a vote edited');
      await db.insert(addenda).values({ agendaItemId: item.id, position: 99, heading: 'Nachtrag', text: 'Text' });
      await check('an addendum added');
      await db.execute(sql`update votes set modified_at = '2019-01-01T00:00:00Z' where id = ${vote.id}`);
      await check('a vote moved back in time');
      await db.execute(sql`update files set name = name || ' (neu)'
        where id in (select file_id from agenda_item_attachments)`);
      await check('attached files edited');
      await db.execute(sql`update files set modified_at = '2018-01-01T00:00:00Z'`);
      await check('files moved back in time');
      const [attachment] = await db.select().from(agendaItemAttachments).limit(1);
      assert.ok(attachment);
      await db.delete(agendaItemAttachments).where(eq(agendaItemAttachments.fileId, attachment.fileId));
      await check('an attachment removed');
      await db.update(votes).set({ agendaItemId: other.id }).where(eq(votes.id, vote.id));
      await check('a vote moved to an item of another meeting');
      const [consultation] = await db.select().from(consultations).where(sql`agenda_item_id is not null`).limit(1);
      assert.ok(consultation);
      await db.update(consultations).set({ agendaItemId: item.id }).where(eq(consultations.id, consultation.id));
      await check('a consultation moved to another item');
      await db
        .update(agendaItems)
        .set({ meetingId: other.meetingId, number: '99', position: 99 })
        .where(eq(agendaItems.id, item.id));
      await check('an item moved to another meeting');
      const [present] = await db.select().from(attendance).limit(1);
      assert.ok(present);
      await db
        .update(attendance)
        .set({ status: 'excused' })
        .where(and(eq(attendance.meetingId, present.meetingId), eq(attendance.personId, present.personId)));
      await check('attendance edited');
      await db.execute(sql`update attendance set modified_at = '2017-01-01T00:00:00Z'`);
      await check('attendance moved back in time');
      for (const table of ['votes', 'conflicts', 'addenda', 'consultations', 'agenda_items', 'attendance']) {
        await db.execute(sql`update ${sql.raw(table)} set modified_at = '2016-01-01T00:00:00Z'`);
        await check(`${table} moved back in time`);
      }
      await db.delete(conflicts);
      await check('conflicts deleted');
      await db.delete(votes).where(eq(votes.id, vote.id));
      await check('a vote deleted');
      await deleteItem(db, other.id);
      await check('an item deleted with its children');
      await deleteMeeting(db, other.meetingId);
      await check('a meeting deleted with its items and attendance');
      await db.execute(sql`select oparl_children_modified_rebuild()`);
      await check('rebuilt');
    });

    test("the API's modified follows a child's change", async () => {
      const db = database.db;
      const [vote] = await db
        .select({ id: votes.id, item: agendaItems.id, meeting: agendaItems.meetingId })
        .from(votes)
        .innerJoin(agendaItems, eq(agendaItems.id, votes.agendaItemId))
        .innerJoin(meetings, eq(meetings.id, agendaItems.meetingId))
        .where(and(eq(meetings.bodyId, otherBodyId), eq(agendaItems.public, true)))
        .limit(1);
      assert.ok(vote);
      const everything = ['meetings', 'agenda_items', 'organizations', 'locations', 'rooms', 'votes', 'files'];
      for (const table of everything)
        await db.execute(sql`update ${sql.raw(table)} set modified_at = '2015-01-01T00:00:00Z'`);
      await db.execute(sql`update consultations set modified_at = '2015-01-01T00:00:00Z'`);
      for (const table of ['conflicts', 'addenda', 'attendance']) {
        await db.execute(sql`update ${sql.raw(table)} set modified_at = '2015-01-01T00:00:00Z'`);
      }
      const before = await getJson(app, `${API}/meeting/${vote.meeting}`);
      assert.equal(before.modified, '2015-01-01T01:00:00+01:00');
      await db.update(votes).set({ subject: 'neu' }).where(eq(votes.id, vote.id));
      const meeting = await getJson(app, `${API}/meeting/${vote.meeting}`);
      const item = await getJson(app, `${API}/agendaItem/${vote.item}`);
      assert.ok(Date.parse(meeting.modified) > Date.parse('2020-01-01T00:00:00Z'), meeting.modified);
      assert.equal(item.modified, meeting.modified);
    });

    test("minutes' texts: the portal's text, used while the meeting is unchanged, dropped when a name changes", async () => {
      const db = database.db;
      const signed = await db
        .select({ id: meetings.id })
        .from(meetings)
        .where(and(eq(meetings.bodyId, bodyId), eq(meetings.state, 'minutes_signed')));
      assert.ok(signed.length >= 1);
      const portalText = async (meetingId: number) => {
        const document = await meetingDocument(db, { meetingId, kind: 'minutes', visibility: 'public' });
        assert.ok(document);
        return renderText(document.model);
      };
      const apiText = async (meetingId: number) =>
        (await getJson(app, `${API}/meeting/${meetingId}`)).resultsProtocol?.text as string | undefined;

      // The loaders store them; the API stores what it had to render.
      await db.execute(sql`delete from oparl_minutes_texts`);
      assert.equal(await storeBodyMinutesTexts(db, bodyId), signed.length);
      assert.equal(await storeBodyMinutesTexts(db, bodyId), 0, 'nothing left to store');
      let stored = await storedTexts(db);
      for (const { id } of signed) {
        assert.equal(stored.get(id), await portalText(id), `meeting ${id}`);
        for (const marker of FORBIDDEN) assert.ok(!stored.get(id)?.includes(marker), `meeting ${id}`);
      }
      await db.execute(sql`delete from oparl_minutes_texts`);
      for (const { id } of signed) assert.equal(await apiText(id), await portalText(id));
      stored = await storedTexts(db);
      assert.deepEqual([...stored.keys()].sort(), signed.map((m) => m.id).sort(), 'stored by the API');
      const all = await getJson(app, `${API}/body/${bodyId}/meeting`);
      assert.ok(
        all.data.some((m: Json) => m.resultsProtocol === undefined),
        'meetings without published minutes',
      );
      assert.deepEqual(
        [...(await storedTexts(db)).keys()].sort(),
        signed.map((m) => m.id).sort(),
        'only published minutes are stored',
      );

      // Used while valid: a stored text is what the API answers …
      const id = signed[0]?.id as number;
      await db.execute(sql`update oparl_minutes_texts set text = 'gespeichert' where meeting_id = ${id}`);
      assert.equal(await apiText(id), 'gespeichert');
      const file = await getJson(app, `${API}/meeting/${id}/minutes`);
      assert.equal(file.text, 'gespeichert');
      // … until the meeting changes: then rendered (and stored) anew.
      await db.execute(sql`update agenda_items set title = title || ' ergänzt' where meeting_id = ${id} and public`);
      const renewed = await portalText(id);
      assert.ok(renewed.includes('ergänzt'));
      assert.equal(await apiText(id), renewed);
      assert.equal((await storedTexts(db)).get(id), renewed);

      // A name the minutes show changes: the body's texts go, the next reader gets the new name.
      const [attendee] = await db
        .select({ id: persons.id })
        .from(attendance)
        .innerJoin(persons, eq(persons.id, attendance.personId))
        .where(and(eq(attendance.meetingId, id), eq(attendance.status, 'present')))
        .limit(1);
      assert.ok(attendee);
      assert.ok((await storeBodyMinutesTexts(db, otherBodyId)) >= 1);
      await db.update(persons).set({ familyName: 'Umbenannt' }).where(eq(persons.id, attendee.id));
      assert.equal((await storedTexts(db)).has(id), false);
      const renamed = await apiText(id);
      assert.ok(renamed?.includes('Umbenannt'), 'the new name');
      assert.equal(renamed, await portalText(id));
      // Another body's texts stay.
      const others = await db.execute(
        sql`select count(*)::int as n from oparl_minutes_texts where body_id <> ${bodyId}`,
      );
      assert.ok((others as unknown as { rows: { n: number }[] }).rows[0]?.n, "the other body's texts");
      // A stored file under a meeting that goes: its text goes too.
      await deleteMeeting(db, id);
      assert.equal((await storedTexts(db)).has(id), false);
    });
  });
}

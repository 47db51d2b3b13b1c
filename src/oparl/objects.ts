/**
 * Complete OParl objects for rows, with everything they embed: a page of rows at a time, with a
 * constant number of queries per page (children are read for all parents of the page at once).
 * The one exception is the text of published minutes (`resultsProtocol.text`), rendered per meeting
 * and then kept in memory (minutes.ts).
 */
import type { Executor } from '../db/open.ts';
import {
  type AgendaItemRow,
  type BodyRow,
  type ConsultationRow,
  type ExtractRow,
  type LegislativeTermRow,
  type LocationRow,
  load,
  type MeetingDocumentRow,
  type MeetingRow,
  type MembershipRow,
  type OrganizationRow,
  type PaperRow,
  type PersonRow,
  type StoredFileRow,
} from '../db/repositories/oparl.ts';
import { publicMinutesTexts } from './minutes.ts';
import * as s from './serialize.ts';

type Ctx = s.SerializeContext;
type Obj = s.OparlObject;

function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

export async function bodies(db: Executor, ctx: Ctx, rows: BodyRow[]): Promise<Obj[]> {
  const terms = ctx.omitInternal
    ? []
    : await load.legislativeTermsOfBodies(
        db,
        rows.map((r) => r.id),
      );
  const byBody = groupBy(terms, (t) => t.bodyId);
  return rows.map((r) => s.body(ctx, r, byBody.get(r.id) ?? []));
}

export function legislativeTerms(ctx: Ctx, rows: LegislativeTermRow[]): Obj[] {
  return rows.map((r) => s.legislativeTerm(ctx, r, false));
}

export function organizations(ctx: Ctx, rows: OrganizationRow[]): Obj[] {
  return rows.map((r) => s.organization(ctx, r));
}

export async function persons(db: Executor, ctx: Ctx, rows: PersonRow[]): Promise<Obj[]> {
  const memberships = ctx.omitInternal
    ? []
    : await load.membershipsOfPersons(
        db,
        rows.map((r) => r.id),
      );
  const byPerson = groupBy(memberships, (m) => m.personId);
  return rows.map((r) => s.person(ctx, r, byPerson.get(r.id) ?? []));
}

export function memberships(ctx: Ctx, rows: MembershipRow[]): Obj[] {
  return rows.map((r) => s.membership(ctx, r, false));
}

export function locations(ctx: Ctx, rows: LocationRow[], path: 'location' | 'room'): Obj[] {
  return rows.map((r) => s.location(ctx, r, path));
}

/** Agenda items with their attachments and resolution extracts. */
async function agendaItemObjects(db: Executor, ctx: Ctx, rows: AgendaItemRow[], embedded: boolean) {
  const fileIds = ctx.omitInternal ? [] : rows.flatMap((r) => r.attachmentFileIds ?? []);
  const files = await load.storedFiles(db, fileIds);
  const fileById = new Map(files.map((f) => [f.id, s.storedFile(ctx, f, true)]));
  // The extract's row is the item's (same times, same meeting): no query of its own.
  const extractById = new Map(rows.filter((r) => r.hasExtract).map((r) => [r.id, s.extractFile(ctx, r, true)]));
  return rows.map((r) =>
    s.agendaItem(
      ctx,
      r,
      {
        attachments: (r.attachmentFileIds ?? []).flatMap((id) => {
          const file = fileById.get(id);
          return file ? [file] : [];
        }),
        extract: extractById.get(r.id),
      },
      embedded,
    ),
  );
}

export function agendaItems(db: Executor, ctx: Ctx, rows: AgendaItemRow[]): Promise<Obj[]> {
  return agendaItemObjects(db, ctx, rows, false);
}

/** The published agenda items of meetings, embedded (in agenda order), by meeting. */
async function embeddedAgendaItems(db: Executor, ctx: Ctx, meetingIds: number[]): Promise<Map<number, Obj[]>> {
  const items = await load.agendaItemsOfMeetings(db, meetingIds);
  items.sort((a, b) => a.meetingId - b.meetingId || a.order - b.order);
  const objects = await agendaItemObjects(db, ctx, items, true);
  const byMeeting = new Map<number, Obj[]>();
  items.forEach((row, i) => {
    const list = byMeeting.get(row.meetingId) ?? [];
    list.push(objects[i] as Obj);
    byMeeting.set(row.meetingId, list);
  });
  return byMeeting;
}

/** Minutes Files of meetings, with the text of the public minutes (read for all of them at once). */
async function minutesFiles(db: Executor, ctx: Ctx, rows: MeetingDocumentRow[], embedded: boolean): Promise<Obj[]> {
  const texts = await publicMinutesTexts(db, rows);
  return rows.map((row) => s.meetingDocumentFile(ctx, row, 'minutes', embedded, texts.get(row.meetingId)));
}

export async function meetings(db: Executor, ctx: Ctx, rows: MeetingRow[]): Promise<Obj[]> {
  const ids = rows.map((r) => r.id);
  const withRoom = rows.filter((r) => r.roomId != null).map((r) => r.roomId as number);
  const withLocation = rows.filter((r) => r.roomId == null && r.locationId != null).map((r) => r.locationId as number);
  // The documents' rows are the meeting's (same times), under the same conditions as their sources.
  const documentRow = (r: MeetingRow): MeetingDocumentRow => ({ ...r, meetingId: r.id, meetingStartAt: r.startAt });
  const signed = rows.filter((r) => r.minutesPublished).map(documentRow);
  // Independent reads at the same time (PostgreSQL runs them on separate connections).
  const [rooms, places, itemObjectsByMeeting, minutesObjects, attendance] = await Promise.all([
    load.rooms(db, withRoom),
    load.locations(db, withLocation),
    ctx.omitInternal ? Promise.resolve(new Map<number, Obj[]>()) : embeddedAgendaItems(db, ctx, ids),
    minutesFiles(db, ctx, signed, true),
    load.attendanceOfMeetings(
      db,
      signed.map((d) => d.meetingId),
    ),
  ]);
  const attendanceByMeeting = groupBy(attendance, (a) => a.meetingId);
  const roomById = new Map(rooms.map((r) => [r.id, s.location(ctx, r, 'room')]));
  const locationById = new Map(places.map((l) => [l.id, s.location(ctx, l, 'location')]));
  const invitation = new Map(
    rows
      .filter((r) => r.state !== 'planned')
      .map((r) => [r.id, s.meetingDocumentFile(ctx, documentRow(r), 'invitation', true)]),
  );
  const supplement = new Map(
    rows
      .filter((r) => r.hasSupplement)
      .map((r) => [r.id, s.meetingDocumentFile(ctx, documentRow(r), 'supplement', true)]),
  );
  const minutes = new Map(signed.map((d, i) => [d.meetingId, minutesObjects[i] as Obj]));
  return rows.map((r) =>
    s.meeting(ctx, r, {
      location:
        r.roomId != null ? roomById.get(r.roomId) : r.locationId != null ? locationById.get(r.locationId) : undefined,
      agendaItems: itemObjectsByMeeting.get(r.id) ?? [],
      invitation: invitation.get(r.id),
      supplement: supplement.get(r.id),
      minutes: minutes.get(r.id),
      attendance: r.minutesPublished ? (attendanceByMeeting.get(r.id) ?? []) : undefined,
    }),
  );
}

export async function papers(db: Executor, ctx: Ctx, rows: PaperRow[]): Promise<Obj[]> {
  const [consultations, files] = await Promise.all([
    load.consultationsOfPapers(
      db,
      rows.map((r) => r.id),
    ),
    ctx.omitInternal
      ? Promise.resolve([] as StoredFileRow[])
      : load.storedFiles(
          db,
          rows.flatMap((r) => r.fileIds),
        ),
  ]);
  const byPaper = groupBy(consultations, (c) => c.paperId);
  const fileById = new Map(files.map((f) => [f.id, s.storedFile(ctx, f, true)]));
  return rows.map((r) =>
    s.paper(ctx, r, {
      consultations: (byPaper.get(r.id) ?? []).map((c) => s.consultation(ctx, c, true)),
      files: r.fileIds.flatMap((id) => {
        const file = fileById.get(id);
        return file ? [file] : [];
      }),
    }),
  );
}

export function consultations(ctx: Ctx, rows: ConsultationRow[]): Obj[] {
  return rows.map((r) => s.consultation(ctx, r, false));
}

export function storedFiles(ctx: Ctx, rows: StoredFileRow[]): Obj[] {
  return rows.map((r) => s.storedFile(ctx, r, false));
}

export async function meetingDocuments(
  db: Executor,
  ctx: Ctx,
  rows: MeetingDocumentRow[],
  kind: 'invitation' | 'supplement' | 'minutes',
): Promise<Obj[]> {
  if (kind === 'minutes') return minutesFiles(db, ctx, rows, false);
  return rows.map((row) => s.meetingDocumentFile(ctx, row, kind, false));
}

export function extracts(ctx: Ctx, rows: ExtractRow[]): Obj[] {
  return rows.map((r) => s.extractFile(ctx, r, false));
}

/**
 * Reads for the sitemap: the public pages of every body, in sections, each in a stable order (by id) so
 * that a large installation can be split into sitemap pages by offset. Visibility is applied HERE:
 * - papers: public papers only (`paperReadable('public')` of the one gate, visibility.ts);
 * - persons: only those the person pages show (`personPublic` of visibility.ts);
 * - councils and committees (`/gremien/{id}`), factions (`/fraktionen/{id}`): the kinds those pages show;
 * - meetings: every meeting has a public page (its non-public parts never appear on it); its lastmod
 *   counts the meeting and its published public agenda items only.
 */
import { asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Executor } from '../open.ts';
import { bodies, meetings, organizations, papers, persons } from '../schema.ts';
import { paperReadable, personPublic } from './visibility.ts';

export interface SitemapBody {
  slug: string;
  modifiedAt: Date;
}

/** Every body, by id. */
export async function sitemapBodies(db: Executor): Promise<SitemapBody[]> {
  return db.select({ slug: bodies.slug, modifiedAt: bodies.modifiedAt }).from(bodies).orderBy(asc(bodies.id));
}

/** The sections of entity pages, in sitemap order. */
export const SITEMAP_SECTIONS = ['gremien', 'fraktionen', 'personen', 'sitzungen', 'vorlagen'] as const;
export type SitemapSection = (typeof SITEMAP_SECTIONS)[number];

export interface SitemapEntry {
  /** Root-relative path: "/kreis-mettmann/sitzungen/12". */
  path: string;
  lastModified: Date;
}

interface SectionQuery {
  /** The table whose rows are the pages; its `id` orders them. */
  id: PgColumn;
  from: typeof organizations | typeof persons | typeof meetings | typeof papers;
  bodyId: PgColumn;
  where: SQL | undefined;
  lastModified: SQL<Date>;
}

function section(_db: Executor, name: SitemapSection): SectionQuery {
  switch (name) {
    case 'gremien':
      return {
        id: organizations.id,
        from: organizations,
        bodyId: organizations.bodyId,
        where: inArray(organizations.kind, ['council', 'committee']),
        lastModified: sql`${organizations.modifiedAt}`.mapWith(organizations.modifiedAt),
      };
    case 'fraktionen':
      return {
        id: organizations.id,
        from: organizations,
        bodyId: organizations.bodyId,
        where: eq(organizations.kind, 'faction'),
        lastModified: sql`${organizations.modifiedAt}`.mapWith(organizations.modifiedAt),
      };
    case 'personen':
      return {
        id: persons.id,
        from: persons,
        bodyId: persons.bodyId,
        where: personPublic(sql`${persons.id}`),
        lastModified: sql`${persons.modifiedAt}`.mapWith(persons.modifiedAt),
      };
    case 'sitzungen':
      return {
        id: meetings.id,
        from: meetings,
        bodyId: meetings.bodyId,
        where: undefined,
        // greatest() skips the null of a meeting without published public items.
        lastModified: sql`greatest(${meetings.modifiedAt}, (select max(a.modified_at) from agenda_items a
          where a.meeting_id = ${meetings.id} and a.public = true and ${meetings.state} <> 'planned'))`.mapWith(
          meetings.modifiedAt,
        ),
      };
    case 'vorlagen':
      return {
        id: papers.id,
        from: papers,
        bodyId: papers.bodyId,
        where: paperReadable('public'),
        lastModified: sql`${papers.modifiedAt}`.mapWith(papers.modifiedAt),
      };
  }
}

/** Number of pages in a section (cast: `count(*)` is a string from node-postgres). */
export async function sectionCount(db: Executor, name: SitemapSection): Promise<number> {
  const s = section(db, name);
  const [row] = await db.select({ n: sql<number>`cast(count(*) as integer)` }).from(s.from).where(s.where);
  return Number(row?.n ?? 0);
}

function sectionRows(db: Executor, name: SitemapSection, offset: number, limit: number) {
  const s = section(db, name);
  return db
    .select({ slug: bodies.slug, id: sql<number>`${s.id}`.as('id'), lastModified: s.lastModified.as('last_modified') })
    .from(s.from)
    .innerJoin(bodies, eq(bodies.id, s.bodyId))
    .where(s.where)
    .orderBy(asc(s.id))
    .limit(limit)
    .offset(offset);
}

/** Pages `offset` to `offset + limit` of a section, by id. */
export async function sectionEntries(
  db: Executor,
  name: SitemapSection,
  offset: number,
  limit: number,
): Promise<SitemapEntry[]> {
  if (limit <= 0) return [];
  const rows = await sectionRows(db, name, offset, limit);
  return rows.map((r) => ({ path: `/${r.slug}/${name}/${r.id}`, lastModified: r.lastModified }));
}

/** The latest lastmod among pages `offset` to `offset + limit` of a section; undefined when there are none. */
export async function sectionLastModified(
  db: Executor,
  name: SitemapSection,
  offset: number,
  limit: number,
): Promise<Date | undefined> {
  if (limit <= 0) return undefined;
  const range = sectionRows(db, name, offset, limit).as('range');
  const [row] = await db
    .select({ latest: sql<Date | null>`max(${range.lastModified})`.mapWith(meetings.modifiedAt) })
    .from(range);
  return row?.latest ?? undefined;
}

/**
 * `ratsinfo generate large-city` at a tiny scale, on every storage backend: the promised counts, the
 * same data for the same seed, nothing written when the slug exists or the load fails, valid data
 * (paper references, votes by the rules, sequences and counters ready for the application), and pages
 * that render without leaking the non-public part.
 */

import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { Database, Executor } from '../../src/db/open.ts';
import { isDomainError } from '../../src/domain/errors.ts';
import { decideVote } from '../../src/domain/rules/vote.ts';
import { generateLargeCity } from '../../src/generate/large-city.ts';
import { createApp } from '../../src/http/app.tsx';
import { importDataset } from '../../src/services/dataset/import.ts';
import { createPaper } from '../../src/services/papers.ts';
import { backends } from '../helpers/db.ts';
import { rowCounts, smallTown } from '../helpers/fixtures.ts';
import { getHtml, textOf } from '../helpers/html.ts';

const SCALE = 0.002;
const quiet = () => {};

/** Rows of a query as plain objects (count(*) and ids cast in SQL: pg returns bigint as strings). */
async function rows<T>(db: Executor, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

async function one<T>(db: Executor, query: ReturnType<typeof sql>): Promise<T> {
  const [row] = await rows<T>(db, query);
  assert.ok(row, 'a row');
  return row;
}

/**
 * A digest of what was generated for a body: ids, texts, dates and times of the main tables, in id
 * order. Times as epoch seconds, so that the session's time zone does not matter.
 */
async function digest(db: Executor, slug: string): Promise<string> {
  const parts = await rows<{ part: string }>(
    db,
    sql`with b as (select id from bodies where slug = ${slug})
    select md5(coalesce((select string_agg(concat_ws('|', o.id, o.kind, o.name, o.short_name, o.office_number, o.parent_id, o.start_date, o.end_date), ';' order by o.id)
      from organizations o where o.body_id = (select id from b)), '')) as part
    union all select md5(coalesce((select string_agg(concat_ws('|', p.id, p.form_of_address, p.title, p.given_name, p.family_name, p.office_title, p.email), ';' order by p.id)
      from persons p where p.body_id = (select id from b)), ''))
    union all select md5(coalesce((select string_agg(concat_ws('|', m.id, m.person_id, m.organization_id, m.term_id, m.role, m.role_label, m.voting_right, m.on_behalf_of_id, m.deputy_of_person_id, m.start_date, m.end_date), ';' order by m.id)
      from memberships m join persons p on p.id = m.person_id where p.body_id = (select id from b)), ''))
    union all select md5(coalesce((select string_agg(concat_ws('|', m.id, m.organization_id, m.state, m.cancelled, extract(epoch from m.start_at)::bigint, extract(epoch from m.end_at)::bigint,
        m.room_id, m.invitation_sent_on, m.minutes_date, m.contact_person_id, extract(epoch from m.created_at)::bigint, extract(epoch from m.modified_at)::bigint), ';' order by m.id)
      from meetings m where m.body_id = (select id from b)), ''))
    union all select md5(coalesce((select string_agg(concat_ws('|', a.id, a.meeting_id, a.parent_id, a.number, a.position, a.public, a.title, a.subtitle, a.paper_id, a.minutes_text, a.resolution_kind, a.resolution_text), ';' order by a.id)
      from agenda_items a join meetings m on m.id = a.meeting_id where m.body_id = (select id from b)), ''))
    union all select md5(coalesce((select string_agg(concat_ws('|', p.id, p.office_id, p.reference, p.paper_type, p.title, p.text, p.date, p.originator_id, p.public, extract(epoch from p.modified_at)::bigint), ';' order by p.id)
      from papers p where p.body_id = (select id from b)), ''))
    union all select md5(coalesce((select string_agg(concat_ws('|', c.id, c.paper_id, c.organization_id, c.position, c.role, c.agenda_item_id, c.status), ';' order by c.id)
      from consultations c join papers p on p.id = c.paper_id where p.body_id = (select id from b)), ''))
    union all select md5(coalesce((select string_agg(concat_ws('|', a.id, a.meeting_id, a.person_id, a.role, a.status, a.voting_right, a.substitute_for_person_id, a.function, a.position), ';' order by a.id)
      from attendance a join meetings m on m.id = a.meeting_id where m.body_id = (select id from b)), ''))
    union all select md5(coalesce((select string_agg(concat_ws('|', v.id, v.agenda_item_id, v.position, v.subject, v.method, v.yes, v.no, v.abstain, v.unanimous, v.outcome,
        (select string_agg(concat_ws(':', f.faction_id, f.yes, f.no, f.abstain), ',' order by f.faction_id) from vote_faction_results f where f.vote_id = v.id)), ';' order by v.id)
      from votes v join agenda_items a on a.id = v.agenda_item_id join meetings m on m.id = a.meeting_id where m.body_id = (select id from b)), ''))
    union all select md5(coalesce((select string_agg(concat_ws('|', f.id, f.name, f.file_name, f.mime_type, f.size, f.sha256), ';' order by f.id)
      from files f where f.body_id = (select id from b)), ''))`,
  );
  return parts.map((p) => p.part).join(',');
}

async function tableCount(db: Executor, query: ReturnType<typeof sql>): Promise<number> {
  return Number((await one<{ n: number | string }>(db, query)).n);
}

const digests = new Map<string, string>();

for (const backend of backends()) {
  describe(`generate large-city (${backend.name})`, () => {
    let first: Database;
    let second: Database;

    before(async () => {
      first = await backend.open();
      second = await backend.open();
      await generateLargeCity(first, { scale: SCALE, seed: 1 }, quiet);
    });
    after(async () => {
      await first?.close();
      await second?.close();
    });

    test('the counts scale as promised: Gremien, meetings, agenda items and papers', async () => {
      const db = first.db;
      const gremien = await tableCount(
        db,
        sql`select count(*)::int as n from organizations o join bodies b on b.id = o.body_id where b.slug = 'grossstadt' and o.kind in ('council', 'committee')`,
      );
      const meetings = await tableCount(
        db,
        sql`select count(*)::int as n from meetings m join bodies b on b.id = m.body_id where b.slug = 'grossstadt'`,
      );
      const items = await tableCount(
        db,
        sql`select count(*)::int as n from agenda_items a join meetings m on m.id = a.meeting_id join bodies b on b.id = m.body_id where b.slug = 'grossstadt'`,
      );
      const papers = await tableCount(
        db,
        sql`select count(*)::int as n from papers p join bodies b on b.id = p.body_id where b.slug = 'grossstadt'`,
      );
      // 60 Gremien, 25,000 meetings, 250,000 items and 120,000 papers at scale 1 (at least 3 Gremien).
      assert.deepEqual({ gremien, meetings, items, papers }, { gremien: 3, meetings: 50, items: 500, papers: 240 });

      await generateLargeCity(second, { scale: 0.001, seed: 1, slug: 'kleinstadt' }, quiet);
      const half = await one<{ meetings: number; items: number; papers: number }>(
        second.db,
        sql`select (select count(*)::int from meetings m join bodies b on b.id = m.body_id where b.slug = 'kleinstadt') as meetings,
          (select count(*)::int from agenda_items a join meetings m on m.id = a.meeting_id join bodies b on b.id = m.body_id where b.slug = 'kleinstadt') as items,
          (select count(*)::int from papers p join bodies b on b.id = p.body_id where b.slug = 'kleinstadt') as papers`,
      );
      assert.deepEqual(
        { meetings: Number(half.meetings), items: Number(half.items), papers: Number(half.papers) },
        { meetings: 25, items: 250, papers: 120 },
      );

      // Twenty years up to 2027, with meetings held and meetings ahead of the data's day (01.12.2026).
      const span = await one<{ first: string; last: string; held: number; ahead: number }>(
        db,
        sql`select min(start_at)::date::text as first, max(start_at)::date::text as last,
          count(*) filter (where state = 'minutes_signed')::int as held,
          count(*) filter (where state in ('planned', 'invited') and start_at > '2026-12-01')::int as ahead
          from meetings m join bodies b on b.id = m.body_id where b.slug = 'grossstadt'`,
      );
      assert.ok(span.first >= '2008-01-01' && span.first < '2009-01-01', span.first);
      assert.ok(span.last > '2027-01-01' && span.last <= '2027-12-31', span.last);
      assert.ok(Number(span.held) > 30, `signed minutes: ${span.held}`);
      assert.ok(Number(span.ahead) > 0, 'meetings ahead');
    });

    test('the same seed gives the same data; another seed other data', async () => {
      const fresh = await backend.open();
      try {
        await generateLargeCity(fresh, { scale: SCALE, seed: 1 }, quiet);
        const a = await digest(first.db, 'grossstadt');
        assert.equal(await digest(fresh.db, 'grossstadt'), a);
        digests.set(backend.name, a);
        await generateLargeCity(fresh, { scale: SCALE, seed: 2, slug: 'zweite-stadt' }, quiet);
        const b = await digest(fresh.db, 'zweite-stadt');
        // Ids differ (they follow the first city); compare what does not depend on them: the titles.
        const titles = async (slug: string) =>
          (
            await rows<{ title: string }>(
              fresh.db,
              sql`select p.title from papers p join bodies b on b.id = p.body_id where b.slug = ${slug} order by p.id`,
            )
          ).map((r) => r.title);
        assert.notDeepEqual(await titles('zweite-stadt'), await titles('grossstadt'));
        assert.notEqual(b, a);
      } finally {
        await fresh.close();
      }
    });

    test('an existing slug is refused in German and nothing is written', async () => {
      const before = await rowCounts(first.db);
      await assert.rejects(
        generateLargeCity(first, { scale: SCALE, seed: 5 }, quiet),
        (error: unknown) =>
          isDomainError(error) &&
          error.id === 'body.slug_taken' &&
          /„grossstadt“ ist bereits vergeben/.test(error.message),
      );
      assert.deepEqual(await rowCounts(first.db), before);
    });

    test('a failure during the load leaves nothing behind, triggers and indexes as they were', async () => {
      const db = first.db;
      const before = await rowCounts(db);
      const triggersBefore = await rows<{ name: string; enabled: string }>(
        db,
        sql`select tgname as name, tgenabled::text as enabled from pg_trigger where not tgisinternal order by tgname`,
      );
      // The consultations are written last: a statement trigger that refuses them fails the load late.
      await db.execute(
        sql.raw(`create function refuse_load() returns trigger language plpgsql as $$
        begin raise exception 'Testabbruch beim Laden'; end $$`),
      );
      await db.execute(
        sql.raw(
          'create trigger refuse_load before insert on consultations for each statement execute function refuse_load()',
        ),
      );
      try {
        await assert.rejects(
          generateLargeCity(first, { scale: SCALE, seed: 7, slug: 'abbruch' }, quiet),
          /Testabbruch/,
        );
      } finally {
        await db.execute(sql.raw('drop trigger refuse_load on consultations'));
        await db.execute(sql.raw('drop function refuse_load()'));
      }
      assert.deepEqual(await rowCounts(db), before);
      assert.deepEqual(
        await rows(
          db,
          sql`select tgname as name, tgenabled::text as enabled from pg_trigger where not tgisinternal order by tgname`,
        ),
        triggersBefore,
      );
      const role = await one<{ role: string }>(db, sql`select current_setting('session_replication_role') as role`);
      assert.equal(role.role, 'origin');
    });

    test('paper references are unique and well-formed, numbered without gaps per office and year', async () => {
      const db = first.db;
      const papers = await rows<{
        reference: string;
        number: number;
        year: number;
        date: string;
        office: string;
      }>(
        db,
        sql`select p.reference, p.reference_number as number, p.reference_year as year, p.date::text as date, o.office_number as office
          from papers p join organizations o on o.id = p.office_id join bodies b on b.id = p.body_id
          where b.slug = 'grossstadt' order by p.id`,
      );
      assert.equal(new Set(papers.map((p) => p.reference)).size, papers.length, 'unique');
      const numbers = new Map<string, number[]>();
      for (const p of papers) {
        const match = /^(\d{2})\/(\d{3,})\/(\d{4})$/.exec(p.reference);
        assert.ok(match, p.reference);
        assert.equal(match[1], p.office);
        assert.equal(Number(match[2]), Number(p.number));
        assert.equal(Number(match[3]), Number(p.year));
        assert.equal(p.date.slice(0, 4), String(p.year), `${p.reference} is dated ${p.date}`);
        const key = `${p.office}/${p.year}`;
        numbers.set(key, [...(numbers.get(key) ?? []), Number(p.number)]);
      }
      for (const [key, list] of numbers) {
        assert.deepEqual(
          [...list].sort((a, b) => a - b),
          list.map((_, i) => i + 1),
          `${key}: 1 … n`,
        );
      }
      // The counters are where the numbers end: the next paper of an office continues the sequence.
      const counters = await rows<{ office: string; year: number; last: number }>(
        db,
        sql`select o.office_number as office, c.year, c.last_number as last from paper_number_counters c
          join organizations o on o.id = c.office_id join bodies b on b.id = o.body_id where b.slug = 'grossstadt'`,
      );
      assert.equal(counters.length, numbers.size);
      for (const c of counters) assert.equal(Number(c.last), (numbers.get(`${c.office}/${c.year}`) ?? []).length);
      const busiest = [...numbers.entries()].sort((a, b) => b[1].length - a[1].length)[0];
      assert.ok(busiest);
      const [office, year] = busiest[0].split('/');
      const officeRow = await one<{ id: number; body: number }>(
        db,
        sql`select o.id, o.body_id as body from organizations o join bodies b on b.id = o.body_id where b.slug = 'grossstadt' and o.office_number = ${office}`,
      );
      const paper = await createPaper(
        { db, actor: 'test' },
        {
          bodyId: Number(officeRow.body),
          officeId: Number(officeRow.id),
          year: Number(year),
          paperType: 'Beschlussvorlage',
          title: 'Neue Vorlage nach dem Generieren',
        },
      );
      assert.equal(paper.referenceNumber, busiest[1].length + 1);
    });

    test('the data follows the rules: votes decided by the majority rule within the entitled voters', async () => {
      const db = first.db;
      const votes = await rows<{
        id: number;
        yes: number | null;
        no: number | null;
        abstain: number | null;
        unanimous: boolean;
        outcome: string;
        entitled: number;
        fy: number | null;
        fn: number | null;
        fa: number | null;
      }>(
        db,
        sql`select v.id, v.yes, v.no, v.abstain, v.unanimous, v.outcome::text as outcome,
          (select count(*)::int from attendance t where t.meeting_id = a.meeting_id and t.status = 'present' and t.voting_right
             and not exists (select 1 from conflicts c where c.agenda_item_id = a.id and c.person_id = t.person_id)) as entitled,
          (select sum(f.yes)::int from vote_faction_results f where f.vote_id = v.id) as fy,
          (select sum(f.no)::int from vote_faction_results f where f.vote_id = v.id) as fn,
          (select sum(f.abstain)::int from vote_faction_results f where f.vote_id = v.id) as fa
          from votes v join agenda_items a on a.id = v.agenda_item_id join meetings m on m.id = a.meeting_id
          join bodies b on b.id = m.body_id where b.slug = 'grossstadt'`,
      );
      assert.ok(votes.length > 50, `${votes.length} votes`);
      let counted = 0;
      for (const v of votes) {
        if (v.outcome === 'noted') {
          assert.equal(v.yes, null);
          continue;
        }
        if (v.yes === null) {
          assert.equal(v.unanimous, true, `vote ${v.id}: without counts only "einstimmig"`);
          continue;
        }
        counted += 1;
        const counts = { yes: Number(v.yes), no: Number(v.no), abstain: Number(v.abstain) };
        const decision = decideVote(counts);
        assert.equal(v.outcome, decision.outcome, `vote ${v.id}`);
        assert.equal(v.unanimous, decision.unanimous, `vote ${v.id}`);
        assert.ok(
          counts.yes + counts.no + counts.abstain <= Number(v.entitled),
          `vote ${v.id}: more votes than voters`,
        );
        if (v.fy !== null) {
          assert.ok(
            Number(v.fy) <= counts.yes && Number(v.fn) <= counts.no && Number(v.fa) <= counts.abstain,
            `vote ${v.id}`,
          );
        }
      }
      assert.ok(counted > 20, `${counted} counted votes`);
      const outcomes = new Set(votes.map((v) => v.outcome));
      assert.deepEqual([...outcomes].sort(), ['accepted', 'noted', 'rejected']);
    });

    test('agendas: Formalien first, the public part before the non-public one, numbers in order', async () => {
      const items = await rows<{
        meeting: number;
        number: string;
        position: number;
        public: boolean;
        parent: number | null;
        title: string;
      }>(
        first.db,
        sql`select a.meeting_id as meeting, a.number, a.position, a.public, a.parent_id as parent, a.title
          from agenda_items a join meetings m on m.id = a.meeting_id join bodies b on b.id = m.body_id
          where b.slug = 'grossstadt' order by a.meeting_id, a.position`,
      );
      const byMeeting = new Map<number, typeof items>();
      for (const i of items) byMeeting.set(i.meeting, [...(byMeeting.get(i.meeting) ?? []), i]);
      let withNonPublic = 0;
      for (const [meeting, list] of byMeeting) {
        assert.match(list[0]?.title ?? '', /^Eröffnung der Sitzung/, `meeting ${meeting}`);
        assert.deepEqual(
          list.map((i) => Number(i.position)),
          list.map((_, k) => k + 1),
        );
        const firstNonPublic = list.findIndex((i) => !i.public);
        if (firstNonPublic >= 0) {
          withNonPublic += 1;
          assert.ok(
            list.slice(firstNonPublic).every((i) => !i.public),
            `meeting ${meeting}: public after non-public`,
          );
        }
        const top = list.filter((i) => i.parent === null).map((i) => Number(i.number));
        assert.deepEqual(
          top,
          top.map((_, k) => k + 1),
          `meeting ${meeting}: 1, 2, 3 …`,
        );
      }
      assert.ok(withNonPublic > 5, `${withNonPublic} meetings with a non-public part`);
      const share = items.filter((i) => !i.public).length / items.length;
      assert.ok(share > 0.04 && share < 0.2, `non-public share ${share}`);
    });

    test('the data renders in the portal; nothing of the non-public part reaches the public pages', async () => {
      const db = first.db;
      const app = createApp({ db, logError: (error) => assert.fail(String(error)) });
      const body = textOf(await getHtml(app, '/grossstadt'));
      assert.ok(body.includes('Rat der Stadt Großstadt'), body.slice(0, 300));
      const meeting = await one<{ id: number }>(
        db,
        sql`select m.id from meetings m join bodies b on b.id = m.body_id where b.slug = 'grossstadt' and m.state = 'minutes_signed'
          and exists (select 1 from agenda_items a where a.meeting_id = m.id and not a.public)
          order by m.start_at desc limit 1`,
      );
      const page = textOf(await getHtml(app, `/grossstadt/sitzungen/${meeting.id}`));
      const items = await rows<{ public: boolean; title: string; minutes: string | null; resolution: string | null }>(
        db,
        sql`select public, title, minutes_text as minutes, resolution_text as resolution from agenda_items where meeting_id = ${meeting.id}`,
      );
      const hidden = items.filter((i) => !i.public);
      assert.ok(hidden.length > 0);
      for (const item of items.filter((i) => i.public))
        assert.ok(page.includes(item.title), `public item ${item.title}`);
      for (const item of hidden) {
        for (const text of [item.title, item.minutes, item.resolution]) {
          if (!text || /^(Genehmigung der Niederschrift|Mitteilungen der Verwaltung)/.test(text)) continue;
          assert.ok(!page.includes(text), `non-public text on the public page: ${text}`);
        }
      }
      const papers = await rows<{ id: number; public: boolean; title: string }>(
        db,
        sql`(select p.id, p.public, p.title from papers p join bodies b on b.id = p.body_id where b.slug = 'grossstadt' and p.public order by p.id desc limit 1)
          union all (select p.id, p.public, p.title from papers p join bodies b on b.id = p.body_id where b.slug = 'grossstadt' and not p.public order by p.id desc limit 1)`,
      );
      const publicPaper = papers.find((p) => p.public);
      const secretPaper = papers.find((p) => !p.public);
      assert.ok(publicPaper && secretPaper);
      assert.ok(textOf(await getHtml(app, `/grossstadt/vorlagen/${publicPaper.id}`)).includes(publicPaper.title));
      const missing = await getHtml(app, `/grossstadt/vorlagen/${secretPaper.id}`, 404);
      assert.ok(!textOf(missing).includes(secretPaper.title));
      // The generated city leaves the database ready for ordinary use: ids and numbers continue.
      await importDataset({ db, actor: 'test' }, smallTown());
    });

    test('one audit log entry records the generation', async () => {
      const entries = await rows<{ actor: string; action: string; after: { seed: number; scale: number } }>(
        first.db,
        sql`select l.actor, l.action, l.after from audit_log l join bodies b on b.id = l.body_id
          where b.slug = 'grossstadt' and l.actor = 'cli:generate'`,
      );
      // Not one entry per row: one for the whole generation.
      assert.equal(entries.length, 1);
      assert.equal(entries[0]?.action, 'generate');
      assert.equal(entries[0]?.after.seed, 1);
      assert.equal(entries[0]?.after.scale, SCALE);
    });
  });
}

test('PGlite and PostgreSQL generate the same data', { skip: !process.env.DATABASE_URL }, () => {
  assert.ok(digests.get('pglite'));
  assert.equal(digests.get('postgres'), digests.get('pglite'));
});

// --- the command ------------------------------------------------------------------------------------

const root = fileURLToPath(new URL('../..', import.meta.url));
const children = new Set<ChildProcess>();
const dirs: string[] = [];

function cli(args: string[], dataDir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  delete env.NODE_TEST_CONTEXT;
  delete env.DEBUG;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: root, env });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`ratsinfo ${args.join(' ')}: no result after 180 s`)), 180_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      children.delete(child);
      resolve({ code, stdout, stderr });
    });
  });
}

after(() => {
  for (const child of children) child.kill('SIGKILL');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('ratsinfo generate', () => {
  test('generates with German progress and summary, refuses the same slug again, explains bad input', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ratsinfo-generate-'));
    dirs.push(dataDir);
    const made = await cli(['generate', 'large-city', '--scale=0.001', '--seed=3'], dataDir);
    assert.equal(made.code, 0, made.stderr);
    assert.match(made.stderr, /Sitzungen: 25 von 25/);
    assert.match(
      made.stdout,
      /Stadt Großstadt \(„grossstadt“, Körperschaft \d+\) erzeugt: .*25 Sitzungen, 250 Tagesordnungspunkte, 120 Vorlagen/,
    );

    const again = await cli(['generate', 'large-city', '--scale=0.001', '--seed=3'], dataDir);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /Fehler: Der Kurzname „grossstadt“ ist bereits vergeben; es wurde nichts geschrieben/);
    assert.doesNotMatch(again.stderr, /^\s+at /m);

    for (const [args, message] of [
      [['generate', 'small-town'], /Unbekannter Datensatz „small-town“. Möglich ist: large-city/],
      [['generate', 'large-city', '--scale=viel'], /--scale muss eine Zahl von 0,001 bis 4 sein/],
      [['generate', 'large-city', '--slug=Groß Stadt'], /--slug besteht aus Kleinbuchstaben/],
      [
        ['generate', 'large-city', '--slug=suche'],
        /--slug: Der Kurzname „suche“ ist für Seiten von Ratsinfo reserviert/,
      ],
      [['generate', 'large-city', '--farbe=blau'], /Unbekannte Angabe „--farbe“/],
    ] as const) {
      const result = await cli([...args], dataDir);
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stderr, message);
      assert.doesNotMatch(result.stderr, /^\s+at /m);
    }
    const help = await cli(['help'], dataDir);
    assert.match(help.stdout, /^ {2}generate /m);
  });
});

/**
 * Nothing non-public reaches the public portal, wherever a crawler looks: two bodies (one publishes the
 * titles of non-public agenda items, one does not) each with a meeting whose minutes are signed, one
 * whose minutes are only drafted and one not yet published (planned). Every field that must stay
 * internal carries a unique GEHEIM marker, every field that is public an OEFFENTLICH marker. The crawler
 * follows every same-site link from `/`, robots.txt, the sitemap and the OParl entry point (pages,
 * feeds, calendars, documents, PDFs, files, OParl objects) and the search is asked for every marker. No GEHEIM marker may appear in any response body or header;
 * every OEFFENTLICH marker must appear somewhere (else the test would prove nothing).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Database } from '../../src/db/open.ts';
import { createApp } from '../../src/http/app.tsx';
import { importDataset } from '../../src/services/dataset/import.ts';
import type { DatasetInput } from '../../src/services/dataset/schema.ts';
import { type CrawledResource, crawl, fetchResource, hasPoppler, POPPLER_HINT } from '../helpers/crawler.ts';
import { backends } from '../helpers/db.ts';

const SECRET_PREFIX = 'GEHEIMQZ';
const PUBLIC_PREFIX = 'OEFFENTLICHQZ';
/** Non-public paper references: a reference is not a marker, but must not appear either. */
const SECRET_REFERENCES = ['77/042/2024', '77/043/2024'];

/** Markers of one fixture: field name → unique string. */
class Markers {
  readonly secret = new Map<string, string>();
  readonly public = new Map<string, string>();
  constructor(private readonly tag: string) {}
  private make(prefix: string, field: string) {
    return `${prefix}${this.tag}${field}${randomBytes(5).toString('hex')}`;
  }
  /** Must never be public. */
  s(field: string): string {
    const marker = this.make(SECRET_PREFIX, field);
    this.secret.set(`${this.tag}.${field}`, marker);
    return marker;
  }
  /** Must be found somewhere public. */
  p(field: string): string {
    const marker = this.make(PUBLIC_PREFIX, field);
    this.public.set(`${this.tag}.${field}`, marker);
    return marker;
  }
}

/** "2026-05-06" `days` from now; the meetings sit around today so that calendars show them. */
function day(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * One body with three meetings of its council. `publishTitles`: the body publishes the titles of
 * non-public agenda items (then those titles are public markers).
 */
function dataset(slug: string, publishTitles: boolean, k: Markers): DatasetInput {
  const npTitle = (field: string) => (publishTitles ? k.p(`NoeTitel${field}`) : k.s(`Titel${field}`));
  return {
    body: {
      slug,
      name: `Gemeinde ${slug}`,
      jurisdiction: 'nrw-gemeinde',
      seat: 'Leckstadt',
      settings: { publishNonPublicAgendaTitles: publishTitles },
    },
    terms: [{ key: 't', name: 'Wahlperiode', startDate: day(-400), endDate: day(1400) }],
    organizations: [
      { key: 'rat', kind: 'council', name: 'Rat', nameGenitive: 'des Rates', statutoryMembers: 3 },
      { key: 'frak', kind: 'faction', name: 'Fraktion Grün-Weiß', shortName: 'GW', parent: 'rat' },
      { key: 'amt', kind: 'office', name: 'Liegenschaftsamt', officeNumber: '77' },
    ],
    persons: [
      {
        key: 'v',
        formOfAddress: 'Frau',
        givenName: 'Vera',
        familyName: 'Vorsitz',
        // Contact data of members is never public.
        email: `${k.s('Mail').toLowerCase()}@example.org`,
        phone: k.s('Telefon'),
      },
      { key: 'm', formOfAddress: 'Herr', givenName: 'Max', familyName: 'Mitglied', fax: k.s('Fax') },
      { key: 'b', formOfAddress: 'Frau', givenName: 'Berta', familyName: 'Befangen' },
      { key: 's', formOfAddress: 'Herr', givenName: 'Sven', familyName: 'Schrift' },
    ],
    memberships: [
      { person: 'v', organization: 'rat', term: 't', role: 'chair', votingRight: true, onBehalfOf: 'frak' },
      { person: 'm', organization: 'rat', term: 't', role: 'member', votingRight: true, onBehalfOf: 'frak' },
      { person: 'b', organization: 'rat', term: 't', role: 'member', votingRight: true },
      { person: 'v', organization: 'frak', term: 't', role: 'chair', votingRight: true },
      { person: 'm', organization: 'frak', term: 't', role: 'member', votingRight: true },
    ],
    files: [
      {
        key: 'f-item-open',
        name: k.p('AnlageName'),
        fileName: 'anlage-oeffentlich.txt',
        mimeType: 'text/plain',
        content: k.p('AnlageInhalt'),
      },
      {
        key: 'f-item-secret',
        name: k.s('AnlageName'),
        fileName: 'anlage-geheim.txt',
        mimeType: 'text/plain',
        content: k.s('AnlageInhalt'),
      },
      {
        key: 'f-paper-open',
        name: k.p('VorlagenAnlageName'),
        fileName: 'vorlage-oeffentlich.txt',
        mimeType: 'text/plain',
        content: k.p('VorlagenAnlageInhalt'),
      },
      {
        key: 'f-paper-secret',
        name: k.s('VorlagenAnlageName'),
        fileName: 'vorlage-geheim.txt',
        mimeType: 'text/plain',
        content: k.s('VorlagenAnlageInhalt'),
      },
    ],
    papers: [
      {
        key: 'p-open',
        office: 'amt',
        year: 2024,
        paperType: 'Beschlussvorlage',
        title: k.p('VorlageTitel'),
        text: [k.p('VorlageText')],
        files: ['f-paper-open'],
        consultations: [
          { organization: 'rat', role: 'decision', status: 'decided', meeting: 'signed', agendaNumber: '1' },
        ],
      },
      {
        key: 'p-secret',
        office: 'amt',
        year: 2024,
        reference: SECRET_REFERENCES[0],
        paperType: 'Beschlussvorlage',
        title: k.s('VorlageTitel'),
        text: [k.s('VorlageText')],
        public: false,
        files: ['f-paper-secret'],
        consultations: [
          { organization: 'rat', role: 'decision', status: 'decided', meeting: 'signed', agendaNumber: '2' },
        ],
      },
      {
        // A non-public paper at a public item: the item is public, the paper is not.
        key: 'p-secret-at-public-item',
        office: 'amt',
        year: 2024,
        reference: SECRET_REFERENCES[1],
        paperType: 'Mitteilungsvorlage',
        title: k.s('VorlageTitelAnOeffentlichemTop'),
        text: [k.s('VorlageTextAnOeffentlichemTop')],
        public: false,
        consultations: [{ organization: 'rat', role: 'notice', status: 'noted', meeting: 'signed', agendaNumber: '3' }],
      },
      {
        // A public paper consulted in the non-public part: page yes, item and result no.
        key: 'p-open-at-secret-item',
        office: 'amt',
        year: 2024,
        paperType: 'Beschlussvorlage',
        title: k.p('VorlageTitelNoeBeraten'),
        consultations: [
          { organization: 'rat', role: 'decision', status: 'decided', meeting: 'signed', agendaNumber: '4' },
        ],
      },
    ],
    meetings: [
      {
        key: 'signed',
        organization: 'rat',
        state: 'minutes_signed',
        startAt: `${day(-60)}T18:00:00+01:00`,
        invitationSentOn: day(-70),
        minutesPlace: 'Leckstadt',
        minutesDate: day(-50),
        contact: 's',
        publicPartClosingNote: [k.p('Uebergang')],
        attendance: [
          { person: 'v', role: 'chair', votingRight: true },
          { person: 'm', role: 'member', votingRight: true },
          { person: 'b', role: 'member', votingRight: true },
        ],
        agenda: [
          {
            number: '1',
            public: true,
            title: k.p('Titel1'),
            subtitle: k.p('Untertitel1'),
            paper: 'p-open',
            minutesText: [k.p('Text1')],
            resolution: { kind: 'decision', text: [k.p('Beschluss1')] },
            votes: [{ subject: k.p('Abstimmung1'), yes: 3, no: 0, abstain: 0, unanimous: true }],
            addenda: [{ heading: k.p('ErgaenzungKopf1'), text: [k.p('Ergaenzung1')] }],
            attachments: [{ file: 'f-item-open', label: 'Anlage 1' }],
          },
          {
            number: '2',
            public: false,
            title: npTitle('2'),
            subtitle: k.s('Untertitel2'),
            paper: 'p-secret',
            minutesText: [k.s('Text2')],
            resolution: { kind: 'decision', text: [k.s('Beschluss2')] },
            votes: [
              {
                subject: k.s('Abstimmung2'),
                yes: 2,
                no: 0,
                abstain: 0,
                byFaction: [{ faction: 'frak', yes: 2 }],
              },
            ],
            conflicts: [{ person: 'b', note: k.s('Befangenheit2') }],
            addenda: [{ heading: k.s('ErgaenzungKopf2'), text: [k.s('Ergaenzung2')] }],
            attachments: [{ file: 'f-item-secret', label: 'Anlage 2' }],
            items: [
              {
                number: '2.1',
                public: false,
                supplement: true,
                title: npTitle('21'),
                minutesText: [k.s('Text21')],
                resolution: { kind: 'notice', text: [k.s('Beschluss21')] },
              },
            ],
          },
          {
            number: '3',
            public: true,
            title: k.p('Titel3'),
            paper: 'p-secret-at-public-item',
            minutesText: [k.p('Text3')],
          },
          {
            number: '4',
            public: false,
            title: npTitle('4'),
            paper: 'p-open-at-secret-item',
            minutesText: [k.s('Text4')],
            resolution: { kind: 'decision', text: [k.s('Beschluss4')] },
            votes: [{ yes: 3, no: 0, abstain: 0, unanimous: true }],
          },
        ],
        signatures: [
          { role: 'chair', person: 'v', signedAt: `${day(-50)}T10:00:00+01:00` },
          { role: 'secretary', person: 's', signedAt: `${day(-50)}T10:00:00+01:00` },
        ],
      },
      {
        // Held, minutes drafted but not signed: the agenda is public, the minutes are not yet.
        key: 'drafted',
        organization: 'rat',
        state: 'minutes_drafted',
        startAt: `${day(-20)}T18:00:00+01:00`,
        invitationSentOn: day(-30),
        attendance: [
          { person: 'v', role: 'chair', votingRight: true },
          { person: 'm', role: 'member', votingRight: true },
          { person: 'b', role: 'member', votingRight: true },
        ],
        agenda: [
          {
            number: '1',
            public: true,
            title: k.p('EntwurfTitel1'),
            minutesText: [k.s('EntwurfText1')],
            resolution: { kind: 'decision', text: [k.s('EntwurfBeschluss1')] },
            votes: [{ subject: k.s('EntwurfAbstimmung1'), yes: 3, no: 0, abstain: 0, unanimous: true }],
            addenda: [{ heading: k.s('EntwurfErgaenzungKopf1'), text: [k.s('EntwurfErgaenzung1')] }],
          },
          {
            number: '2',
            public: false,
            title: npTitle('Entwurf2'),
            minutesText: [k.s('EntwurfText2')],
          },
        ],
      },
      {
        // Planned, not yet invited: date and place are public, the (draft) agenda is not.
        key: 'planned',
        organization: 'rat',
        state: 'planned',
        startAt: `${day(30)}T18:00:00+01:00`,
        agenda: [
          { number: '1', public: true, title: k.s('PlanTitel1'), subtitle: k.s('PlanUntertitel1') },
          { number: '2', public: false, title: k.s('PlanTitel2') },
        ],
      },
    ],
  };
}

interface Finding {
  url: string;
  where: 'body' | 'headers';
  context: string;
}

/** Where `needle` (case-insensitive) occurs in the crawled responses. */
function occurrences(resources: Iterable<CrawledResource>, needle: string): Finding[] {
  const lower = needle.toLowerCase();
  const findings: Finding[] = [];
  for (const r of resources) {
    for (const [where, text] of [
      ['body', r.text],
      ['headers', r.headers],
    ] as const) {
      const at = text.toLowerCase().indexOf(lower);
      if (at >= 0) {
        findings.push({
          url: r.url,
          where,
          context: text
            .slice(Math.max(0, at - 80), at + needle.length + 80)
            .replace(/\s+/g, ' ')
            .trim(),
        });
      }
    }
  }
  return findings;
}

function report(findings: Finding[]): string {
  return findings.map((f) => `  ${f.url} (${f.where}): …${f.context}…`).join('\n');
}

const ECHO = '‹Suchbegriff›';

/** Every spelling of the query in a search page (as typed, URL-encoded) replaced by one placeholder. */
function withoutEcho(text: string, query: string): string {
  let result = text;
  for (const form of new Set([
    query,
    encodeURIComponent(query),
    new URLSearchParams({ q: query }).toString().slice(2),
  ])) {
    result = result.replace(new RegExp(form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), ECHO);
  }
  return result;
}

type App = ReturnType<typeof createApp>;

/** GET /suche?q=…, its echo of the query replaced. */
async function searchPage(app: App, query: string): Promise<CrawledResource> {
  const page = await fetchResource(app, `/suche?q=${encodeURIComponent(query)}`);
  return { ...page, text: withoutEcho(page.text, query), headers: withoutEcho(page.headers, query) };
}

/** A marker of the same shape that exists nowhere. */
function controlFor(marker: string): string {
  return `${marker.slice(0, -10)}${randomBytes(5).toString('hex')}`;
}

function keyOf(markers: Markers, marker: string): string {
  for (const [field, m] of markers.secret) if (m === marker) return field;
  return '';
}

const popplerMissing = !hasPoppler();

for (const backend of backends()) {
  describe(`crawler finds no non-public content (${backend.name})`, {
    skip: popplerMissing && process.env.CI !== 'true' ? POPPLER_HINT : false,
  }, () => {
    let database: Database;
    const withTitles = new Markers('A');
    const withoutTitles = new Markers('B');
    const resources = new Map<string, CrawledResource>();
    const searches: { query: string; control: string; secret: boolean; pages?: [CrawledResource, CrawledResource] }[] =
      [];
    let truncated = false;

    before(async () => {
      if (popplerMissing) throw new Error(POPPLER_HINT);
      database = await backend.open();
      await importDataset({ db: database.db, actor: 'test' }, dataset('leck-mit-titeln', true, withTitles));
      await importDataset({ db: database.db, actor: 'test' }, dataset('leck-ohne-titel', false, withoutTitles));
      const app = createApp({ db: database.db, logError: () => {} });
      // From the start page, and from the entry points that machines use: robots.txt, the sitemap, OParl.
      const result = await crawl(app, { seeds: ['/', '/robots.txt', '/sitemap.xml', '/oparl/v1.1'] });
      truncated = result.truncated;
      for (const [url, r] of result.resources) resources.set(url, r);
      // The search, asked for every marker and every non-public reference. The page repeats the query
      // (field, heading, links): that echo is replaced before looking, and for non-public markers the
      // whole page must be the page of a query that matches nothing at all.
      for (const markers of [withTitles, withoutTitles]) {
        for (const marker of [...markers.secret.values(), ...markers.public.values()]) {
          searches.push({
            query: marker,
            control: controlFor(marker),
            secret: markers.secret.has(keyOf(markers, marker)),
          });
        }
      }
      for (const reference of SECRET_REFERENCES) {
        searches.push({ query: reference, control: '77/999/2024', secret: true });
      }
      for (const search of searches) {
        const page = await searchPage(app, search.query);
        resources.set(page.url, page);
        search.pages = [page, await searchPage(app, search.control)];
      }
    });
    after(() => database?.close());

    test('the crawl covered the portal', () => {
      assert.equal(truncated, false, 'the crawl ended before the request limit');
      const urls = [...resources.keys()];
      for (const slug of ['leck-mit-titeln', 'leck-ohne-titel']) {
        for (const pattern of [
          `^/${slug}$`,
          `^/${slug}/sitzungen/\\d+$`,
          `^/${slug}/sitzungen/\\d+/niederschrift\\.pdf$`,
          `^/${slug}/sitzungen/\\d+/einladung\\.(html|txt)$`,
          `^/${slug}/vorlagen/\\d+$`,
          `^/${slug}/kalender\\.ics$`,
          `^/${slug}/niederschriften\\.atom$`,
          `^/${slug}/vorlagen\\.atom$`,
          `^/${slug}/dateien/\\d+/[^/]+$`,
          `^/${slug}/fraktionen/\\d+$`,
          `^/${slug}/personen/\\d+$`,
        ]) {
          assert.ok(
            urls.some((u) => new RegExp(pattern).test(u)),
            `the crawl reached ${pattern} (crawled: ${urls.length} URLs)`,
          );
        }
      }
      for (const pattern of [
        '^/sitemap\\.xml$',
        '^/kalender\\.ics$',
        '^/kalender$',
        '^/kalender/liste(\\?|$)',
        '^/suche$',
        '^/oparl/v1\\.1/paper/\\d+$',
        '^/oparl/v1\\.1/meeting/\\d+$',
        '^/oparl/v1\\.1/agendaItem/\\d+$',
        '^/oparl/v1\\.1/file/\\d+$',
      ]) {
        assert.ok(
          urls.some((u) => new RegExp(pattern).test(u)),
          `the crawl reached ${pattern}`,
        );
      }
      const failed = [...resources.values()].filter((r) => r.status >= 500);
      assert.deepEqual(
        failed.map((r) => `${r.url} ${r.status}`),
        [],
        'no server errors',
      );
    });

    test('no non-public marker in any response body or header', () => {
      const leaks: string[] = [];
      // Any trace of the prefix (also of a cut-off marker in a snippet) is a leak.
      const prefix = occurrences(resources.values(), SECRET_PREFIX);
      if (prefix.length > 0) leaks.push(`"${SECRET_PREFIX}" found:\n${report(prefix)}`);
      for (const markers of [withTitles, withoutTitles]) {
        for (const [field, marker] of markers.secret) {
          // The random tail alone catches a marker whose prefix was cut off.
          const tail = marker.slice(-10);
          const found = occurrences(resources.values(), tail);
          if (found.length > 0) leaks.push(`${field} (${marker}) found:\n${report(found)}`);
        }
      }
      for (const reference of SECRET_REFERENCES) {
        const found = occurrences(resources.values(), reference);
        if (found.length > 0) leaks.push(`non-public paper ${reference} found:\n${report(found)}`);
      }
      assert.equal(leaks.length, 0, `non-public content leaked:\n${leaks.join('\n')}`);
    });

    test('the search answers a non-public marker as if it did not exist', () => {
      const differing: string[] = [];
      for (const search of searches) {
        if (!search.secret || !search.pages) continue;
        const [page, control] = search.pages;
        if (page.status !== control.status || page.text !== control.text) {
          const a = page.text.split(/(?=<)/);
          const b = new Set(control.text.split(/(?=<)/));
          const extra = a.filter((part) => !b.has(part)).slice(0, 5);
          differing.push(`${page.url} (${page.status}, control ${control.status}):\n    ${extra.join('\n    ')}`);
        }
      }
      assert.deepEqual(differing, [], 'search pages that differ from the search for a string that exists nowhere');
    });

    test('the search finds public content (so the comparison above can fail)', () => {
      for (const markers of [withTitles, withoutTitles]) {
        // A public paper's title, a public item's title, its minutes text, a public file's text.
        for (const field of ['VorlageTitel', 'Titel1', 'Text1', 'VorlagenAnlageInhalt']) {
          const marker = markers.public.get(`${markers === withTitles ? 'A' : 'B'}.${field}`);
          const search = searches.find((s) => s.query === marker);
          assert.ok(search?.pages, field);
          const [page, control] = search.pages;
          assert.equal(page.status, 200, `${page.url}: ${page.text.slice(0, 300)}`);
          assert.notEqual(page.text, control.text, `the search for ${field} finds it`);
        }
      }
    });

    test('every public marker is found somewhere', () => {
      const missing: string[] = [];
      for (const markers of [withTitles, withoutTitles]) {
        for (const [field, marker] of markers.public) {
          if (occurrences(resources.values(), marker).length === 0) missing.push(`${field} (${marker})`);
        }
      }
      assert.deepEqual(missing, [], 'public content that no crawled page, feed, document or search shows');
    });
  });
}

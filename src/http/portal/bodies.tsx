/**
 * The portal root of a body (`/{body}`: its council and committees; links to persons, factions, calendar,
 * papers, feeds) and the page of one council or committee (`/{body}/gremien/{id}`: members by role, seat
 * distribution with links to the factions, the next meetings, past meetings by page (`?sitzungsseite=`) and
 * the public papers on its consultation path by page (`?vorlagenseite=`)).
 *
 * Which members are shown: those in office on the reference date ("Stichtag"): today, or `?stichtag=
 * YYYY-MM-DD`. A membership's period is its own dates, else its legislative term's. When nobody is in office
 * today (the term has ended and no new one is recorded) and no Stichtag is asked for, the page shows the
 * last composition: the members on the latest effective end date before today ("Stand: 31.10.2025").
 */
import { Hono } from 'hono';
import { listConsultedPapers } from '../../db/repositories/bodies.ts';
import { listCalendarMeetings } from '../../db/repositories/calendar.ts';
import {
  findBodyBySlug,
  findGremium,
  lastDateWithMembers,
  listGremien,
  listMemberships,
  type MemberEntry,
  type MembershipRole,
  membersOn,
  seatDistribution,
} from '../../db/repositories/organizations.ts';
import { DomainError } from '../../domain/errors.ts';
import { formatDate, formatIsoDate, formatTime, formatWeekdayDate, fullName, TIME_ZONE } from '../../domain/format.ts';
import type { AppEnv } from '../env.ts';
import { minutesFeedLink, papersFeedLink } from './feed-links.ts';
import { Layout } from './layout.tsx';
import { SeatChart, seatColour } from './seat-chart.tsx';

/** Upcoming meetings shown on a Gremium's page; the calendar list has them all. */
const UPCOMING_MAX = 10;
/** Past meetings and papers per page of a Gremium's page. */
const PAGE_SIZE = 10;

const ROLE_GROUPS: [MembershipRole, string][] = [
  ['chair', 'Vorsitz'],
  ['vice_chair', 'stellv. Vorsitz'],
  ['member', 'Mitglieder'],
  ['deputy_member', 'stellv. Mitglieder'],
  ['advisory_member', 'Beratende Mitglieder'],
  ['secretary', 'Schriftführung'],
  ['deputy_secretary', 'stellv. Schriftführung'],
];

const bodyNotFound = () => new DomainError('body.not_found', 'Diese Körperschaft gibt es nicht.');

/** Today as an ISO date in the councils' time zone. */
export function todayIso(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date())
    .slice(0, 10);
}

/** A valid calendar date "YYYY-MM-DD", else undefined. */
export function isoDate(value: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value ? value : undefined;
}

/** The `?stichtag=` of a page: undefined when not given; a 400 with a German message when broken. */
export function parseStichtag(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  const parsed = isoDate(value);
  if (!parsed) {
    throw new DomainError(
      'validation.invalid_input',
      'Der Stichtag muss ein gültiges Datum im Format JJJJ-MM-TT sein, zum Beispiel 2021-02-18.',
    );
  }
  return parsed;
}

/** A page number parameter (default 1); a 400 with a German message when broken. */
export function pageParam(value: string | undefined): number {
  if (value === undefined || value === '') return 1;
  if (!/^\d{1,9}$/.test(value) || Number(value) < 1) {
    throw new DomainError('validation.invalid_input', 'Die Seitenzahl muss eine positive ganze Zahl sein.');
  }
  return Number(value);
}

/** "Seite 2 von 3" navigation; nothing when there is one page. */
export function PageLinks(props: { page: number; pages: number; label: string; href: (page: number) => string }) {
  if (props.pages <= 1) return null;
  return (
    <nav class="pages" aria-label={props.label}>
      {props.page > 1 ? <a href={props.href(props.page - 1)}>← Vorherige Seite</a> : null}
      <span>
        Seite {props.page} von {props.pages}
      </span>
      {props.page < props.pages ? <a href={props.href(props.page + 1)}>Nächste Seite →</a> : null}
    </nav>
  );
}

function citizenLabel(formOfAddress: string | null): string {
  if (formOfAddress === 'Frau') return 'sachkundige Bürgerin';
  if (formOfAddress === 'Herr') return 'sachkundiger Bürger';
  return 'sachkundige/r Bürger/in';
}

export const bodiesPortal = new Hono<AppEnv>();

bodiesPortal.get('/:body', async (c, next) => {
  const body = await findBodyBySlug(c.var.db, c.req.param('body'));
  if (!body) {
    // One path segment: let routes registered later (other top-level pages) answer first.
    await next();
    if (c.res.status === 404 && !c.error) throw bodyNotFound();
    return;
  }
  const gremien = await listGremien(c.var.db, body.id);
  return c.html(
    <Layout title={body.name} alternates={[papersFeedLink(body), minutesFeedLink(body)]}>
      <nav aria-label="Brotkrumen">
        <a href="/">Startseite</a> › {body.name}
      </nav>
      <h1>{body.name}</h1>
      <section aria-labelledby="gremien">
        <h2 id="gremien">Gremien</h2>
        {gremien.length === 0 ? (
          <p>Es sind noch keine Gremien erfasst.</p>
        ) : (
          <ul>
            {gremien.map((g) => (
              <li>
                <a href={`/${body.slug}/gremien/${g.id}`}>{g.name}</a>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="uebersicht">
        <h2 id="uebersicht">Personen, Fraktionen und Sitzungen</h2>
        <ul>
          <li>
            <a href={`/${body.slug}/personen`}>Personen – {body.name}</a>
          </li>
          <li>
            <a href={`/${body.slug}/fraktionen`}>Fraktionen – {body.name}</a>
          </li>
          <li>
            <a href={`/${body.slug}/kalender`}>Sitzungskalender – {body.name}</a>
          </li>
        </ul>
      </section>
      <section aria-labelledby="mehr">
        <h2 id="mehr">Vorlagen und Abonnements</h2>
        <ul>
          <li>
            <a href={`/${body.slug}/vorlagen`}>Alle Vorlagen – {body.name}</a>
          </li>
          <li>
            <a href={`/${body.slug}/kalender.ics`} type="text/calendar">
              Sitzungskalender {body.name} (iCalendar)
            </a>
          </li>
          <li>
            <a href={`/${body.slug}/niederschriften.atom`} type="application/atom+xml">
              Neue Niederschriften {body.name} (Atom-Feed)
            </a>
          </li>
          <li>
            <a href={papersFeedLink(body).href} type="application/atom+xml">
              Neue Vorlagen {body.name} (Atom-Feed)
            </a>
          </li>
        </ul>
      </section>
    </Layout>,
  );
});

/** "Christian Gartmann (CDU)", the name linked to the person page (factions are linked from the seats table). */
function MemberItem(props: { member: MemberEntry; bodySlug: string }) {
  const m = props.member;
  const notes = [
    m.roleLabel,
    m.faction ? (m.faction.shortName ?? m.faction.name) : null,
    m.appointedCitizen ? citizenLabel(m.formOfAddress) : null,
  ].filter(Boolean);
  return (
    <li>
      <a href={`/${props.bodySlug}/personen/${m.personId}`}>{fullName(m)}</a>
      {notes.length > 0 ? <span class="muted"> ({notes.join(', ')})</span> : null}
    </li>
  );
}

bodiesPortal.get('/:body/gremien/:id', async (c) => {
  const body = await findBodyBySlug(c.var.db, c.req.param('body'));
  if (!body) throw bodyNotFound();
  const idParam = c.req.param('id');
  const id = /^\d{1,9}$/.test(idParam) ? Number(idParam) : 0;
  const gremium = id > 0 ? await findGremium(c.var.db, body.id, id) : undefined;
  if (!gremium) throw new DomainError('organization.not_found', 'Dieses Gremium gibt es nicht.');

  const stichtagParam = c.req.query('stichtag');
  const stichtag = parseStichtag(stichtagParam);
  let stand = stichtag ?? todayIso();
  let lastComposition = false;
  const meetingsPage = pageParam(c.req.query('sitzungsseite'));
  const papersPage = pageParam(c.req.query('vorlagenseite'));
  const all = await listMemberships(c.var.db, gremium.id);
  let members = membersOn(all, stand);
  if (members.length === 0 && !stichtag) {
    const last = lastDateWithMembers(all, stand);
    if (last) {
      stand = last;
      members = membersOn(all, last);
      lastComposition = true;
    }
  }
  const shares = seatDistribution(members);
  const now = new Date();
  const [upcoming, past, consulted] = await Promise.all([
    listCalendarMeetings(c.var.db, {
      organizationId: gremium.id,
      from: now,
      order: 'asc',
      limit: UPCOMING_MAX,
      offset: 0,
    }),
    listCalendarMeetings(c.var.db, {
      organizationId: gremium.id,
      to: now,
      order: 'desc',
      limit: PAGE_SIZE,
      offset: (meetingsPage - 1) * PAGE_SIZE,
    }),
    listConsultedPapers(c.var.db, gremium.id, { limit: PAGE_SIZE, offset: (papersPage - 1) * PAGE_SIZE }),
  ]);
  const pastPages = Math.max(1, Math.ceil(past.total / PAGE_SIZE));
  const paperPages = Math.max(1, Math.ceil(consulted.total / PAGE_SIZE));
  const selfHref = (params: { sitzungsseite?: number; vorlagenseite?: number }) => {
    const query = new URLSearchParams();
    if (stichtag) query.set('stichtag', stichtag);
    const sitzungsseite = params.sitzungsseite ?? meetingsPage;
    const vorlagenseite = params.vorlagenseite ?? papersPage;
    if (sitzungsseite > 1) query.set('sitzungsseite', String(sitzungsseite));
    if (vorlagenseite > 1) query.set('vorlagenseite', String(vorlagenseite));
    const text = query.toString();
    return `/${body.slug}/gremien/${gremium.id}${text ? `?${text}` : ''}`;
  };
  const meetingItem = (m: { id: number; startAt: Date; cancelled: boolean }) => (
    <li>
      <a href={`/${body.slug}/sitzungen/${m.id}`}>{formatWeekdayDate(m.startAt)}</a>, {formatTime(m.startAt)} Uhr
      {m.cancelled ? <strong> (abgesagt)</strong> : null}
    </li>
  );

  return c.html(
    <Layout title={`${gremium.name} – ${body.name}`}>
      <nav aria-label="Brotkrumen">
        <a href="/">Startseite</a> › <a href={`/${body.slug}`}>{body.name}</a> › {gremium.name}
      </nav>
      <h1>{gremium.name}</h1>
      <section aria-labelledby="mitglieder">
        <h2 id="mitglieder">Mitglieder</h2>
        <p class="muted">
          Stand: {formatIsoDate(stand)}
          {lastComposition ? ' (letzte erfasste Besetzung; derzeit sind keine Mitglieder erfasst)' : ''}
        </p>
        {members.length === 0 ? (
          <p>Zu diesem Stichtag sind keine Mitglieder erfasst.</p>
        ) : (
          ROLE_GROUPS.map(([role, heading]) => {
            const group = members.filter((m) => m.role === role);
            if (group.length === 0) return null;
            return (
              <>
                <h3>{heading}</h3>
                <ul>
                  {group.map((m) => (
                    <MemberItem member={m} bodySlug={body.slug} />
                  ))}
                </ul>
              </>
            );
          })
        )}
      </section>
      {shares.length > 0 ? (
        <section aria-labelledby="sitzverteilung">
          <h2 id="sitzverteilung">Sitzverteilung</h2>
          <p class="muted">Stimmberechtigte Mitglieder (Vorsitz, stellv. Vorsitz und Mitglieder) nach Fraktion.</p>
          <SeatChart shares={shares} />
          <table>
            <caption class="skip">Sitzverteilung nach Fraktion</caption>
            <thead>
              <tr>
                <th scope="col">Fraktion</th>
                <th scope="col">Sitze</th>
              </tr>
            </thead>
            <tbody>
              {shares.map((s, index) => (
                <tr>
                  <td>
                    <svg width="12" height="12" aria-hidden="true" focusable="false">
                      <rect width="12" height="12" fill={seatColour(shares, index)} />
                    </svg>{' '}
                    {s.factionId != null ? <a href={`/${body.slug}/fraktionen/${s.factionId}`}>{s.label}</a> : s.label}
                  </td>
                  <td>{s.seats}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      <section aria-labelledby="sitzungen">
        <h2 id="sitzungen">Sitzungen</h2>
        {upcoming.total === 0 && past.total === 0 ? (
          <p>Es sind noch keine Sitzungen erfasst.</p>
        ) : (
          <>
            <h3>Kommende Sitzungen</h3>
            {upcoming.total === 0 ? (
              <p>Zurzeit sind keine Sitzungen geplant.</p>
            ) : (
              <ul>{upcoming.entries.map(meetingItem)}</ul>
            )}
            {upcoming.total > upcoming.entries.length ? (
              <p>
                <a href={`/${body.slug}/kalender/liste?gremium=${gremium.id}`}>
                  Alle {upcoming.total} kommenden Sitzungen
                </a>
              </p>
            ) : null}
            <h3>Vergangene Sitzungen</h3>
            {past.total === 0 ? (
              <p>Es gibt noch keine vergangenen Sitzungen.</p>
            ) : past.entries.length === 0 ? (
              <p>
                Auf Seite {meetingsPage} gibt es keine Sitzungen mehr.{' '}
                <a href={selfHref({ sitzungsseite: 1 })}>Zur ersten Seite</a>
              </p>
            ) : (
              <>
                <p class="muted">{past.total === 1 ? '1 Sitzung' : `${past.total} Sitzungen`}, neueste zuerst</p>
                <ul>{past.entries.map(meetingItem)}</ul>
                <PageLinks
                  page={meetingsPage}
                  pages={pastPages}
                  label="Seiten der vergangenen Sitzungen"
                  href={(n) => selfHref({ sitzungsseite: n })}
                />
              </>
            )}
          </>
        )}
        <p>
          <a href={`/${body.slug}/kalender?gremium=${gremium.id}`}>Sitzungskalender – {gremium.name}</a>
        </p>
      </section>
      <section aria-labelledby="vorlagen">
        <h2 id="vorlagen">Vorlagen in der Beratung</h2>
        {consulted.total === 0 ? (
          <p>Es sind keine öffentlichen Vorlagen zur Beratung in diesem Gremium erfasst.</p>
        ) : consulted.entries.length === 0 ? (
          <p>
            Auf Seite {papersPage} gibt es keine Vorlagen mehr.{' '}
            <a href={selfHref({ vorlagenseite: 1 })}>Zur ersten Seite</a>
          </p>
        ) : (
          <>
            <p class="muted">
              {consulted.total === 1 ? '1 Vorlage' : `${consulted.total} Vorlagen`}, nach der letzten Sitzung des
              Gremiums, in der sie beraten wurden oder werden
            </p>
            <table>
              <caption class="skip">Vorlagen in der Beratung – {gremium.name}</caption>
              <thead>
                <tr>
                  <th scope="col">Vorlage</th>
                  <th scope="col">Art</th>
                  <th scope="col">Sitzung</th>
                </tr>
              </thead>
              <tbody>
                {consulted.entries.map((p) => (
                  <tr>
                    <td>
                      <a href={`/${body.slug}/vorlagen/${p.id}`}>{p.reference}</a>
                      <br />
                      {p.title}
                    </td>
                    <td>{p.paperType}</td>
                    <td>{p.lastMeetingAt ? formatDate(p.lastMeetingAt) : 'noch nicht terminiert'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <PageLinks
              page={papersPage}
              pages={paperPages}
              label="Seiten der Vorlagen"
              href={(n) => selfHref({ vorlagenseite: n })}
            />
          </>
        )}
      </section>
    </Layout>,
  );
});

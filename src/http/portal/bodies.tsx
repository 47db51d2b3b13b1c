/**
 * The portal root of a body (`/{body}`: its council and committees, papers, calendar, feed) and the page of
 * one council or committee (`/{body}/gremien/{id}`: members by role, seat distribution, meetings).
 *
 * Which members are shown: those in office on the reference date ("Stichtag"): today, or `?stichtag=
 * YYYY-MM-DD`. A membership's period is its own dates, else its legislative term's. When nobody is in office
 * today (the term has ended and no new one is recorded) and no Stichtag is asked for, the page shows the
 * last composition: the members on the latest effective end date before today ("Stand: 31.10.2025").
 */
import { Hono } from 'hono';
import {
  findBodyBySlug,
  findGremium,
  lastDateWithMembers,
  listGremien,
  listMemberships,
  listOrganizationMeetings,
  type MemberEntry,
  type MembershipRole,
  membersOn,
  seatDistribution,
} from '../../db/repositories/organizations.ts';
import { DomainError } from '../../domain/errors.ts';
import { formatIsoDate, formatTime, formatWeekdayDate, fullName, TIME_ZONE } from '../../domain/format.ts';
import type { AppEnv } from '../env.ts';
import { minutesFeedLink, papersFeedLink } from './feed-links.ts';
import { Layout } from './layout.tsx';
import { SeatChart, seatColour } from './seat-chart.tsx';

const MAX_MEETINGS = 20;

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
function todayIso(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date())
    .slice(0, 10);
}

/** A valid calendar date "YYYY-MM-DD", else undefined. */
function isoDate(value: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value ? value : undefined;
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
        <a href="/">Sitzungen</a> › {body.name}
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

function MemberItem(props: { member: MemberEntry }) {
  const m = props.member;
  const notes = [
    m.roleLabel,
    m.faction ? (m.faction.shortName ?? m.faction.name) : null,
    m.appointedCitizen ? citizenLabel(m.formOfAddress) : null,
  ].filter(Boolean);
  return (
    <li>
      {fullName(m)}
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
  let stand: string;
  let lastComposition = false;
  if (stichtagParam !== undefined && stichtagParam !== '') {
    const parsed = isoDate(stichtagParam);
    if (!parsed) {
      throw new DomainError(
        'validation.invalid_input',
        'Der Stichtag muss ein gültiges Datum im Format JJJJ-MM-TT sein, zum Beispiel 2021-02-18.',
      );
    }
    stand = parsed;
  } else {
    stand = todayIso();
  }
  const all = await listMemberships(c.var.db, gremium.id);
  let members = membersOn(all, stand);
  if (members.length === 0 && stichtagParam === undefined) {
    const last = lastDateWithMembers(all, stand);
    if (last) {
      stand = last;
      members = membersOn(all, last);
      lastComposition = true;
    }
  }
  const shares = seatDistribution(members);
  const meetingList = await listOrganizationMeetings(c.var.db, gremium.id, MAX_MEETINGS);

  return c.html(
    <Layout title={`${gremium.name} – ${body.name}`}>
      <nav aria-label="Brotkrumen">
        <a href="/">Sitzungen</a> › <a href={`/${body.slug}`}>{body.name}</a> › {gremium.name}
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
                    <MemberItem member={m} />
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
                    {s.label}
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
        {meetingList.length === 0 ? (
          <p>Es sind noch keine Sitzungen erfasst.</p>
        ) : (
          <>
            <p class="muted">
              {meetingList.length === MAX_MEETINGS
                ? `Die letzten ${MAX_MEETINGS} Sitzungen, neueste zuerst`
                : 'Neueste zuerst'}
            </p>
            <ul>
              {meetingList.map((m) => (
                <li>
                  <a href={`/${body.slug}/sitzungen/${m.id}`}>{formatWeekdayDate(m.startAt)}</a>,{' '}
                  {formatTime(m.startAt)} Uhr
                  {m.cancelled ? <strong> (abgesagt)</strong> : null}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </Layout>,
  );
});

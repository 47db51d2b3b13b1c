/**
 * Faction pages (Fraktionen):
 * - `GET /{body}/fraktionen`: the body's factions with their voting seats in the council (Vertretung) on
 *   a date (`?stichtag=`, default today, else the last recorded composition), their period and a link;
 *   sortable by seats or name (`?sortierung=sitze|name`);
 * - `GET /{body}/fraktionen/{id}`: the members of a faction on a date (memberships in the faction itself
 *   and the seats it holds in the council and committees), with roles and periods; the faction's public
 *   papers (`?vorlagenseite=`) and how it voted at public items of published minutes
 *   (`?abstimmungsseite=`), both paginated.
 *
 * What is public is decided in the repository (`src/db/repositories/factions.ts`).
 */
import { Hono } from 'hono';
import {
  type FactionMandate,
  type FactionPerson,
  type FactionVote,
  factionMandatesOn,
  factionMembersOn,
  findFaction,
  lastFactionDate,
  lastFactionSeatDate,
  listFactionPapers,
  listFactions,
  listFactionVotes,
} from '../../db/repositories/factions.ts';
import { findBodyBySlug } from '../../db/repositories/organizations.ts';
import { DomainError } from '../../domain/errors.ts';
import { formatIsoDate, formatTime, formatWeekdayDate, fullName } from '../../domain/format.ts';
import type { AppEnv } from '../env.ts';
import { PageLinks, pageParam, parseStichtag, todayIso } from './bodies.tsx';
import { Layout } from './layout.tsx';
import { MEMBERSHIP_ROLE_LABELS, organizationPath, periodText, personPath } from './persons.tsx';

const PAGE_SIZE = 10;

const OUTCOME_LABELS: Record<FactionVote['outcome'], string> = {
  accepted: 'angenommen',
  rejected: 'abgelehnt',
  noted: 'zur Kenntnis genommen',
};

const bodyNotFound = () => new DomainError('body.not_found', 'Diese Körperschaft gibt es nicht.');

function citizenLabel(formOfAddress: string | null): string {
  if (formOfAddress === 'Frau') return 'sachkundige Bürgerin';
  if (formOfAddress === 'Herr') return 'sachkundiger Bürger';
  return 'sachkundige/r Bürger/in';
}

/** "Fraktionsvorsitz", "Mitglied (sachkundiger Bürger)", "Landrat (Vorsitz)". */
function roleText(m: FactionPerson): string {
  const role = MEMBERSHIP_ROLE_LABELS[m.role];
  const text = m.roleLabel ? `${m.roleLabel} (${role})` : role;
  return m.appointedCitizen ? `${text}, ${citizenLabel(m.formOfAddress)}` : text;
}

export const factionsPortal = new Hono<AppEnv>();

factionsPortal.get('/:body/fraktionen', async (c) => {
  const body = await findBodyBySlug(c.var.db, c.req.param('body'));
  if (!body) throw bodyNotFound();
  const stichtag = parseStichtag(c.req.query('stichtag'));
  const sortParam = c.req.query('sortierung') || 'sitze';
  if (sortParam !== 'sitze' && sortParam !== 'name') {
    throw new DomainError('validation.invalid_input', 'Die Sortierung muss „sitze“ oder „name“ sein.');
  }
  let stand = stichtag ?? todayIso();
  let factions = await listFactions(c.var.db, body.id, stand, sortParam === 'sitze' ? 'seats' : 'name');
  let lastComposition = false;
  if (!stichtag && factions.every((f) => f.seats === 0)) {
    const last = await lastFactionSeatDate(c.var.db, body.id, stand);
    if (last) {
      stand = last;
      factions = await listFactions(c.var.db, body.id, last, sortParam === 'sitze' ? 'seats' : 'name');
      lastComposition = true;
    }
  }
  const base = `/${body.slug}/fraktionen`;
  const sortHref = (sort: 'sitze' | 'name') => {
    const query = new URLSearchParams();
    if (stichtag) query.set('stichtag', stichtag);
    if (sort !== 'sitze') query.set('sortierung', sort);
    const text = query.toString();
    return text ? `${base}?${text}` : base;
  };
  const councils = [...new Map(factions.flatMap((f) => (f.parent ? [[f.parent.id, f.parent]] : []))).values()];
  return c.html(
    <Layout title={`Fraktionen – ${body.name}`}>
      <nav aria-label="Brotkrumen">
        <a href="/">Startseite</a> › <a href={`/${body.slug}`}>{body.name}</a> › Fraktionen
      </nav>
      <h1>Fraktionen</h1>
      <p>{body.name}</p>
      {factions.length === 0 ? (
        <p>Es sind keine Fraktionen erfasst.</p>
      ) : (
        <>
          <p class="muted">
            Sitze: stimmberechtigte Mitglieder der Vertretung
            {councils.length > 0 ? (
              <>
                {' ('}
                {councils.map((council, index) => (
                  <>
                    {index > 0 ? ', ' : ''}
                    <a href={organizationPath(body.slug, council.id)}>{council.name}</a>
                  </>
                ))}
                {')'}
              </>
            ) : null}{' '}
            für die Fraktion. Stand: {formatIsoDate(stand)}
            {lastComposition ? ' (letzte erfasste Besetzung; derzeit sind keine Sitze erfasst)' : ''}
          </p>
          <StichtagForm action={base} stichtag={stichtag} sort={sortParam === 'name' ? 'name' : undefined} />
          <table>
            <caption class="skip">Fraktionen – {body.name}</caption>
            <thead>
              <tr>
                <th scope="col" {...(sortParam === 'name' ? { 'aria-sort': 'ascending' } : {})}>
                  Fraktion{' '}
                  {sortParam === 'name' ? null : (
                    <a class="sort" href={sortHref('name')}>
                      nach Name sortieren
                    </a>
                  )}
                </th>
                <th scope="col" {...(sortParam === 'sitze' ? { 'aria-sort': 'descending' } : {})}>
                  Sitze{' '}
                  {sortParam === 'sitze' ? null : (
                    <a class="sort" href={sortHref('sitze')}>
                      nach Sitzen sortieren
                    </a>
                  )}
                </th>
                <th scope="col">Zeitraum</th>
              </tr>
            </thead>
            <tbody>
              {factions.map((f) => (
                <tr>
                  <td>
                    <a href={`${base}/${f.id}`}>{f.name}</a>
                    {f.shortName && f.shortName !== f.name ? <span class="muted"> ({f.shortName})</span> : null}
                  </td>
                  <td>{f.seats}</td>
                  <td>{periodText(f) || '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Layout>,
  );
});

function StichtagForm(props: { action: string; stichtag: string | undefined; sort?: string | undefined }) {
  return (
    <form method="get" action={props.action} class="filters">
      {props.sort ? <input type="hidden" name="sortierung" value={props.sort} /> : null}
      <label for="f-stichtag">Stichtag</label>{' '}
      <input id="f-stichtag" name="stichtag" type="date" value={props.stichtag ?? ''} />{' '}
      <button type="submit">Anzeigen</button>
    </form>
  );
}

function MemberTable(props: { bodySlug: string; members: FactionPerson[]; caption: string }) {
  return (
    <table>
      <caption class="skip">{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Funktion</th>
          <th scope="col">Zeitraum</th>
        </tr>
      </thead>
      <tbody>
        {props.members.map((m) => (
          <tr>
            <td>
              <a href={personPath(props.bodySlug, m.personId)}>{fullName(m)}</a>
            </td>
            <td>{roleText(m)}</td>
            <td>{periodText(m) || '–'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function MandateTable(props: { bodySlug: string; mandates: FactionMandate[]; caption: string }) {
  return (
    <table>
      <caption class="skip">{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">Gremium</th>
          <th scope="col">Name</th>
          <th scope="col">Funktion</th>
          <th scope="col">Zeitraum</th>
        </tr>
      </thead>
      <tbody>
        {props.mandates.map((m) => (
          <tr>
            <td>
              <a href={organizationPath(props.bodySlug, m.organization.id)}>{m.organization.name}</a>
            </td>
            <td>
              <a href={personPath(props.bodySlug, m.personId)}>{fullName(m)}</a>
            </td>
            <td>
              {roleText(m)}
              {m.votingRight ? '' : ', ohne Stimmrecht'}
            </td>
            <td>{periodText(m) || '–'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** "16 Ja, 0 Nein, 1 Enthaltung" */
function countsText(v: { yes: number; no: number; abstain: number }): string {
  return `${v.yes} Ja, ${v.no} Nein, ${v.abstain} ${v.abstain === 1 ? 'Enthaltung' : 'Enthaltungen'}`;
}

factionsPortal.get('/:body/fraktionen/:id', async (c) => {
  const body = await findBodyBySlug(c.var.db, c.req.param('body'));
  if (!body) throw bodyNotFound();
  const idParam = c.req.param('id');
  const id = /^\d{1,9}$/.test(idParam) ? Number(idParam) : 0;
  const faction = id > 0 ? await findFaction(c.var.db, body.id, id) : undefined;
  if (!faction) throw new DomainError('faction.not_found', 'Diese Fraktion gibt es nicht.');

  const stichtag = parseStichtag(c.req.query('stichtag'));
  const papersPage = pageParam(c.req.query('vorlagenseite'));
  const votesPage = pageParam(c.req.query('abstimmungsseite'));
  let stand = stichtag ?? todayIso();
  let lastComposition = false;
  let [members, mandates] = await Promise.all([
    factionMembersOn(c.var.db, faction.id, stand),
    factionMandatesOn(c.var.db, body.id, faction.id, stand),
  ]);
  if (!stichtag && members.length === 0 && mandates.length === 0) {
    const last = await lastFactionDate(c.var.db, body.id, faction.id, stand);
    if (last) {
      stand = last;
      lastComposition = true;
      [members, mandates] = await Promise.all([
        factionMembersOn(c.var.db, faction.id, last),
        factionMandatesOn(c.var.db, body.id, faction.id, last),
      ]);
    }
  }
  const [factionPapers, factionVotes] = await Promise.all([
    listFactionPapers(c.var.db, body.id, faction.id, { limit: PAGE_SIZE, offset: (papersPage - 1) * PAGE_SIZE }),
    listFactionVotes(c.var.db, body.id, faction.id, { limit: PAGE_SIZE, offset: (votesPage - 1) * PAGE_SIZE }),
  ]);
  const base = `/${body.slug}/fraktionen/${faction.id}`;
  const selfHref = (params: { vorlagenseite?: number; abstimmungsseite?: number }) => {
    const query = new URLSearchParams();
    if (stichtag) query.set('stichtag', stichtag);
    const vorlagenseite = params.vorlagenseite ?? papersPage;
    const abstimmungsseite = params.abstimmungsseite ?? votesPage;
    if (vorlagenseite > 1) query.set('vorlagenseite', String(vorlagenseite));
    if (abstimmungsseite > 1) query.set('abstimmungsseite', String(abstimmungsseite));
    const text = query.toString();
    return text ? `${base}?${text}` : base;
  };
  const paperPages = Math.max(1, Math.ceil(factionPapers.total / PAGE_SIZE));
  const votePages = Math.max(1, Math.ceil(factionVotes.total / PAGE_SIZE));
  const seats = mandates.filter(
    (m) => m.organization.kind === 'council' && m.votingRight && ['chair', 'vice_chair', 'member'].includes(m.role),
  ).length;

  return c.html(
    <Layout title={`${faction.name} – ${body.name}`}>
      <nav aria-label="Brotkrumen">
        <a href="/">Startseite</a> › <a href={`/${body.slug}`}>{body.name}</a> ›{' '}
        <a href={`/${body.slug}/fraktionen`}>Fraktionen</a> › {faction.name}
      </nav>
      <h1>{faction.name}</h1>
      <dl>
        {faction.shortName ? (
          <>
            <dt>Kurzbezeichnung</dt>
            <dd>{faction.shortName}</dd>
          </>
        ) : null}
        <dt>Körperschaft</dt>
        <dd>{body.name}</dd>
        {faction.parent ? (
          <>
            <dt>Fraktion in</dt>
            <dd>
              <a href={organizationPath(body.slug, faction.parent.id)}>{faction.parent.name}</a>
            </dd>
          </>
        ) : null}
        {periodText(faction) ? (
          <>
            <dt>Zeitraum</dt>
            <dd>{periodText(faction)}</dd>
          </>
        ) : null}
      </dl>
      <section aria-labelledby="mitglieder">
        <h2 id="mitglieder">Mitglieder</h2>
        <p class="muted">
          Stand: {formatIsoDate(stand)}
          {lastComposition ? ' (letzte erfasste Besetzung; derzeit sind keine Mitglieder erfasst)' : ''}
        </p>
        <StichtagForm action={base} stichtag={stichtag} />
        {members.length === 0 && mandates.length === 0 ? (
          <p>Zu diesem Stichtag sind keine Mitglieder erfasst.</p>
        ) : (
          <>
            {members.length > 0 ? (
              <>
                <h3>Mitglieder der Fraktion</h3>
                <MemberTable
                  bodySlug={body.slug}
                  members={members}
                  caption={`Mitglieder der ${faction.name} am ${formatIsoDate(stand)}`}
                />
              </>
            ) : null}
            {mandates.length > 0 ? (
              <>
                <h3>Sitze in Vertretung und Ausschüssen</h3>
                <p class="muted">
                  {seats === 1 ? '1 stimmberechtigter Sitz' : `${seats} stimmberechtigte Sitze`} in der Vertretung
                </p>
                <MandateTable
                  bodySlug={body.slug}
                  mandates={mandates}
                  caption={`Sitze für die ${faction.name} am ${formatIsoDate(stand)}`}
                />
              </>
            ) : null}
          </>
        )}
      </section>
      <section aria-labelledby="vorlagen">
        <h2 id="vorlagen">Anträge und Anfragen</h2>
        {factionPapers.total === 0 ? (
          <p>Von dieser Fraktion sind keine öffentlichen Vorlagen erfasst.</p>
        ) : factionPapers.entries.length === 0 ? (
          <p>
            Auf Seite {papersPage} gibt es keine Vorlagen mehr.{' '}
            <a href={selfHref({ vorlagenseite: 1 })}>Zur ersten Seite</a>
          </p>
        ) : (
          <>
            <p class="muted">
              {factionPapers.total === 1 ? '1 Vorlage' : `${factionPapers.total} Vorlagen`}, neueste zuerst
            </p>
            <table>
              <caption class="skip">Vorlagen der {faction.name}</caption>
              <thead>
                <tr>
                  <th scope="col">Datum</th>
                  <th scope="col">Vorlage</th>
                  <th scope="col">Art</th>
                </tr>
              </thead>
              <tbody>
                {factionPapers.entries.map((p) => (
                  <tr>
                    <td>{p.date ? formatIsoDate(p.date) : '–'}</td>
                    <td>
                      <a href={`/${body.slug}/vorlagen/${p.id}`}>{p.reference}</a>
                      <br />
                      {p.title}
                    </td>
                    <td>{p.paperType}</td>
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
      <section aria-labelledby="abstimmungen">
        <h2 id="abstimmungen">Abstimmungsverhalten</h2>
        <p class="muted">
          Stimmen der Fraktion, wo die Niederschrift sie nach Fraktionen ausweist; nur öffentliche Tagesordnungspunkte
          unterzeichneter Niederschriften.
        </p>
        {factionVotes.total === 0 ? (
          <p>Es sind keine Abstimmungsergebnisse dieser Fraktion veröffentlicht.</p>
        ) : factionVotes.entries.length === 0 ? (
          <p>
            Auf Seite {votesPage} gibt es keine Abstimmungen mehr.{' '}
            <a href={selfHref({ abstimmungsseite: 1 })}>Zur ersten Seite</a>
          </p>
        ) : (
          <>
            <table>
              <caption class="skip">Abstimmungsverhalten der {faction.name}</caption>
              <thead>
                <tr>
                  <th scope="col">Sitzung</th>
                  <th scope="col">Tagesordnungspunkt</th>
                  <th scope="col">Stimmen der Fraktion</th>
                  <th scope="col">Ergebnis</th>
                </tr>
              </thead>
              <tbody>
                {factionVotes.entries.map((v) => (
                  <tr>
                    <td>
                      <a href={`/${body.slug}/sitzungen/${v.meeting.id}`}>
                        {formatWeekdayDate(v.meeting.startAt)}, {formatTime(v.meeting.startAt)} Uhr
                      </a>
                      <br />
                      {v.meeting.organization.name}
                    </td>
                    <td>
                      {v.item.number}. {v.item.title}
                      {v.subject ? (
                        <>
                          <br />
                          <span class="muted">{v.subject}</span>
                        </>
                      ) : null}
                    </td>
                    <td>{countsText(v)}</td>
                    <td>{OUTCOME_LABELS[v.outcome]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <PageLinks
              page={votesPage}
              pages={votePages}
              label="Seiten der Abstimmungen"
              href={(n) => selfHref({ abstimmungsseite: n })}
            />
          </>
        )}
      </section>
    </Layout>,
  );
});

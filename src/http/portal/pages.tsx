import { Hono } from 'hono';
import { listBodies } from '../../db/repositories/bodies.ts';
import { type PublicAttachment, publicMeetingAttachments } from '../../db/repositories/files.ts';
import type { AgendaItemRecord, MeetingListEntry, MeetingRecord } from '../../db/repositories/meetings.ts';
import { listMeetings, loadMeeting } from '../../db/repositories/meetings.ts';
import { latestPapers } from '../../db/repositories/papers.ts';
import { minutesArePublished } from '../../db/repositories/visibility.ts';
import { correctionNote, voteBlock } from '../../documents/builders.ts';
import { availableDocuments, DOCUMENT_LABELS, DOCUMENT_SLUGS } from '../../documents/service.ts';
import { DomainError } from '../../domain/errors.ts';
import { formatDate, formatIsoDate, formatTime, formatWeekdayDate, itemAnchor } from '../../domain/format.ts';
import type { AppEnv } from '../env.ts';
import { FileLink } from './files.tsx';
import { Layout } from './layout.tsx';
import { VoteBar, voteCountsText } from './vote-bar.tsx';

const PAGE_SIZE = 25;

const stateLabel: Record<MeetingRecord['state'], string> = {
  planned: 'geplant',
  invited: 'eingeladen',
  held: 'durchgeführt',
  minutes_drafted: 'Niederschrift im Entwurf',
  minutes_signed: 'Niederschrift unterzeichnet und veröffentlicht',
};

export function meetingPath(m: { id: number; body: { slug: string } }) {
  return `/${m.body.slug}/sitzungen/${m.id}`;
}

function positiveInt(value: string | undefined, fallback: number): number | undefined {
  if (value === undefined || value === '') return fallback;
  return /^\d{1,9}$/.test(value) && Number(value) > 0 ? Number(value) : undefined;
}

export const portal = new Hono<AppEnv>();

function MeetingLine(props: { meeting: MeetingListEntry }) {
  const m = props.meeting;
  return (
    <li>
      <a href={meetingPath(m)}>
        {formatWeekdayDate(m.startAt)}, {formatTime(m.startAt)} Uhr
      </a>
      {m.cancelled ? <strong> (abgesagt)</strong> : null}: {m.organization.name}{' '}
      <span class="muted">({m.body.name})</span>
    </li>
  );
}

/** The start page: upcoming meetings, the latest published minutes and papers. */
portal.get('/', async (c) => {
  const db = c.var.db;
  const [upcoming, minutes, papers, allBodies] = await Promise.all([
    listMeetings(db, { from: new Date(), order: 'asc', limit: 10, offset: 0 }),
    listMeetings(db, { minutesPublished: true, limit: 5, offset: 0 }),
    latestPapers(db, 10),
    listBodies(db),
  ]);
  return c.html(
    <Layout title="Ratsinformationssystem">
      <h1>Ratsinformationssystem</h1>
      <p>
        <a href="/sitzungen">Alle Sitzungen</a> ·{' '}
        <a href="/kalender.ics" type="text/calendar">
          Alle Sitzungen als Kalender abonnieren (iCalendar)
        </a>
      </p>
      {allBodies.length > 0 ? (
        <nav aria-labelledby="koerperschaften">
          <h2 id="koerperschaften">Körperschaften</h2>
          <ul>
            {allBodies.map((b) => (
              <li>
                <a href={`/${b.slug}`}>{b.name}</a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <section aria-labelledby="naechste">
        <h2 id="naechste">Nächste Sitzungen</h2>
        {upcoming.entries.length === 0 ? (
          <p>Zurzeit sind keine Sitzungen geplant.</p>
        ) : (
          <ul>
            {upcoming.entries.map((m) => (
              <MeetingLine meeting={m} />
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="niederschriften">
        <h2 id="niederschriften">Neue Niederschriften</h2>
        {minutes.entries.length === 0 ? (
          <p>Es sind noch keine Niederschriften veröffentlicht.</p>
        ) : (
          <ul>
            {minutes.entries.map((m) => (
              <li>
                <a href={`${meetingPath(m)}/niederschrift.pdf`}>
                  Niederschrift {m.organization.name}, {formatDate(m.startAt)}
                </a>{' '}
                <span class="muted">
                  ({m.body.name}; <a href={meetingPath(m)}>zur Sitzung</a>)
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="vorlagen">
        <h2 id="vorlagen">Neue Vorlagen</h2>
        {papers.length === 0 ? (
          <p>Es sind noch keine Vorlagen veröffentlicht.</p>
        ) : (
          <ul>
            {papers.map((p) => (
              <li>
                <a href={`/${p.bodySlug}/vorlagen/${p.id}`}>
                  {p.reference}: {p.title}
                </a>{' '}
                <span class="muted">
                  ({p.paperType}
                  {p.date ? `, ${formatIsoDate(p.date)}` : ''}; {p.bodyName})
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </Layout>,
  );
});

/** All meetings, newest first, paginated. */
portal.get('/sitzungen', async (c) => {
  const page = positiveInt(c.req.query('seite'), 1);
  if (page === undefined)
    throw new DomainError('validation.invalid_input', 'Die Seitenzahl muss eine positive ganze Zahl sein.');
  const { total, entries } = await listMeetings(c.var.db, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return c.html(
    <Layout title="Sitzungen">
      <h1>Sitzungen</h1>
      <p class="subscribe">
        <a href="/kalender.ics" type="text/calendar">
          Alle Sitzungen als Kalender abonnieren (iCalendar)
        </a>
      </p>
      {total === 0 ? (
        <p>Es sind noch keine Sitzungen erfasst.</p>
      ) : entries.length === 0 ? (
        <p>
          Auf Seite {page} gibt es keine Sitzungen mehr (
          {pages === 1 ? 'es gibt nur eine Seite' : `es gibt ${pages} Seiten`}
          ). <a href="/sitzungen">Zur ersten Seite</a>
        </p>
      ) : (
        <>
          <p class="muted">
            {total === 1 ? '1 Sitzung' : `${total} Sitzungen`}, neueste zuerst
            {pages > 1 ? ` – Seite ${page} von ${pages}` : ''}
          </p>
          <table>
            <caption class="skip">Liste der Sitzungen</caption>
            <thead>
              <tr>
                <th scope="col">Datum</th>
                <th scope="col">Gremium</th>
                <th scope="col">Ort</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((m: MeetingListEntry) => (
                <tr>
                  <td>
                    <a href={meetingPath(m)}>
                      {formatWeekdayDate(m.startAt)}, {formatTime(m.startAt)} Uhr
                    </a>
                    {m.cancelled ? <strong> (abgesagt)</strong> : null}
                  </td>
                  <td>
                    {m.organization.name}
                    <br />
                    <span class="muted">{m.body.name}</span>
                  </td>
                  <td>{m.locationName ?? '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {pages > 1 ? (
            <nav class="pages" aria-label="Seiten">
              {page > 1 ? <a href={`/sitzungen?seite=${page - 1}`}>← Neuere</a> : null}
              {page < pages ? <a href={`/sitzungen?seite=${page + 1}`}>Ältere →</a> : null}
            </nav>
          ) : null}
        </>
      )}
    </Layout>,
  );
});

/** The vote results of an item, in words and as a bar. */
function ItemResults(props: { item: AgendaItemRecord }) {
  if (props.item.votes.length === 0) return null;
  return (
    <div class="results">
      {props.item.votes.map((vote) => {
        const block = voteBlock(vote);
        if (block.type !== 'vote') return null;
        return (
          <div class="result">
            <p>
              {block.result}
              {block.details.map((line) => (
                <>
                  <br />
                  <span class="muted">{line}</span>
                </>
              ))}
            </p>
            <VoteBar vote={vote} />
            {vote.yes != null || vote.no != null || vote.abstain != null ? (
              <p class="muted">{voteCountsText(vote)}</p>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}

/** The items of one part as nested lists; an item whose parent is in the other part starts a list here. */
function AgendaList(props: {
  items: AgendaItemRecord[];
  parentId: number | null;
  results: boolean;
  bodySlug: string;
  /** Ids to link to (`#top-5`): the public part only, so ids stay unique on the page. */
  anchors?: boolean;
}) {
  const ids = new Set(props.items.map((i) => i.id));
  const children = props.items.filter((i) =>
    props.parentId === null ? i.parentId === null || !ids.has(i.parentId) : i.parentId === props.parentId,
  );
  if (children.length === 0) return null;
  return (
    <ol class="agenda">
      {children.map((item) => (
        <li id={props.anchors ? itemAnchor(item.number) : undefined}>
          <span class="num">{item.number}.</span> {item.title}
          {item.subtitle ? (
            <>
              <br />
              <span class="muted">{item.subtitle}</span>
            </>
          ) : null}
          {item.paper ? (
            <span class="muted">
              {' '}
              – <a href={`/${props.bodySlug}/vorlagen/${item.paper.id}`}>Vorlage {item.paper.reference}</a>
            </span>
          ) : null}
          {item.supplement ? <span class="muted"> (Nachtrag)</span> : null}
          {props.results ? <ItemResults item={item} /> : null}
          <AgendaList
            items={props.items}
            parentId={item.id}
            results={props.results}
            bodySlug={props.bodySlug}
            anchors={props.anchors}
          />
        </li>
      ))}
    </ol>
  );
}

const FORMATS = [
  ['pdf', 'PDF'],
  ['html', 'HTML'],
  ['txt', 'Text'],
] as const;

function FormatLinks(props: { base: string; label: string }) {
  return (
    <>
      {FORMATS.map(([ext, name], index) => (
        <>
          {index > 0 ? ' · ' : ''}
          <a href={`${props.base}.${ext}`} aria-label={`${props.label} als ${name}`}>
            {name}
          </a>
        </>
      ))}
    </>
  );
}

/** The public documents of a meeting, each in three formats, and the attachments of the minutes. */
function Documents(props: { meeting: MeetingRecord; attachments: PublicAttachment[] }) {
  const { meeting } = props;
  const available = availableDocuments(meeting, 'public');
  const base = meetingPath(meeting);
  const kinds = (['invitation', 'supplement', 'minutes'] as const).filter((k) => available[k]);
  return (
    <section aria-labelledby="dokumente">
      <h2 id="dokumente">Dokumente</h2>
      {kinds.length === 0 ? (
        <p>Zu dieser Sitzung sind noch keine Dokumente veröffentlicht.</p>
      ) : (
        <ul>
          {kinds.map((kind) => (
            <li>
              {DOCUMENT_LABELS[kind]}:{' '}
              <FormatLinks base={`${base}/${DOCUMENT_SLUGS[kind]}`} label={DOCUMENT_LABELS[kind]} />
            </li>
          ))}
        </ul>
      )}
      {available.extracts.length > 0 ? (
        <>
          <h3>Beschlussauszüge</h3>
          <ul>
            {available.extracts.map((e) => (
              <li>
                TOP {e.number}:{' '}
                <FormatLinks
                  base={`${base}/top/${e.number}/beschlussauszug`}
                  label={`Beschlussauszug zu TOP ${e.number}`}
                />
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {props.attachments.length > 0 ? (
        <>
          <h3>Anlagen zur Niederschrift</h3>
          <ul>
            {props.attachments.map((a) => (
              <li>
                {a.label} zu TOP {a.itemNumber}: <FileLink bodySlug={meeting.body.slug} file={a.file} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

portal.get('/:body/sitzungen/:id', async (c) => {
  const id = positiveInt(c.req.param('id'), 0);
  const meeting = id ? await loadMeeting(c.var.db, id, 'public') : undefined;
  if (!meeting || meeting.body.slug !== c.req.param('body')) {
    throw new DomainError('meeting.not_found', 'Diese Sitzung gibt es nicht.');
  }
  const attachments = await publicMeetingAttachments(c.var.db, meeting.id);
  // The agenda is published with the invitation (a planned meeting's agenda is a draft).
  const agendaPublished = meeting.state !== 'planned';
  // Results are public with the signed and published minutes, as the documents are.
  const resultsPublished = minutesArePublished(meeting);
  const publicItems = meeting.items.filter((i) => i.public);
  const nonPublicItems = meeting.items.filter((i) => !i.public);
  const place = [
    meeting.location?.name,
    meeting.location?.streetAddress,
    [meeting.location?.postalCode, meeting.location?.locality].filter(Boolean).join(' '),
    meeting.room
      ? [meeting.room.name, meeting.room.description ? `(${meeting.room.description})` : ''].join(' ').trim()
      : '',
  ]
    .filter(Boolean)
    .join(', ');
  return c.html(
    <Layout title={`${meeting.organization.name}, ${formatWeekdayDate(meeting.startAt)}`}>
      <nav aria-label="Brotkrumen">
        <a href="/">Startseite</a> › <a href={`/${meeting.body.slug}`}>{meeting.body.name}</a> ›{' '}
        <a href={`/${meeting.body.slug}/gremien/${meeting.organization.id}`}>{meeting.organization.name}</a> › Sitzung
      </nav>
      <h1>Sitzung {meeting.organization.nameGenitive ?? meeting.organization.name}</h1>
      <dl>
        <dt>Körperschaft</dt>
        <dd>{meeting.body.name}</dd>
        <dt>Sitzungstermin</dt>
        <dd>
          {formatWeekdayDate(meeting.startAt)}, {formatTime(meeting.startAt)} Uhr
          {meeting.cancelled ? <strong> – abgesagt</strong> : null}
        </dd>
        <dt>Sitzungsort</dt>
        <dd>{place || 'noch nicht festgelegt'}</dd>
        <dt>Stand</dt>
        <dd>{stateLabel[meeting.state === 'minutes_signed' && !resultsPublished ? 'held' : meeting.state]}</dd>
        {resultsPublished && meeting.minutesCorrections.length > 0 ? (
          <>
            <dt>Berichtigung</dt>
            <dd>{correctionNote(meeting.minutesCorrections)}</dd>
          </>
        ) : null}
      </dl>
      <p>
        <a href={`/${meeting.body.slug}/vorlagen`}>Alle Vorlagen – {meeting.body.name}</a>
      </p>
      <p class="subscribe">
        Abonnieren:{' '}
        <a href={`/${meeting.body.slug}/kalender.ics`} type="text/calendar">
          Sitzungskalender {meeting.body.name} (iCalendar)
        </a>
        {' · '}
        <a href={`/${meeting.body.slug}/niederschriften.atom`} type="application/atom+xml">
          Neue Niederschriften {meeting.body.name} (Atom-Feed)
        </a>
      </p>
      <h2>Tagesordnung</h2>
      {agendaPublished && meeting.items.length > 0 ? null : <p>Die Tagesordnung ist noch nicht veröffentlicht.</p>}
      {agendaPublished && publicItems.length > 0 ? (
        <section aria-labelledby="oeffentlich">
          <h3 id="oeffentlich">Öffentlicher Teil</h3>
          <AgendaList
            items={publicItems}
            parentId={null}
            results={resultsPublished}
            bodySlug={meeting.body.slug}
            anchors
          />
        </section>
      ) : null}
      {agendaPublished && nonPublicItems.length > 0 ? (
        <section aria-labelledby="nichtoeffentlich">
          <h3 id="nichtoeffentlich">Nicht öffentlicher Teil</h3>
          <AgendaList items={nonPublicItems} parentId={null} results={false} bodySlug={meeting.body.slug} />
        </section>
      ) : null}
      <Documents meeting={meeting} attachments={attachments} />
    </Layout>,
  );
});

/**
 * Public paper pages (Vorlagen): the list of a body's public papers and the paper page with its text,
 * files and consultation path (Beratungsfolge). What a public reader may see is decided in the
 * repository (`loadPaper(…, 'public')`); this file only presents it.
 */
import { Hono } from 'hono';
import {
  type ConsultationRecord,
  type ConsultationRole,
  listPapers,
  loadPaper,
  type PaperListEntry,
} from '../../db/repositories/papers.ts';
import { DomainError } from '../../domain/errors.ts';
import { formatIsoDate, formatWeekdayDate } from '../../domain/format.ts';
import type { AppEnv } from '../env.ts';
import { papersFeedLink } from './feed-links.ts';
import { FileLink } from './files.tsx';
import { Layout } from './layout.tsx';

const PAGE_SIZE = 25;

export function papersPath(bodySlug: string) {
  return `/${bodySlug}/vorlagen`;
}

export function paperPath(p: { id: number; body: { slug: string } }) {
  return `/${p.body.slug}/vorlagen/${p.id}`;
}

export const ROLE_LABELS: Record<ConsultationRole, string> = {
  preliminary: 'Vorberatung',
  decision: 'Entscheidung',
  notice: 'Kenntnisnahme',
};

const STATUS_LABELS: Record<string, string> = {
  open: 'noch nicht beraten',
  recommended: 'empfohlen',
  decided: 'beschlossen',
  noted: 'zur Kenntnis genommen',
  deferred: 'vertagt',
};

/** Status of a consultation in German; a consultation at a non-public item shows no result. */
export function consultationStatus(c: ConsultationRecord): string {
  if (c.nonPublic) {
    const held = c.meeting != null && !c.meeting.cancelled && !['planned', 'invited'].includes(c.meeting.state);
    return held ? 'nicht öffentlich beraten' : 'nicht öffentliche Beratung vorgesehen';
  }
  const status = c.status ?? 'open';
  return STATUS_LABELS[status] ?? status;
}

function positiveInt(value: string | undefined, fallback: number): number | undefined {
  if (value === undefined || value === '') return fallback;
  return /^\d{1,9}$/.test(value) && Number(value) > 0 ? Number(value) : undefined;
}

function paragraphs(text: string): string[] {
  return text
    .split(/\n[ \t]*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}

const notFound = () => new DomainError('paper.not_found', 'Diese Vorlage gibt es nicht.');

export const papers = new Hono<AppEnv>();

papers.get('/:body/vorlagen', async (c) => {
  const page = positiveInt(c.req.query('seite'), 1);
  if (page === undefined)
    throw new DomainError('validation.invalid_input', 'Die Seitenzahl muss eine positive ganze Zahl sein.');
  const list = await listPapers(c.var.db, {
    bodySlug: c.req.param('body'),
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
    order: 'desc',
  });
  if (!list) throw new DomainError('body.not_found', 'Diese Körperschaft gibt es nicht.');
  const { body, total, entries } = list;
  const base = papersPath(body.slug);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return c.html(
    <Layout title={`Vorlagen – ${body.name}`} alternates={[papersFeedLink(body)]}>
      <nav aria-label="Brotkrumen">
        <a href="/">Startseite</a> › <a href={`/${body.slug}`}>{body.name}</a> › Vorlagen
      </nav>
      <h1>Vorlagen</h1>
      <p>{body.name}</p>
      <p class="subscribe">
        <a href={papersFeedLink(body).href} type="application/atom+xml">
          Neue Vorlagen {body.name} abonnieren (Atom-Feed)
        </a>
      </p>
      {total === 0 ? (
        <p>Es sind noch keine Vorlagen veröffentlicht.</p>
      ) : entries.length === 0 ? (
        <p>
          Auf Seite {page} gibt es keine Vorlagen mehr (
          {pages === 1 ? 'es gibt nur eine Seite' : `es gibt ${pages} Seiten`}
          ). <a href={base}>Zur ersten Seite</a>
        </p>
      ) : (
        <>
          <p class="muted">
            {total === 1 ? '1 Vorlage' : `${total} Vorlagen`}, neueste zuerst
            {pages > 1 ? ` – Seite ${page} von ${pages}` : ''}
          </p>
          <table>
            <caption class="skip">Liste der Vorlagen</caption>
            <thead>
              <tr>
                <th scope="col">Datum</th>
                <th scope="col">Vorlage</th>
                <th scope="col">Art</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((p: PaperListEntry) => (
                <tr>
                  <td>{p.date ? formatIsoDate(p.date) : '–'}</td>
                  <td>
                    <a href={paperPath({ id: p.id, body: p.body })}>{p.reference}</a>
                    <br />
                    {p.title}
                  </td>
                  <td>{p.paperType}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {pages > 1 ? (
            <nav class="pages" aria-label="Seiten">
              {page > 1 ? <a href={`${base}?seite=${page - 1}`}>← Neuere</a> : null}
              {page < pages ? <a href={`${base}?seite=${page + 1}`}>Ältere →</a> : null}
            </nav>
          ) : null}
        </>
      )}
    </Layout>,
  );
});

function ConsultationRow(props: { consultation: ConsultationRecord; bodySlug: string }) {
  const c = props.consultation;
  return (
    <tr>
      <td>{c.organization.name}</td>
      <td>{ROLE_LABELS[c.role]}</td>
      <td>
        {c.meeting ? (
          <>
            <a href={`/${props.bodySlug}/sitzungen/${c.meeting.id}`}>{formatWeekdayDate(c.meeting.startAt)}</a>
            {c.meeting.cancelled ? <strong> (abgesagt)</strong> : null}
          </>
        ) : (
          'noch kein Termin'
        )}
      </td>
      <td>{c.itemNumber ?? '–'}</td>
      <td>{consultationStatus(c)}</td>
    </tr>
  );
}

papers.get('/:body/vorlagen/:id', async (c) => {
  const id = positiveInt(c.req.param('id'), 0);
  const paper = id ? await loadPaper(c.var.db, c.req.param('body'), id, 'public') : undefined;
  if (!paper) throw notFound();
  const text = paper.text ? paragraphs(paper.text) : [];
  return c.html(
    <Layout title={`Vorlage ${paper.reference}: ${paper.title}`}>
      <nav aria-label="Brotkrumen">
        <a href="/">Startseite</a> › <a href={`/${paper.body.slug}`}>{paper.body.name}</a> ›{' '}
        <a href={papersPath(paper.body.slug)}>Vorlagen</a> › {paper.reference}
      </nav>
      <h1>{paper.title}</h1>
      <dl>
        <dt>Vorlage Nr.</dt>
        <dd>{paper.reference}</dd>
        <dt>Art</dt>
        <dd>{paper.paperType}</dd>
        {paper.date ? (
          <>
            <dt>Datum</dt>
            <dd>{formatIsoDate(paper.date)}</dd>
          </>
        ) : null}
        <dt>Amt</dt>
        <dd>{paper.office.name}</dd>
        {paper.originator ? (
          <>
            <dt>Antragsteller</dt>
            <dd>{paper.originator.name}</dd>
          </>
        ) : null}
        <dt>Körperschaft</dt>
        <dd>{paper.body.name}</dd>
      </dl>
      {text.length > 0 ? (
        <section aria-labelledby="text">
          <h2 id="text">Text der Vorlage</h2>
          {text.map((p) => (
            <p>{p}</p>
          ))}
        </section>
      ) : null}
      {paper.files.length > 0 ? (
        <section aria-labelledby="anlagen">
          <h2 id="anlagen">Anlagen</h2>
          <ul>
            {paper.files.map((f) => (
              <li>
                <FileLink bodySlug={paper.body.slug} file={f} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="beratungsfolge">
        <h2 id="beratungsfolge">Beratungsfolge</h2>
        {paper.consultations.length === 0 ? (
          <p>Für diese Vorlage ist noch keine Beratung vorgesehen.</p>
        ) : (
          <table>
            <caption class="skip">Beratungsfolge der Vorlage {paper.reference}</caption>
            <thead>
              <tr>
                <th scope="col">Gremium</th>
                <th scope="col">Rolle</th>
                <th scope="col">Sitzung</th>
                <th scope="col">TOP</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {paper.consultations.map((consultation) => (
                <ConsultationRow consultation={consultation} bodySlug={paper.body.slug} />
              ))}
            </tbody>
          </table>
        )}
      </section>
    </Layout>,
  );
});

/**
 * Back office pages for finishing the minutes (issue 6, part 6), under
 * `/verwaltung/sitzungen/:id/niederschrift/…`:
 *
 *   GET  …/abschluss                      status: state, what is missing, who signed when; the buttons the
 *                                         logged-in person may use (meeting.read)
 *   POST …/abschluss/vorlegen             submit for signature (minutes.submit)
 *   POST …/abschluss/zuruecknehmen        withdraw the submission; signatures dropped (minutes.submit)
 *   POST …/abschluss/unterschreiben       the logged-in person's own signature (minutes.sign)
 *   POST …/abschluss/veroeffentlichen     publish signed minutes (minutes.publish)
 *   POST …/abschluss/veroeffentlichung-zuruecknehmen  take the publication back, with a reason (minutes.unpublish)
 *   GET  …/berichtigung                   correction form: item, texts, reason (minutes.correct)
 *   POST …/berichtigung                   store the correction as a new version (minutes.correct)
 *   GET  …/fassungen                      the versions: number, date, who, reason, hash (meeting.read)
 *   GET  …/fassungen/:number              one version rendered from the STORED content, hash verified
 *   GET  …/fassungen/:number/niederschrift.html  its HTML, from the stored content (with the check on top)
 *   GET  …/fassungen/:number/niederschrift.pdf   its PDF, the same
 *
 * This module is imported before meetings-record.tsx (src/http/office/index.ts): `…/niederschrift/abschluss`
 * would otherwise also match part 5's `…/niederschrift/:itemId`. Writes go through
 * src/services/minutes-finish.ts; every form carries the CSRF token and the meeting's version.
 */
import type { Context } from 'hono';
import type { DocumentModel } from '../../documents/model.ts';
import { renderHtml } from '../../documents/render-html.tsx';
import { renderDocument } from '../../documents/service.ts';
import { isDomainError, statusForError } from '../../domain/errors.ts';
import { formatDate, formatTime } from '../../domain/format.ts';
import { type Action, can } from '../../domain/permissions.ts';
import type { Session } from '../../services/accounts.ts';
import type { ServiceContext } from '../../services/context.ts';
import {
  correctMinutes,
  loadMinutesStatus,
  loadMinutesVersion,
  type MinutesStatus,
  type MinutesVersion,
  publishMinutes,
  SIGNATURE_ROLE_LABELS,
  type SignatureRole,
  signMinutes,
  submitMinutes,
  unpublishMinutes,
  withdrawMinutes,
} from '../../services/minutes-finish.ts';
import type { AppEnv } from '../env.ts';
import { Alert, CsrfField, formOf, type Values } from './forms.tsx';
import { OfficeLayout } from './layout.tsx';
import { minutesTarget } from './minutes-target.ts';
import { positiveId } from './request.ts';
import { refusePage, route } from './router.tsx';

const BASE = '/verwaltung/sitzungen';
const path = (id: number, rest = 'abschluss') => `${BASE}/${id}/niederschrift/${rest}`;

const ctxOf = (c: Context<AppEnv>): ServiceContext => ({
  db: c.var.db,
  actor: c.var.session ? `user:${c.var.session.account.id}` : 'anonymous',
});

const title = (s: MinutesStatus) => `${s.organizationName} am ${formatDate(s.startAt)}`;
const when = (at: Date) => `${formatDate(at)} um ${formatTime(at)} Uhr`;

function notFoundPage(c: Context<AppEnv>, what = 'Diese Sitzung gibt es nicht.') {
  return c.html(
    <OfficeLayout title="Nicht gefunden" session={c.var.session}>
      <h1>Nicht gefunden</h1>
      <p>{what}</p>
      <p>
        <a href={BASE}>Zu den Sitzungen</a>
      </p>
    </OfficeLayout>,
    404,
  );
}

function Breadcrumbs(props: { s: MinutesStatus; here: string; parent?: { href: string; label: string } }) {
  const { s } = props;
  return (
    <nav aria-label="Brotkrumen">
      <a href={BASE}>Sitzungen</a> › <a href={`${BASE}/${s.meetingId}`}>{title(s)}</a> ›{' '}
      <a href={`${BASE}/${s.meetingId}/niederschrift`}>Anwesenheit und Abstimmungen</a> ›{' '}
      {props.parent ? (
        <>
          <a href={props.parent.href}>{props.parent.label}</a> ›{' '}
        </>
      ) : null}
      {props.here}
    </nav>
  );
}

/** A form with one button (CSRF token and the meeting's version included). */
function ActionForm(props: {
  action: string;
  session: Session;
  version: number;
  label: string;
  hidden?: Values;
  children?: unknown;
}) {
  return (
    <form method="post" action={props.action}>
      <CsrfField session={props.session} version={props.version} />
      {Object.entries(props.hidden ?? {}).map(([k, v]) => (
        <input type="hidden" name={k} value={v} />
      ))}
      {props.children as never}
      <button type="submit">{props.label}</button>
    </form>
  );
}

const NOTICES: Record<string, string> = {
  vorgelegt: 'Die Niederschrift wurde zur Unterschrift vorgelegt.',
  zurueckgenommen: 'Die Vorlage wurde zurückgenommen; die Niederschrift kann wieder bearbeitet werden.',
  unterschrieben: 'Ihre Unterschrift wurde gespeichert.',
  abgeschlossen: 'Beide Unterschriften liegen vor: Die Niederschrift ist abgeschlossen (Fassung 1 gespeichert).',
  veroeffentlicht: 'Die Niederschrift ist veröffentlicht.',
  nicht_mehr_veroeffentlicht: 'Die Veröffentlichung wurde zurückgenommen; die Niederschrift ist nicht mehr öffentlich.',
  berichtigt: 'Die Berichtigung wurde als neue Fassung gespeichert.',
};

// ---------------------------------------------------------------------------------------------------
// Status page

async function statusPage(
  c: Context<AppEnv>,
  s: MinutesStatus,
  options: { error?: string; status?: 200 | 403 | 409 | 422 } = {},
) {
  const session = c.var.session as Session;
  const target = { bodyId: s.bodyId, signed: s.signed };
  const may = (action: Action) => !s.cancelled && can(session.actor, action, target);
  const notice = options.error ? undefined : NOTICES[c.req.query('meldung') ?? ''];
  return c.html(
    <OfficeLayout title={`Abschluss der Niederschrift – ${title(s)}`} session={session}>
      <Breadcrumbs s={s} here="Abschluss der Niederschrift" />
      <h1>Abschluss der Niederschrift: {title(s)}</h1>
      <Alert error={options.error} notice={notice} />
      <section aria-labelledby="stand">
        <h2 id="stand">Stand</h2>
        <p>
          <strong>{s.stateLabel}</strong>
          {s.signed
            ? s.published
              ? `, veröffentlicht am ${when(s.publishedAt as Date)}`
              : ', noch nicht veröffentlicht'
            : ''}
          .
        </p>
        {s.missing.length > 0 ? (
          <>
            <p>Es fehlt noch:</p>
            <ul>
              {s.missing.map((m) => (
                <li>{m}</li>
              ))}
            </ul>
          </>
        ) : null}
        {s.hints.length > 0 ? (
          <ul>
            {s.hints.map((h) => (
              <li class="muted">{h}</li>
            ))}
          </ul>
        ) : null}
        {s.submitted ? (
          <p class="notice">
            Solange die Niederschrift zur Unterschrift vorliegt, können Anwesenheit, Abstimmungen und Texte nicht
            geändert werden. Nimmt der Sitzungsdienst die Vorlage zurück, entfallen bereits gegebene Unterschriften.
          </p>
        ) : null}
      </section>
      <section aria-labelledby="unterschriften">
        <h2 id="unterschriften">Unterschriften</h2>
        {s.signatures.length === 0 ? (
          <p>Noch keine Unterschrift.</p>
        ) : (
          <ul>
            {s.signatures.map((g) => (
              <li>
                {g.roleLabel}: {g.name}, unterschrieben am {when(g.signedAt)}
              </li>
            ))}
          </ul>
        )}
        {s.submitted && may('minutes.sign') ? (
          s.viewerMaySign.length > 0 ? (
            s.viewerMaySign.map((role: SignatureRole) => (
              <ActionForm
                action={path(s.meetingId, 'abschluss/unterschreiben')}
                session={session}
                version={s.version}
                hidden={{ rolle: role }}
                label={`Als ${SIGNATURE_ROLE_LABELS[role]} unterschreiben`}
              />
            ))
          ) : (
            <p class="muted">
              Unterschreiben können nur der Vorsitz und die Schriftführung dieser Sitzung, jeweils mit der eigenen
              Anmeldung{session.account.personId == null ? ' (Ihr Konto ist mit keiner Person verknüpft)' : ''}.
            </p>
          )
        ) : null}
      </section>
      {!s.cancelled ? (
        <section aria-labelledby="schritte">
          <h2 id="schritte">Nächste Schritte</h2>
          {!s.signed && !s.submitted && may('minutes.submit') ? (
            <ActionForm
              action={path(s.meetingId, 'abschluss/vorlegen')}
              session={session}
              version={s.version}
              label="Zur Unterschrift vorlegen"
            />
          ) : null}
          {s.submitted && may('minutes.submit') ? (
            <ActionForm
              action={path(s.meetingId, 'abschluss/zuruecknehmen')}
              session={session}
              version={s.version}
              label="Vorlage zurücknehmen"
            />
          ) : null}
          {s.signed && !s.published && may('minutes.publish') ? (
            <ActionForm
              action={path(s.meetingId, 'abschluss/veroeffentlichen')}
              session={session}
              version={s.version}
              label="Veröffentlichen"
            >
              <p>
                Veröffentlicht erscheint der öffentliche Teil der Niederschrift im Ratsinformationssystem, in der Suche,
                den Feeds und der OParl-Schnittstelle. Die Veröffentlichung lässt sich später mit Begründung
                zurücknehmen; wer die Niederschrift bis dahin geladen hat, behält sie.
              </p>
            </ActionForm>
          ) : null}
          {s.signed && s.published && may('minutes.unpublish') ? (
            <ActionForm
              action={path(s.meetingId, 'abschluss/veroeffentlichung-zuruecknehmen')}
              session={session}
              version={s.version}
              label="Veröffentlichung zurücknehmen"
            >
              <p id="zuruecknehmen-hinweis">
                Danach ist die Niederschrift nicht mehr öffentlich (Portal, Suche, Feeds, OParl), bis sie erneut
                veröffentlicht wird. Die Begründung steht nur im Änderungsprotokoll.
              </p>
              <label for="begruendung">Begründung</label>
              <textarea
                id="begruendung"
                name="begruendung"
                rows={3}
                maxlength={2000}
                required
                aria-describedby="zuruecknehmen-hinweis"
              />
            </ActionForm>
          ) : null}
          {s.signed && may('minutes.correct') ? (
            <p>
              <a href={path(s.meetingId, 'berichtigung')}>Niederschrift berichtigen</a> (neue Fassung mit Begründung)
            </p>
          ) : null}
          <p>
            <a href={path(s.meetingId, 'fassungen')}>Fassungen der Niederschrift</a> ({s.versions.length})
          </p>
        </section>
      ) : null}
      <p>
        <a href={`${BASE}/${s.meetingId}/niederschrift`}>Zurück zu Anwesenheit und Abstimmungen</a>
      </p>
    </OfficeLayout>,
    options.status ?? 200,
  );
}

async function statusOr404(c: Context<AppEnv>) {
  const id = positiveId(c.req.param('id'));
  return id === undefined ? undefined : loadMinutesStatus(c.var.db, id, c.var.session?.account.personId ?? null);
}

route(
  'GET',
  `${BASE}/:id/niederschrift/abschluss`,
  'meeting.read',
  async (c) => {
    const s = await statusOr404(c);
    return s ? statusPage(c, s) : notFoundPage(c);
  },
  minutesTarget,
);

/** A button's POST: runs the service, then back to the status page (or the page with the error). */
function step(
  slug: string,
  action: Action,
  run: (c: Context<AppEnv>, id: number, values: Values) => Promise<{ notice: string }>,
) {
  route(
    'POST',
    `${BASE}/:id/niederschrift/abschluss/${slug}`,
    action,
    async (c) => {
      const s = await statusOr404(c);
      if (!s) return notFoundPage(c);
      const values = await formOf(c);
      try {
        const { notice } = await run(c, s.meetingId, values);
        return c.redirect(`${path(s.meetingId)}?meldung=${notice}`, 303);
      } catch (error) {
        if (!isDomainError(error)) throw error;
        if (error.id === 'permission.denied' || error.id === 'minutes.signed' || error.id === 'minutes.signer') {
          return refusePage(c, 403, error.id, error.message);
        }
        const now = (await statusOr404(c)) ?? s;
        return statusPage(c, now, {
          error: error.id === 'validation.failed' ? `Nicht ausgeführt: ${error.message}` : error.message,
          status: statusForError(error.id) === 409 ? 409 : 422,
        });
      }
    },
    minutesTarget,
  );
}

const versionOf = (v: Values) => positiveId(v.version) ?? 0;
const sessionOf = (c: Context<AppEnv>) => c.var.session as Session;

step('vorlegen', 'minutes.submit', async (c, id, v) => {
  await submitMinutes(ctxOf(c), sessionOf(c).actor, id, { version: versionOf(v) });
  return { notice: 'vorgelegt' };
});

step('zuruecknehmen', 'minutes.submit', async (c, id, v) => {
  await withdrawMinutes(ctxOf(c), sessionOf(c).actor, id, { version: versionOf(v) });
  return { notice: 'zurueckgenommen' };
});

step('unterschreiben', 'minutes.sign', async (c, id, v) => {
  const session = sessionOf(c);
  const role = v.rolle === 'chair' || v.rolle === 'secretary' ? v.rolle : null;
  const result = await signMinutes(ctxOf(c), { actor: session.actor, personId: session.account.personId }, id, {
    version: versionOf(v),
    role,
  });
  return { notice: result.signed ? 'abgeschlossen' : 'unterschrieben' };
});

step('veroeffentlichen', 'minutes.publish', async (c, id, v) => {
  await publishMinutes(ctxOf(c), sessionOf(c).actor, id, { version: versionOf(v) });
  return { notice: 'veroeffentlicht' };
});

step('veroeffentlichung-zuruecknehmen', 'minutes.unpublish', async (c, id, v) => {
  await unpublishMinutes(ctxOf(c), sessionOf(c).actor, id, { version: versionOf(v), reason: v.begruendung ?? '' });
  return { notice: 'nicht_mehr_veroeffentlicht' };
});

// ---------------------------------------------------------------------------------------------------
// Corrections

function correctionPage(
  c: Context<AppEnv>,
  s: MinutesStatus,
  options: { values?: Values; errors?: Values; error?: string; status?: 200 | 409 | 422 } = {},
) {
  const session = c.var.session as Session;
  const errors = options.errors ?? {};
  const chosen = positiveId(options.values?.punkt ?? c.req.query('punkt')) ?? s.items[0]?.id;
  const item = s.items.find((i) => i.id === chosen);
  const values = options.values ?? {
    punkt: String(item?.id ?? ''),
    niederschrift: item?.minutesText ?? '',
    beschluss: item?.resolutionText ?? '',
    begruendung: '',
  };
  const field = (id: string) => ({
    id,
    name: id,
    'aria-invalid': errors[id] ? ('true' as const) : undefined,
    'aria-describedby': errors[id] ? `${id}-fehler` : undefined,
  });
  const errorText = (id: string) =>
    errors[id] ? (
      <span id={`${id}-fehler`} class="error">
        {errors[id]}
      </span>
    ) : null;
  return c.html(
    <OfficeLayout title={`Niederschrift berichtigen – ${title(s)}`} session={session}>
      <Breadcrumbs
        s={s}
        parent={{ href: path(s.meetingId), label: 'Abschluss der Niederschrift' }}
        here="Berichtigung"
      />
      <h1>Niederschrift berichtigen: {title(s)}</h1>
      <Alert error={options.error} />
      <p>
        Die unterschriebene Niederschrift bleibt als Fassung erhalten. Die Berichtigung wird mit ihrer Begründung als
        neue Fassung gespeichert; öffentlich erscheint nur der Vermerk „Berichtigt am …“, nicht die Begründung.
      </p>
      <form method="get" action={path(s.meetingId, 'berichtigung')}>
        <label for="punkt-wahl">Tagesordnungspunkt</label>
        <select id="punkt-wahl" name="punkt">
          {s.items.map((i) => (
            <option value={String(i.id)} selected={i.id === item?.id}>
              {`TOP ${i.number}: ${i.title}${i.public ? '' : ' (nicht öffentlich)'}`}
            </option>
          ))}
        </select>
        <button type="submit">Punkt wählen</button>
      </form>
      {item ? (
        <form method="post" action={path(s.meetingId, 'berichtigung')} novalidate>
          <CsrfField session={session} version={s.version} />
          <input type="hidden" name="punkt" value={String(item.id)} />
          <h2>
            TOP {item.number}: {item.title}
          </h2>
          <label for="niederschrift">Verlauf der Beratung</label>
          <textarea {...field('niederschrift')} rows={8}>
            {values.niederschrift ?? ''}
          </textarea>
          {errorText('niederschrift')}
          <label for="beschluss">Beschlusstext</label>
          <textarea {...field('beschluss')} rows={5}>
            {values.beschluss ?? ''}
          </textarea>
          {errorText('beschluss')}
          <label for="begruendung">Begründung der Berichtigung (Pflichtfeld)</label>
          <textarea {...field('begruendung')} rows={3} required>
            {values.begruendung ?? ''}
          </textarea>
          {errorText('begruendung')}
          <button type="submit">Berichtigung speichern</button>
        </form>
      ) : (
        <p>Die Sitzung hat keine Tagesordnungspunkte.</p>
      )}
      <p>
        <a href={path(s.meetingId)}>Zurück zum Abschluss der Niederschrift</a>
      </p>
    </OfficeLayout>,
    options.status ?? 200,
  );
}

route(
  'GET',
  `${BASE}/:id/niederschrift/berichtigung`,
  'minutes.correct',
  async (c) => {
    const s = await statusOr404(c);
    return s ? correctionPage(c, s) : notFoundPage(c);
  },
  minutesTarget,
);

const CORRECTION_FIELDS: Record<string, string> = {
  reason: 'begruendung',
  'changes.0.minutesText': 'niederschrift',
  'changes.0.resolutionText': 'beschluss',
  'changes.0.itemId': 'niederschrift',
  changes: 'niederschrift',
};

route(
  'POST',
  `${BASE}/:id/niederschrift/berichtigung`,
  'minutes.correct',
  async (c) => {
    const s = await statusOr404(c);
    if (!s) return notFoundPage(c);
    const values = await formOf(c);
    try {
      await correctMinutes(ctxOf(c), sessionOf(c).actor, s.meetingId, {
        version: versionOf(values),
        reason: values.begruendung ?? '',
        changes: [
          {
            itemId: positiveId(values.punkt) ?? 0,
            minutesText: values.niederschrift ?? null,
            resolutionText: values.beschluss ?? null,
          },
        ],
      });
      return c.redirect(`${path(s.meetingId, 'fassungen')}?meldung=berichtigt`, 303);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      if (error.id === 'permission.denied' || error.id === 'minutes.signed') {
        return refusePage(c, 403, error.id, error.message);
      }
      const fields = error.id === 'validation.failed' ? ((error.details.fields ?? {}) as Values) : undefined;
      const errors = fields
        ? Object.fromEntries(Object.entries(fields).map(([k, v]) => [CORRECTION_FIELDS[k] ?? 'niederschrift', v]))
        : undefined;
      return correctionPage(c, (await statusOr404(c)) ?? s, {
        values,
        ...(errors ? { errors } : {}),
        error: errors ? `Nicht gespeichert: ${error.message}` : error.message,
        status: error.id === 'conflict.stale' ? 409 : 422,
      });
    }
  },
  minutesTarget,
);

// ---------------------------------------------------------------------------------------------------
// Versions

const shortHash = (hash: string) => `${hash.slice(0, 16)}…`;

route(
  'GET',
  `${BASE}/:id/niederschrift/fassungen`,
  'meeting.read',
  async (c) => {
    const s = await statusOr404(c);
    if (!s) return notFoundPage(c);
    const notice = NOTICES[c.req.query('meldung') ?? ''];
    return c.html(
      <OfficeLayout title={`Fassungen der Niederschrift – ${title(s)}`} session={c.var.session}>
        <Breadcrumbs
          s={s}
          parent={{ href: path(s.meetingId), label: 'Abschluss der Niederschrift' }}
          here="Fassungen"
        />
        <h1>Fassungen der Niederschrift: {title(s)}</h1>
        <Alert notice={notice} />
        {s.versions.length === 0 ? (
          <p>
            {s.signed
              ? 'Zu dieser Niederschrift ist keine Fassung gespeichert: Sie wurde vor Einführung der Fassungen oder außerhalb der Verwaltung (Import, Demodaten) unterschrieben. Die erste Berichtigung speichert zuerst den unterschriebenen Stand als Fassung 1.'
              : 'Noch keine Fassung: Fassung 1 entsteht mit der zweiten Unterschrift.'}
          </p>
        ) : (
          <table>
            <caption>Gespeicherte Fassungen (unveränderlich)</caption>
            <thead>
              <tr>
                <th scope="col">Fassung</th>
                <th scope="col">Gespeichert am</th>
                <th scope="col">von</th>
                <th scope="col">Begründung</th>
                <th scope="col">Prüfsumme (SHA-256)</th>
              </tr>
            </thead>
            <tbody>
              {s.versions.map((v) => (
                <tr>
                  <th scope="row">
                    <a href={path(s.meetingId, `fassungen/${v.number}`)}>Fassung {v.number}</a>
                  </th>
                  <td>{when(v.createdAt)}</td>
                  <td>{v.createdByName ?? v.createdBy}</td>
                  <td>{v.reason ?? (v.number === 1 ? 'unterschriebene Fassung' : '')}</td>
                  <td>
                    <code title={v.contentHash}>{shortHash(v.contentHash)}</code>{' '}
                    {v.hashValid ? (
                      'geprüft'
                    ) : (
                      <strong class="error">stimmt nicht mit dem gespeicherten Inhalt überein</strong>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p>
          <a href={path(s.meetingId)}>Zurück zum Abschluss der Niederschrift</a>
        </p>
      </OfficeLayout>,
    );
  },
  minutesTarget,
);

async function versionOr404(c: Context<AppEnv>) {
  const id = positiveId(c.req.param('id'));
  const number = positiveId(c.req.param('number'));
  if (id === undefined || number === undefined) return undefined;
  const s = await loadMinutesStatus(c.var.db, id);
  const v = s ? await loadMinutesVersion(c.var.db, id, number) : undefined;
  return s && v ? { s, v } : undefined;
}

route(
  'GET',
  `${BASE}/:id/niederschrift/fassungen/:number`,
  'meeting.read',
  async (c) => {
    const found = await versionOr404(c);
    if (!found) return notFoundPage(c, 'Diese Fassung der Niederschrift gibt es nicht.');
    const { s, v } = found;
    return c.html(
      <OfficeLayout title={`Fassung ${v.number} der Niederschrift – ${title(s)}`} session={c.var.session}>
        <Breadcrumbs
          s={s}
          parent={{ href: path(s.meetingId, 'fassungen'), label: 'Fassungen' }}
          here={`Fassung ${v.number}`}
        />
        <h1>
          Fassung {v.number} der Niederschrift: {title(s)}
        </h1>
        {v.hashValid ? (
          <p class="notice" role="status">
            Prüfsumme geprüft: Der gespeicherte Inhalt ist unverändert (SHA-256 <code>{v.contentHash}</code>).
          </p>
        ) : (
          <p class="error" role="alert">
            Achtung: Der gespeicherte Inhalt stimmt nicht mit seiner Prüfsumme überein (SHA-256{' '}
            <code>{v.contentHash}</code>). Er wurde außerhalb der Anwendung verändert und ist nicht verlässlich.
          </p>
        )}
        <dl>
          <dt>Gespeichert am</dt>
          <dd>{when(v.createdAt)}</dd>
          <dt>von</dt>
          <dd>{v.createdByName ?? v.createdBy}</dd>
          <dt>Begründung</dt>
          <dd>{v.reason ?? 'keine (unterschriebene Fassung)'}</dd>
          <dt>Unterschriften</dt>
          <dd>
            {v.signatures.length === 0
              ? 'keine'
              : v.signatures
                  .map((g) => `${SIGNATURE_ROLE_LABELS[g.role]}: ${g.name} (${when(new Date(g.signedAt))})`)
                  .join('; ')}
          </dd>
        </dl>
        <p>
          Inhalt, so wie er gespeichert ist:{' '}
          <a href={path(s.meetingId, `fassungen/${v.number}/niederschrift.html`)}>Fassung {v.number} als HTML</a>
          {' · '}
          <a href={path(s.meetingId, `fassungen/${v.number}/niederschrift.pdf`)}>Fassung {v.number} als PDF</a>
        </p>
      </OfficeLayout>,
    );
  },
  minutesTarget,
);

/** The stored model with a line on top naming the version and the result of the hash check (not stored). */
function annotated(v: MinutesVersion): DocumentModel {
  const check = v.hashValid
    ? `Prüfsumme (SHA-256) geprüft: ${v.contentHash}.`
    : `ACHTUNG: Der gespeicherte Inhalt stimmt nicht mit seiner Prüfsumme (SHA-256 ${v.contentHash}) überein und ist nicht verlässlich.`;
  const note: DocumentModel['blocks'][number] = {
    type: 'paragraph',
    text: `Fassung ${v.number} der Niederschrift, gespeichert am ${when(v.createdAt)}. ${check}`,
  };
  return { ...v.model, blocks: [note, ...v.model.blocks] };
}

route(
  'GET',
  `${BASE}/:id/niederschrift/fassungen/:number/niederschrift.html`,
  'meeting.read',
  async (c) => {
    const found = await versionOr404(c);
    if (!found) return notFoundPage(c, 'Diese Fassung der Niederschrift gibt es nicht.');
    return c.html(renderHtml(annotated(found.v)));
  },
  minutesTarget,
);

route(
  'GET',
  `${BASE}/:id/niederschrift/fassungen/:number/niederschrift.pdf`,
  'meeting.read',
  async (c) => {
    const found = await versionOr404(c);
    if (!found) return notFoundPage(c, 'Diese Fassung der Niederschrift gibt es nicht.');
    const { v } = found;
    const rendered = await renderDocument(annotated(v), 'pdf', { creationDate: v.createdAt });
    const fileName = rendered.fileName.replace(/\.pdf$/, `_Fassung-${v.number}.pdf`);
    return c.body(new Uint8Array(rendered.body as Uint8Array), 200, {
      'Content-Type': rendered.contentType,
      'Content-Disposition': `inline; filename="${fileName}"`,
      'X-Content-Type-Options': 'nosniff',
    });
  },
  minutesTarget,
);

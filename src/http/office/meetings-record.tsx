/**
 * Back office pages for what happens during and after a meeting (issue 6, part 5):
 * `/verwaltung/sitzungen/:id/niederschrift` – attendance (per member of the committee on the meeting's
 * date: present, excused, absent, arrival and departure; substitutes, guests and administration) with the
 * quorum explained, and the agenda with each item's result; `…/niederschrift/:itemId` – one item: the
 * minutes' text, the resolution with its kind (Beschluss, Empfehlung, Kenntnisnahme), its votes (counts,
 * einstimmig, by faction, roll call, secret), conflicts of interest, addenda (`…/ergaenzung/:addendumId`
 * to edit one) and attachments to the minutes (`…/anlagen`: upload, label, order, download, remove).
 * A vote, a conflict, an addendum or an attachment recorded by mistake is removed after a confirmation
 * page (`…/abstimmung/:voteId/entfernen`, `…/befangenheit/:personId/entfernen`,
 * `…/ergaenzung/:addendumId/entfernen`, `…/anlagen/:fileId/entfernen`: GET asks, POST removes).
 *
 * Reading needs `meeting.read`; attendance `attendance.record`, votes and conflicts `vote.record`, texts,
 * addenda and attachments `minutes.edit`. Once the minutes are signed every write is refused (403, `minutes.signed`),
 * while they are submitted for signature too (409, `minutes.submitted`; src/http/office/minutes-finish.tsx).
 * Every form carries the meeting's version (optimistic locking). Writes go through
 * src/services/meetings-record.ts.
 */
import type { Context } from 'hono';
import { isDomainError } from '../../domain/errors.ts';
import { formatDate } from '../../domain/format.ts';
import { can } from '../../domain/permissions.ts';
import type { Session } from '../../services/accounts.ts';
import type { ServiceContext } from '../../services/context.ts';
import { meetingBody } from '../../services/meetings-office.ts';
import {
  ATTENDANCE_ROLE_LABELS,
  ATTENDANCE_STATUS_LABELS,
  type AttendanceInput,
  type AttendanceRole,
  type AttendanceStatus,
  addItemAddendum,
  addItemAttachments,
  CHOICE_LABELS,
  declareItemConflict,
  editItemAttachment,
  loadItemAttachmentFile,
  loadMeetingRecord,
  type MeetingRecord,
  RESOLUTION_KIND_LABELS,
  type RecordItem,
  recordItemVote,
  removeItemAddendum,
  removeItemAttachment,
  removeItemConflict,
  removeItemVote,
  saveAttendance,
  saveItemTexts,
  updateItemAddendum,
  VOTE_METHOD_LABELS,
  type VoteInput,
} from '../../services/meetings-record.ts';
import { MAX_FILE_BYTES, MAX_FILES_PER_REQUEST, type UploadedFile } from '../../services/papers-office.ts';
import type { AppEnv } from '../env.ts';
import {
  Alert,
  CsrfField,
  ErrorSummary,
  ErrorText,
  type Form,
  formOf,
  invalid,
  NOT_SAVED,
  type Values,
} from './forms.tsx';
import { OfficeLayout } from './layout.tsx';
import { positiveId } from './request.ts';
import { refusePage, route } from './router.tsx';

const BASE = '/verwaltung/sitzungen';

const ctxOf = (c: Context<AppEnv>): ServiceContext => ({
  db: c.var.db,
  actor: c.var.session ? `user:${c.var.session.account.id}` : 'anonymous',
});

const count = (value: string | undefined): number | null =>
  value === undefined || value.trim() === '' ? null : /^\d{1,6}$/.test(value.trim()) ? Number(value) : Number.NaN;

const meetingTarget = async (c: Context<AppEnv>) => {
  const id = positiveId(c.req.param('id'));
  return { bodyId: id === undefined ? undefined : await meetingBody(c.var.db, id) };
};

const title = (r: MeetingRecord) => `${r.organizationName} am ${formatDate(r.startAt)}`;

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

function SelectCell(props: {
  id: string;
  label: string;
  value: string;
  options: Array<{ value: string; label: string }>;
  errors: Values;
}) {
  return (
    <>
      <select id={props.id} name={props.id} aria-label={props.label} {...invalid(props.errors[props.id], props.id)}>
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === props.value}>
            {o.label}
          </option>
        ))}
      </select>
      <ErrorText id={props.id} error={props.errors[props.id]} />
    </>
  );
}

function TimeCell(props: { id: string; label: string; value: string; errors: Values }) {
  return (
    <>
      <input
        id={props.id}
        name={props.id}
        type="time"
        value={props.value}
        aria-label={props.label}
        {...invalid(props.errors[props.id], props.id)}
      />
      <ErrorText id={props.id} error={props.errors[props.id]} />
    </>
  );
}

/** Maps the service's error fields to the form's field ids. */
function fieldErrors(error: unknown, map: (key: string) => string): Values | undefined {
  if (!isDomainError(error) || error.id !== 'validation.failed') return undefined;
  const fields = (error.details.fields ?? {}) as Values;
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [map(k), v]));
}

const NOTICES: Record<string, string> = {
  anwesenheit: 'Die Anwesenheit wurde gespeichert.',
  texte: 'Niederschrift und Beschluss wurden gespeichert.',
  abstimmung: 'Die Abstimmung wurde gespeichert.',
  befangenheit: 'Die Befangenheit wurde eingetragen.',
  ergaenzung: 'Die Ergänzung wurde gespeichert.',
  'abstimmung-entfernt': 'Die Abstimmung wurde entfernt.',
  'befangenheit-entfernt': 'Die Befangenheit wurde entfernt.',
  'ergaenzung-entfernt': 'Die Ergänzung wurde entfernt.',
  anlagen: 'Die Anlagen wurden hochgeladen.',
  anlage: 'Die Anlage wurde geändert.',
  'anlage-entfernt': 'Die Anlage wurde entfernt.',
};

const SIGNED_NOTE =
  'Die Niederschrift ist unterschrieben; Anwesenheit, Abstimmungen und Texte können nicht mehr geändert werden.';
const SUBMITTED_NOTE =
  'Die Niederschrift liegt zur Unterschrift vor; Anwesenheit, Abstimmungen und Texte können erst wieder geändert werden, wenn der Sitzungsdienst die Vorlage zurücknimmt.';

/** The state of the minutes and the link to finishing them (src/http/office/minutes-finish.tsx). */
function FinishNote(props: { r: MeetingRecord }) {
  const { r } = props;
  return (
    <>
      {r.signed ? <p class="notice">{SIGNED_NOTE}</p> : null}
      {r.submitted ? <p class="notice">{SUBMITTED_NOTE}</p> : null}
      {r.upcoming && !r.cancelled ? (
        <p class="notice">
          Die Sitzung findet erst am {formatDate(r.startAt)} statt. Anwesenheit, Abstimmungen, Befangenheiten und
          Ergänzungen lassen sich ab dem Sitzungstag erfassen; Texte und Anlagen können Sie schon vorbereiten.
        </p>
      ) : null}
      <p>
        <a href={`${BASE}/${r.id}/niederschrift/abschluss`}>
          Abschluss der Niederschrift (vorlegen, unterschreiben, veröffentlichen, Fassungen)
        </a>
      </p>
    </>
  );
}

// ---------------------------------------------------------------------------------------------------
// Attendance

const STATUS_OPTIONS = [
  { value: '', label: '– nicht erfasst –' },
  ...(Object.keys(ATTENDANCE_STATUS_LABELS) as AttendanceStatus[]).map((s) => ({
    value: s,
    label: ATTENDANCE_STATUS_LABELS[s],
  })),
];
const EXTRA_ROLES: AttendanceRole[] = ['substitute', 'guest', 'administration', 'advisory_member'];
const EXTRA_ROWS = 3;

/** The form's values from the stored attendance. */
function attendanceValues(r: MeetingRecord): Values {
  const v: Values = {};
  const stored = new Map(r.attendance.map((a) => [a.personId, a]));
  r.roster.forEach((m, i) => {
    const a = stored.get(m.personId);
    v[`p${i}-status`] = a?.status ?? '';
    v[`p${i}-kommt`] = a?.arrivedAt ?? '';
    v[`p${i}-geht`] = a?.leftAt ?? '';
  });
  const rosterIds = new Set(r.roster.map((m) => m.personId));
  r.attendance
    .filter((a) => !rosterIds.has(a.personId))
    .forEach((a, j) => {
      v[`x${j}-person`] = String(a.personId);
      v[`x${j}-rolle`] = a.role;
      v[`x${j}-vertritt`] = a.substituteForPersonId ? String(a.substituteForPersonId) : '';
      v[`x${j}-status`] = a.status;
      v[`x${j}-funktion`] = a.function ?? '';
      v[`x${j}-kommt`] = a.arrivedAt ?? '';
      v[`x${j}-geht`] = a.leftAt ?? '';
    });
  return v;
}

const extraCount = (r: MeetingRecord) =>
  r.attendance.filter((a) => !r.roster.some((m) => m.personId === a.personId)).length + EXTRA_ROWS;

/** The entries the form describes, each with the prefix of its row (for the error fields). */
function attendanceEntries(r: MeetingRecord, v: Values): Array<{ prefix: string; entry: AttendanceInput }> {
  const out: Array<{ prefix: string; entry: AttendanceInput }> = [];
  r.roster.forEach((m, i) => {
    const status = v[`p${i}-status`] ?? '';
    if (!status) return;
    out.push({
      prefix: `p${i}`,
      entry: {
        personId: m.personId,
        role: m.role,
        status: status as AttendanceStatus,
        votingRight: m.votingRight,
        arrivedAt: v[`p${i}-kommt`] || null,
        leftAt: v[`p${i}-geht`] || null,
      },
    });
  });
  for (let j = 0; j < 50; j++) {
    const person = v[`x${j}-person`];
    if (person === undefined) break;
    if (!person) continue;
    out.push({
      prefix: `x${j}`,
      entry: {
        personId: positiveId(person) ?? -1,
        role: (v[`x${j}-rolle`] || 'guest') as AttendanceRole,
        status: (v[`x${j}-status`] || 'present') as AttendanceStatus,
        substituteForPersonId: positiveId(v[`x${j}-vertritt`]) ?? null,
        function: v[`x${j}-funktion`] || null,
        arrivedAt: v[`x${j}-kommt`] || null,
        leftAt: v[`x${j}-geht`] || null,
      },
    });
  }
  return out;
}

const ENTRY_FIELDS: Record<string, string> = {
  personId: 'person',
  role: 'rolle',
  status: 'status',
  substituteForPersonId: 'vertritt',
  arrivedAt: 'kommt',
  leftAt: 'geht',
};

function AttendanceForm(props: { r: MeetingRecord; session: Session; values: Values; errors: Values }) {
  const { r, values, errors } = props;
  const voters = r.roster.filter((m) => m.votingRight);
  return (
    <form method="post" action={`${BASE}/${r.id}/anwesenheit`} novalidate>
      <CsrfField session={props.session} version={r.version} />
      <table>
        <caption>Mitglieder des Gremiums am {formatDate(r.startAt)}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Funktion</th>
            <th scope="col">Anwesenheit</th>
            <th scope="col">gekommen um</th>
            <th scope="col">gegangen um</th>
          </tr>
        </thead>
        <tbody>
          {r.roster.map((m, i) => (
            <tr>
              <th scope="row">{m.name}</th>
              <td>
                {ATTENDANCE_ROLE_LABELS[m.role]}
                {m.faction ? ` (${m.faction})` : ''}
                {m.votingRight ? '' : ', nicht stimmberechtigt'}
              </td>
              <td>
                <SelectCell
                  id={`p${i}-status`}
                  label={`Anwesenheit ${m.name}`}
                  value={values[`p${i}-status`] ?? ''}
                  options={STATUS_OPTIONS}
                  errors={errors}
                />
              </td>
              <td>
                <TimeCell
                  id={`p${i}-kommt`}
                  label={`${m.name} gekommen um`}
                  value={values[`p${i}-kommt`] ?? ''}
                  errors={errors}
                />
              </td>
              <td>
                <TimeCell
                  id={`p${i}-geht`}
                  label={`${m.name} gegangen um`}
                  value={values[`p${i}-geht`] ?? ''}
                  errors={errors}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <table>
        <caption>Vertretungen, Gäste und Verwaltung</caption>
        <thead>
          <tr>
            <th scope="col">Nr.</th>
            <th scope="col">Person</th>
            <th scope="col">Rolle</th>
            <th scope="col">vertritt</th>
            <th scope="col">Funktion (z. B. Kämmerer)</th>
            <th scope="col">Anwesenheit</th>
            <th scope="col">gekommen um</th>
            <th scope="col">gegangen um</th>
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: extraCount(r) }, (_, j) => {
            const n = `weitere Person ${j + 1}`;
            return (
              <tr>
                <th scope="row">{j + 1}</th>
                <td>
                  <SelectCell
                    id={`x${j}-person`}
                    label={`${n}: Person`}
                    value={values[`x${j}-person`] ?? ''}
                    options={[
                      { value: '', label: '– keine –' },
                      ...r.persons.map((p) => ({
                        value: String(p.id),
                        label: `${p.name}${p.deputy ? ' (stellv. Mitglied)' : ''}`,
                      })),
                    ]}
                    errors={errors}
                  />
                </td>
                <td>
                  <SelectCell
                    id={`x${j}-rolle`}
                    label={`${n}: Rolle`}
                    value={values[`x${j}-rolle`] ?? 'substitute'}
                    options={EXTRA_ROLES.map((role) => ({ value: role, label: ATTENDANCE_ROLE_LABELS[role] }))}
                    errors={errors}
                  />
                </td>
                <td>
                  <SelectCell
                    id={`x${j}-vertritt`}
                    label={`${n}: vertritt`}
                    value={values[`x${j}-vertritt`] ?? ''}
                    options={[
                      { value: '', label: '– niemanden –' },
                      ...voters.map((m) => ({ value: String(m.personId), label: m.name })),
                    ]}
                    errors={errors}
                  />
                </td>
                <td>
                  <input
                    id={`x${j}-funktion`}
                    name={`x${j}-funktion`}
                    value={values[`x${j}-funktion`] ?? ''}
                    aria-label={`${n}: Funktion`}
                  />
                </td>
                <td>
                  <SelectCell
                    id={`x${j}-status`}
                    label={`${n}: Anwesenheit`}
                    value={values[`x${j}-status`] ?? 'present'}
                    options={STATUS_OPTIONS.slice(1)}
                    errors={errors}
                  />
                </td>
                <td>
                  <TimeCell
                    id={`x${j}-kommt`}
                    label={`${n}: gekommen um`}
                    value={values[`x${j}-kommt`] ?? ''}
                    errors={errors}
                  />
                </td>
                <td>
                  <TimeCell
                    id={`x${j}-geht`}
                    label={`${n}: gegangen um`}
                    value={values[`x${j}-geht`] ?? ''}
                    errors={errors}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p class="muted">
        Eine Vertretung (Rolle „Vertretung“) ist stimmberechtigt an Stelle des vertretenen Mitglieds; Gäste und
        Verwaltung sind nicht stimmberechtigt.
      </p>
      <button type="submit">Anwesenheit speichern</button>
    </form>
  );
}

function AttendanceTable(props: { r: MeetingRecord }) {
  if (props.r.attendance.length === 0) return <p>Die Anwesenheit ist noch nicht erfasst.</p>;
  return (
    <table>
      <caption>Anwesenheit</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Rolle</th>
          <th scope="col">Anwesenheit</th>
          <th scope="col">Zeit</th>
        </tr>
      </thead>
      <tbody>
        {props.r.attendance.map((a) => (
          <tr>
            <th scope="row">{a.name}</th>
            <td>
              {ATTENDANCE_ROLE_LABELS[a.role]}
              {a.substituteForName ? ` für ${a.substituteForName}` : ''}
              {a.function ? `, ${a.function}` : ''}
            </td>
            <td>{ATTENDANCE_STATUS_LABELS[a.status]}</td>
            <td>
              {a.arrivedAt ? `ab ${a.arrivedAt} Uhr` : ''}
              {a.arrivedAt && a.leftAt ? ', ' : ''}
              {a.leftAt ? `bis ${a.leftAt} Uhr` : ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ItemResults(props: { r: MeetingRecord }) {
  return (
    <table>
      <caption>Ergebnisse je Tagesordnungspunkt</caption>
      <thead>
        <tr>
          <th scope="col">TOP</th>
          <th scope="col">Titel</th>
          <th scope="col">Ergebnis</th>
        </tr>
      </thead>
      <tbody>
        {props.r.items.map((i) => (
          <tr>
            <th scope="row">{i.number}</th>
            <td>
              <a href={`${BASE}/${props.r.id}/niederschrift/${i.id}`}>{i.title}</a>
              {i.public ? '' : ' (nicht öffentlich)'}
            </td>
            <td>{i.votes.length === 0 ? '–' : i.votes.map((v) => v.phrase).join('; ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

async function recordPage(
  c: Context<AppEnv>,
  r: MeetingRecord,
  options: { values?: Values; errors?: Values; error?: string; status?: 200 | 409 | 422 } = {},
) {
  const session = c.var.session as Session;
  const mayRecord =
    !r.signed &&
    !r.submitted &&
    !r.cancelled &&
    !r.upcoming &&
    can(session.actor, 'attendance.record', { bodyId: r.bodyId });
  const errors = options.errors ?? {};
  const notice = options.error ? undefined : NOTICES[c.req.query('meldung') ?? ''];
  return c.html(
    <OfficeLayout title={`Anwesenheit und Abstimmungen – ${title(r)}`} session={session}>
      <nav aria-label="Brotkrumen">
        <a href={BASE}>Sitzungen</a> › <a href={`${BASE}/${r.id}`}>{title(r)}</a> › Anwesenheit und Abstimmungen
      </nav>
      <h1>Anwesenheit und Abstimmungen: {title(r)}</h1>
      <Alert error={options.error} notice={notice} />
      <FinishNote r={r} />
      {r.cancelled ? <p class="notice">Die Sitzung ist abgesagt.</p> : null}
      <section aria-labelledby="beschlussfaehigkeit">
        <h2 id="beschlussfaehigkeit">Beschlussfähigkeit</h2>
        {r.quorum ? (
          <p>
            <strong>{r.quorum.explanation}</strong> ({r.quorum.norm}; gezählt werden anwesende stimmberechtigte
            Mitglieder und Vertretungen an Stelle ihres Mitglieds, von {r.statutoryMembers} Sitzen.)
          </p>
        ) : (
          <p>Die Beschlussfähigkeit ergibt sich, sobald die Anwesenheit erfasst ist.</p>
        )}
      </section>
      <section aria-labelledby="anwesenheit">
        <h2 id="anwesenheit">Anwesenheit</h2>
        <ErrorSummary errors={errors} title={NOT_SAVED} />
        {mayRecord ? (
          <AttendanceForm r={r} session={session} values={options.values ?? attendanceValues(r)} errors={errors} />
        ) : (
          <AttendanceTable r={r} />
        )}
      </section>
      <section aria-labelledby="ergebnisse">
        <h2 id="ergebnisse">Tagesordnung und Ergebnisse</h2>
        {r.items.length === 0 ? <p>Die Tagesordnung ist leer.</p> : <ItemResults r={r} />}
      </section>
      <p>
        <a href={`${BASE}/${r.id}`}>Zurück zur Sitzung</a>
      </p>
    </OfficeLayout>,
    options.status ?? 200,
  );
}

async function recordOr404(c: Context<AppEnv>) {
  const id = positiveId(c.req.param('id'));
  return id === undefined ? undefined : loadMeetingRecord(c.var.db, id);
}

route(
  'GET',
  `${BASE}/:id/niederschrift`,
  'meeting.read',
  async (c) => {
    const r = await recordOr404(c);
    return r ? recordPage(c, r) : notFoundPage(c);
  },
  meetingTarget,
);

route(
  'POST',
  `${BASE}/:id/anwesenheit`,
  'attendance.record',
  async (c) => {
    const session = c.var.session as Session;
    const r = await recordOr404(c);
    if (!r) return notFoundPage(c);
    const values = await formOf(c);
    const rows = attendanceEntries(r, values);
    try {
      await saveAttendance(ctxOf(c), session.actor, r.id, {
        version: positiveId(values.version) ?? 0,
        entries: rows.map((x) => x.entry),
      });
      return c.redirect(`${BASE}/${r.id}/niederschrift?meldung=anwesenheit#beschlussfaehigkeit`, 303);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      if (error.id === 'permission.denied' || error.id === 'minutes.signed') {
        return refusePage(c, 403, error.id, error.message);
      }
      const errors = fieldErrors(error, (key) => {
        const [, index, name] = key.split('.');
        const prefix = rows[Number(index)]?.prefix;
        return prefix && name ? `${prefix}-${ENTRY_FIELDS[name] ?? name}` : key;
      });
      return recordPage(c, r, {
        values,
        ...(errors ? { errors } : {}),
        error: errors ? 'Nicht gespeichert.' : error.message,
        status: error.id === 'conflict.stale' || error.id === 'minutes.submitted' ? 409 : 422,
      });
    }
  },
  meetingTarget,
);

// ---------------------------------------------------------------------------------------------------
// One item

function VoteList(props: { item: RecordItem; removeBase?: string | undefined }) {
  if (props.item.votes.length === 0) return <p>Noch keine Abstimmung erfasst.</p>;
  return (
    <ol>
      {props.item.votes.map((v, index) => (
        <li>
          {v.subject ? `${v.subject}: ` : ''}
          <strong>{v.phrase}</strong> ({VOTE_METHOD_LABELS[v.method]} abgestimmt)
          {v.factionLines.length > 0 ? (
            <ul>
              {v.factionLines.map((line) => (
                <li>{line}</li>
              ))}
            </ul>
          ) : null}
          {v.ballots.length > 0 ? (
            <ul>
              {v.ballots.map((b) => (
                <li>
                  {b.name}: {CHOICE_LABELS[b.choice]}
                </li>
              ))}
            </ul>
          ) : null}
          {props.removeBase ? (
            <>
              {' '}
              <a href={`${props.removeBase}/abstimmung/${v.id}/entfernen`}>Abstimmung {index + 1} entfernen</a>
            </>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

function NumberField(props: { id: string; label: string; values: Values; errors: Values }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        name={props.id}
        type="number"
        min="0"
        inputmode="numeric"
        value={props.values[props.id] ?? ''}
        {...invalid(props.errors[props.id], props.id)}
      />
      <ErrorText id={props.id} error={props.errors[props.id]} />
    </div>
  );
}

function VoteForm(props: { r: MeetingRecord; item: RecordItem; session: Session; values: Values; errors: Values }) {
  const { r, item, values, errors } = props;
  const biased = new Set(item.conflicts.map((x) => x.personId));
  const voters = r.attendance.filter((a) => a.status === 'present' && a.votingRight && !biased.has(a.personId));
  const radio = (name: string, value: string, label: string, checked: boolean) => (
    <div>
      <input type="radio" id={`${name}-${value}`} name={name} value={value} checked={checked} />
      <label for={`${name}-${value}`}>{label}</label>
    </div>
  );
  const method = values.art ?? 'offen';
  const result = values.ergebnis ?? 'stimmen';
  return (
    <form method="post" action={`${BASE}/${r.id}/niederschrift/${item.id}/abstimmung`} novalidate>
      <CsrfField session={props.session} version={r.version} />
      <div class="field">
        <label for="gegenstand">Gegenstand (freiwillig, z. B. „Änderungsantrag der SPD-Fraktion“)</label>
        <input id="gegenstand" name="gegenstand" value={values.gegenstand ?? ''} />
      </div>
      <fieldset id="art">
        <legend>Art der Abstimmung</legend>
        {radio('art', 'offen', 'offen (Handzeichen)', method === 'offen')}
        {radio('art', 'namentlich', 'namentlich (Stimme je Person unten)', method === 'namentlich')}
        {radio('art', 'geheim', 'geheim (nur Zahlen)', method === 'geheim')}
      </fieldset>
      <fieldset id="ergebnis" {...invalid(errors.ergebnis, 'ergebnis')}>
        <legend>Ergebnis</legend>
        <ErrorText id="ergebnis" error={errors.ergebnis} />
        {radio('ergebnis', 'stimmen', 'Stimmen gezählt', result === 'stimmen')}
        {radio('ergebnis', 'einstimmig', 'einstimmig (ohne Zahlen)', result === 'einstimmig')}
        {radio('ergebnis', 'kenntnis', 'zur Kenntnis genommen (keine Abstimmung)', result === 'kenntnis')}
      </fieldset>
      <fieldset>
        <legend>Stimmen (bei {voters.length} anwesenden Stimmberechtigten)</legend>
        <NumberField id="ja" label="Ja-Stimmen" values={values} errors={errors} />
        <NumberField id="nein" label="Nein-Stimmen" values={values} errors={errors} />
        <NumberField id="enthaltung" label="Enthaltungen" values={values} errors={errors} />
      </fieldset>
      {r.factions.length > 0 ? (
        <fieldset id="fraktionen" {...invalid(errors.fraktionen, 'fraktionen')}>
          <legend>Stimmen je Fraktion (freiwillig; für die Niederschrift „1 Enthaltung SPD-Fraktion“)</legend>
          <ErrorText id="fraktionen" error={errors.fraktionen} />
          <table>
            <thead>
              <tr>
                <th scope="col">Fraktion</th>
                <th scope="col">Ja</th>
                <th scope="col">Nein</th>
                <th scope="col">Enthaltung</th>
              </tr>
            </thead>
            <tbody>
              {r.factions.map((f) => (
                <tr>
                  <th scope="row">{f.name}</th>
                  {(['ja', 'nein', 'enthaltung'] as const).map((k) => (
                    <td>
                      <input
                        name={`f${f.id}-${k}`}
                        type="number"
                        min="0"
                        value={values[`f${f.id}-${k}`] ?? ''}
                        aria-label={`${f.name}: ${k === 'ja' ? 'Ja' : k === 'nein' ? 'Nein' : 'Enthaltung'}`}
                      />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </fieldset>
      ) : null}
      <fieldset id="stimmen">
        <legend>Namentliche Abstimmung: Stimme je Person</legend>
        <ErrorText id="stimmen" error={errors.stimmen} />
        {item.conflicts.length > 0 ? (
          <p class="muted">Befangen und ohne Stimme: {item.conflicts.map((x) => x.name).join(', ')}.</p>
        ) : null}
        {voters.length === 0 ? <p>Keine anwesenden Stimmberechtigten erfasst.</p> : null}
        {voters.map((a) => (
          <div class="field">
            <label for={`stimme-${a.personId}`}>{a.name}</label>
            <select
              id={`stimme-${a.personId}`}
              name={`stimme-${a.personId}`}
              {...invalid(errors[`stimme-${a.personId}`], `stimme-${a.personId}`)}
            >
              {[
                { value: '', label: '– keine Stimme –' },
                { value: 'yes', label: 'Ja' },
                { value: 'no', label: 'Nein' },
                { value: 'abstain', label: 'Enthaltung' },
              ].map((o) => (
                <option value={o.value} selected={(values[`stimme-${a.personId}`] ?? '') === o.value}>
                  {o.label}
                </option>
              ))}
            </select>
            <ErrorText id={`stimme-${a.personId}`} error={errors[`stimme-${a.personId}`]} />
          </div>
        ))}
      </fieldset>
      <button type="submit">Abstimmung speichern</button>
    </form>
  );
}

const sizeOf = (n: number) =>
  n >= 1024 * 1024
    ? `${(n / 1024 / 1024).toLocaleString('de-DE', { maximumFractionDigits: 1 })} MB`
    : `${Math.max(1, Math.round(n / 1024)).toLocaleString('de-DE')} KB`;

/** The item's attachments to the minutes: list with download, label, order, remove; the upload form. */
function Attachments(props: {
  r: MeetingRecord;
  item: RecordItem;
  session: Session;
  mayEdit: boolean;
  values: Values;
  errors: Values;
}) {
  const { r, item, session, mayEdit, values, errors } = props;
  const base = `${BASE}/${r.id}/niederschrift/${item.id}`;
  const last = item.attachments.length - 1;
  return (
    <section aria-labelledby="anlagen">
      <h2 id="anlagen">Anlagen zur Niederschrift</h2>
      <p class="muted">
        Öffentlich erst mit der veröffentlichten Niederschrift und nur bei Punkten des öffentlichen Teils.
      </p>
      {item.attachments.length === 0 ? (
        <p>Keine Anlagen.</p>
      ) : (
        <ol>
          {item.attachments.map((a, index) => {
            const id = `anlage-${a.fileId}`;
            return (
              <li>
                <a href={`${base}/anlagen/${a.fileId}`}>{a.label}</a> ({a.fileName}, {sizeOf(a.size)})
                {mayEdit ? (
                  <form method="post" action={`${base}/anlagen/${a.fileId}`} novalidate>
                    <CsrfField session={session} version={r.version} />
                    <div class="field">
                      <label for={id}>Bezeichnung von Anlage {index + 1}</label>
                      <input id={id} name="bezeichnung" value={values[id] ?? a.label} {...invalid(errors[id], id)} />
                      <ErrorText id={id} error={errors[id]} />
                    </div>
                    <button type="submit">Bezeichnung speichern</button>{' '}
                    {index > 0 ? (
                      <button type="submit" name="bewegen" value="up">
                        Anlage {index + 1} nach oben
                      </button>
                    ) : null}{' '}
                    {index < last ? (
                      <button type="submit" name="bewegen" value="down">
                        Anlage {index + 1} nach unten
                      </button>
                    ) : null}{' '}
                    <a href={`${base}/anlagen/${a.fileId}/entfernen`}>Anlage {index + 1} entfernen</a>
                  </form>
                ) : null}
              </li>
            );
          })}
        </ol>
      )}
      {mayEdit ? (
        <form method="post" action={`${base}/anlagen`} enctype="multipart/form-data" novalidate>
          <CsrfField session={session} version={r.version} />
          <div class="field">
            <label for="dateien">Dateien</label>
            <span id="dateien-hinweis" class="muted">
              {` Bis zu ${MAX_FILES_PER_REQUEST} Dateien mit je höchstens ${MAX_FILE_BYTES / 1024 / 1024} MB.`}
            </span>
            <input
              type="file"
              id="dateien"
              name="dateien"
              multiple
              aria-invalid={errors.dateien ? 'true' : undefined}
              aria-describedby={errors.dateien ? 'dateien-hinweis dateien-fehler' : 'dateien-hinweis'}
            />
            <ErrorText id="dateien" error={errors.dateien} />
          </div>
          <div class="field">
            <label for="bezeichnung">Bezeichnung (bei einer Datei, freiwillig)</label>
            <span id="bezeichnung-hinweis" class="muted">
              {' Zum Beispiel „Anlage 1 – Präsentation“; ohne Angabe „Anlage n – Dateiname“.'}
            </span>
            <input
              id="bezeichnung"
              name="bezeichnung"
              value={values.bezeichnung ?? ''}
              aria-invalid={errors.bezeichnung ? 'true' : undefined}
              aria-describedby={errors.bezeichnung ? 'bezeichnung-hinweis bezeichnung-fehler' : 'bezeichnung-hinweis'}
            />
            <ErrorText id="bezeichnung" error={errors.bezeichnung} />
          </div>
          <button type="submit">Anlagen hochladen</button>
        </form>
      ) : null}
    </section>
  );
}

async function itemRecordPage(
  c: Context<AppEnv>,
  r: MeetingRecord,
  item: RecordItem,
  options: { values?: Values; errors?: Values; error?: string; status?: 200 | 409 | 422 } = {},
) {
  const session = c.var.session as Session;
  const open = !r.signed && !r.submitted && !r.cancelled;
  const target = { bodyId: r.bodyId };
  const mayEdit = open && can(session.actor, 'minutes.edit', target);
  // What happened at the meeting waits for its day; texts may be prepared.
  const mayVote = open && !r.upcoming && can(session.actor, 'vote.record', target);
  const mayAddAddendum = mayEdit && !r.upcoming;
  const errors = options.errors ?? {};
  const values = options.values ?? {};
  const notice = options.error ? undefined : NOTICES[c.req.query('meldung') ?? ''];
  const heading = `TOP ${item.number}: ${item.title}`;
  const itemBase = `${BASE}/${r.id}/niederschrift/${item.id}`;
  return c.html(
    <OfficeLayout title={`${heading} – ${title(r)}`} session={session}>
      <nav aria-label="Brotkrumen">
        <a href={BASE}>Sitzungen</a> › <a href={`${BASE}/${r.id}`}>{title(r)}</a> ›{' '}
        <a href={`${BASE}/${r.id}/niederschrift`}>Anwesenheit und Abstimmungen</a> › TOP {item.number}
      </nav>
      <h1>{heading}</h1>
      <p>{item.public ? 'Öffentlicher Teil' : 'Nicht öffentlicher Teil'}</p>
      <Alert error={options.error} notice={notice} />
      <ErrorSummary errors={errors} title={NOT_SAVED} />
      <FinishNote r={r} />
      <section aria-labelledby="texte">
        <h2 id="texte">Niederschrift und Beschluss</h2>
        {mayEdit ? (
          <form method="post" action={`${BASE}/${r.id}/niederschrift/${item.id}`} novalidate>
            <CsrfField session={session} version={r.version} />
            <div class="field">
              <label for="niederschrift">Verlauf der Beratung (Absätze durch eine Leerzeile trennen)</label>
              <textarea
                id="niederschrift"
                name="niederschrift"
                rows={8}
                {...invalid(errors.niederschrift, 'niederschrift')}
              >
                {values.niederschrift ?? item.minutesText ?? ''}
              </textarea>
              <ErrorText id="niederschrift" error={errors.niederschrift} />
            </div>
            <div class="field">
              <label for="beschlussart">Art des Beschlusses</label>
              <select id="beschlussart" name="beschlussart" {...invalid(errors.beschlussart, 'beschlussart')}>
                {Object.entries(RESOLUTION_KIND_LABELS).map(([value, label]) => (
                  <option value={value} selected={(values.beschlussart ?? item.suggestedResolutionKind) === value}>
                    {label}
                  </option>
                ))}
              </select>
              <ErrorText id="beschlussart" error={errors.beschlussart} />
            </div>
            <div class="field">
              <label for="beschluss">Beschlusstext</label>
              <textarea id="beschluss" name="beschluss" rows={5} {...invalid(errors.beschluss, 'beschluss')}>
                {values.beschluss ?? item.resolutionText ?? ''}
              </textarea>
              <ErrorText id="beschluss" error={errors.beschluss} />
            </div>
            <button type="submit">Texte speichern</button>
          </form>
        ) : (
          <>
            <h3>Verlauf der Beratung</h3>
            <p>{item.minutesText ?? '–'}</p>
            <h3>{item.resolutionKind ? RESOLUTION_KIND_LABELS[item.resolutionKind] : 'Beschluss'}</h3>
            <p>{item.resolutionText ?? '–'}</p>
          </>
        )}
      </section>
      <section aria-labelledby="befangenheit">
        <h2 id="befangenheit">Befangenheit</h2>
        {item.conflicts.length === 0 ? (
          <p>Niemand hat sich für befangen erklärt.</p>
        ) : (
          <ul>
            {item.conflicts.map((x) => (
              <li>
                {x.name}
                {x.note ? ` – ${x.note}` : ''} (nimmt an Beratung und Abstimmung nicht teil)
                {mayVote ? (
                  <>
                    {' '}
                    <a href={`${itemBase}/befangenheit/${x.personId}/entfernen`}>Befangenheit von {x.name} entfernen</a>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {mayVote ? (
          <form method="post" action={`${BASE}/${r.id}/niederschrift/${item.id}/befangenheit`} novalidate>
            <CsrfField session={session} version={r.version} />
            <div class="field">
              <label for="person">Person, die sich für befangen erklärt</label>
              <select id="person" name="person" {...invalid(errors.person, 'person')}>
                <option value="">– bitte wählen –</option>
                {r.attendance.map((a) => (
                  <option value={String(a.personId)} selected={values.person === String(a.personId)}>
                    {a.name}
                  </option>
                ))}
              </select>
              <ErrorText id="person" error={errors.person} />
            </div>
            <div class="field">
              <label for="vermerk">Vermerk (freiwillig)</label>
              <input id="vermerk" name="vermerk" value={values.vermerk ?? ''} />
            </div>
            <button type="submit">Befangenheit eintragen</button>
          </form>
        ) : null}
      </section>
      <section aria-labelledby="abstimmung">
        <h2 id="abstimmung">Abstimmung</h2>
        <VoteList item={item} removeBase={mayVote ? itemBase : undefined} />
        {mayVote ? <VoteForm r={r} item={item} session={session} values={values} errors={errors} /> : null}
      </section>
      <section aria-labelledby="ergaenzungen">
        <h2 id="ergaenzungen">Ergänzungen nach der Sitzung</h2>
        {item.addenda.length === 0 ? <p>Keine Ergänzungen.</p> : null}
        {item.addenda.map((a, index) => (
          <>
            <h3>{a.heading}</h3>
            <p>{a.text}</p>
            {mayEdit ? (
              <p>
                <a href={`${itemBase}/ergaenzung/${a.id}`}>Ergänzung {index + 1} bearbeiten</a> ·{' '}
                <a href={`${itemBase}/ergaenzung/${a.id}/entfernen`}>Ergänzung {index + 1} entfernen</a>
              </p>
            ) : null}
          </>
        ))}
        {mayAddAddendum ? (
          <form method="post" action={`${BASE}/${r.id}/niederschrift/${item.id}/ergaenzung`} novalidate>
            <CsrfField session={session} version={r.version} />
            <div class="field">
              <label for="ueberschrift">Überschrift</label>
              <input
                id="ueberschrift"
                name="ueberschrift"
                value={values.ueberschrift ?? 'Ergänzende Antwort zur Niederschrift'}
              />
            </div>
            <div class="field">
              <label for="ergaenzung">Text der Ergänzung</label>
              <textarea id="ergaenzung" name="ergaenzung" rows={4} {...invalid(errors.ergaenzung, 'ergaenzung')}>
                {values.ergaenzung ?? ''}
              </textarea>
              <ErrorText id="ergaenzung" error={errors.ergaenzung} />
            </div>
            <button type="submit">Ergänzung speichern</button>
          </form>
        ) : null}
      </section>
      <Attachments r={r} item={item} session={session} mayEdit={mayEdit} values={values} errors={errors} />
      {can(session.actor, 'resolution.track', target) && !r.cancelled ? (
        <p>
          <a href={`/verwaltung/beschlusskontrolle/neu/${item.id}`}>
            Beschluss oder Auftrag verfolgen (Beschlusskontrolle)
          </a>
        </p>
      ) : null}
      <p>
        <a href={`${BASE}/${r.id}/niederschrift`}>Zurück zu Anwesenheit und Abstimmungen</a>
      </p>
    </OfficeLayout>,
    options.status ?? 200,
  );
}

async function itemOr404(c: Context<AppEnv>) {
  const r = await recordOr404(c);
  const itemId = positiveId(c.req.param('itemId'));
  const item = r?.items.find((i) => i.id === itemId);
  return r && item ? { r, item } : undefined;
}

route(
  'GET',
  `${BASE}/:id/niederschrift/:itemId`,
  'meeting.read',
  async (c) => {
    const found = await itemOr404(c);
    return found ? itemRecordPage(c, found.r, found.item) : notFoundPage(c, 'Diesen Tagesordnungspunkt gibt es nicht.');
  },
  meetingTarget,
);

/** Runs a write from the item page: back to it with a notice, or the page again with the errors. */
async function itemWrite(
  c: Context<AppEnv>,
  notice: string,
  anchor: string,
  map: (key: string) => string,
  write: (r: MeetingRecord, item: RecordItem, v: Values, session: Session) => Promise<unknown>,
) {
  const session = c.var.session as Session;
  const found = await itemOr404(c);
  if (!found) return notFoundPage(c, 'Diesen Tagesordnungspunkt gibt es nicht.');
  const values = await formOf(c);
  try {
    await write(found.r, found.item, values, session);
    return c.redirect(`${BASE}/${found.r.id}/niederschrift/${found.item.id}?meldung=${notice}#${anchor}`, 303);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    if (error.id === 'permission.denied' || error.id === 'minutes.signed') {
      return refusePage(c, 403, error.id, error.message);
    }
    const errors = fieldErrors(error, map);
    return itemRecordPage(c, found.r, found.item, {
      values,
      ...(errors ? { errors } : {}),
      error: errors ? 'Nicht gespeichert.' : error.message,
      status: error.id === 'conflict.stale' || error.id === 'minutes.submitted' ? 409 : 422,
    });
  }
}

const versionOf = (v: Values) => positiveId(v.version) ?? 0;

route(
  'POST',
  `${BASE}/:id/niederschrift/:itemId`,
  'minutes.edit',
  (c) =>
    itemWrite(
      c,
      'texte',
      'texte',
      (k) => ({ minutesText: 'niederschrift', resolutionText: 'beschluss', resolutionKind: 'beschlussart' })[k] ?? k,
      (r, item, v, s) =>
        saveItemTexts(ctxOf(c), s.actor, r.id, item.id, {
          version: versionOf(v),
          minutesText: v.niederschrift ?? null,
          resolutionText: v.beschluss ?? null,
          resolutionKind: v.beschlussart || null,
        }),
    ),
  meetingTarget,
);

/** The vote the form describes. */
export function voteFromForm(r: MeetingRecord, v: Values): VoteInput {
  const method = v.art === 'namentlich' ? 'roll_call' : v.art === 'geheim' ? 'secret' : 'open';
  const ballots = r.attendance
    .map((a) => ({ personId: a.personId, choice: v[`stimme-${a.personId}`] ?? '' }))
    .filter((b): b is { personId: number; choice: 'yes' | 'no' | 'abstain' } => b.choice in CHOICE_LABELS);
  return {
    version: versionOf(v),
    method,
    subject: v.gegenstand || null,
    noted: v.ergebnis === 'kenntnis',
    unanimous: v.ergebnis === 'einstimmig',
    ...(v.ergebnis === 'stimmen' || v.ergebnis === undefined
      ? { yes: count(v.ja), no: count(v.nein), abstain: count(v.enthaltung) }
      : {}),
    byFaction: r.factions.map((f) => ({
      factionId: f.id,
      yes: count(v[`f${f.id}-ja`]) ?? 0,
      no: count(v[`f${f.id}-nein`]) ?? 0,
      abstain: count(v[`f${f.id}-enthaltung`]) ?? 0,
    })),
    ballots: method === 'roll_call' ? ballots : [],
  };
}

route(
  'POST',
  `${BASE}/:id/niederschrift/:itemId/abstimmung`,
  'vote.record',
  (c) => {
    let ballotIds: number[] = [];
    return itemWrite(
      c,
      'abstimmung',
      'abstimmung',
      (k) => {
        if (k.startsWith('ballots.')) {
          const id = ballotIds[Number(k.split('.')[1])];
          return id ? `stimme-${id}` : 'stimmen';
        }
        if (k.startsWith('byFaction')) return 'fraktionen';
        return (
          (
            { yes: 'ja', no: 'nein', abstain: 'enthaltung', method: 'art', ballots: 'stimmen' } as Record<
              string,
              string
            >
          )[k] ?? 'ergebnis'
        );
      },
      (r, item, v, s) => {
        const input = voteFromForm(r, v);
        ballotIds = (input.ballots ?? []).map((b) => b.personId);
        return recordItemVote(ctxOf(c), s.actor, r.id, item.id, input);
      },
    );
  },
  meetingTarget,
);

route(
  'POST',
  `${BASE}/:id/niederschrift/:itemId/befangenheit`,
  'vote.record',
  (c) =>
    itemWrite(
      c,
      'befangenheit',
      'befangenheit',
      (k) => (k === 'personId' ? 'person' : k),
      (r, item, v, s) =>
        declareItemConflict(ctxOf(c), s.actor, r.id, item.id, {
          version: versionOf(v),
          personId: positiveId(v.person) ?? -1,
          note: v.vermerk ?? null,
        }),
    ),
  meetingTarget,
);

route(
  'POST',
  `${BASE}/:id/niederschrift/:itemId/ergaenzung`,
  'minutes.edit',
  (c) =>
    itemWrite(
      c,
      'ergaenzung',
      'ergaenzungen',
      (k) => (k === 'text' ? 'ergaenzung' : k),
      (r, item, v, s) =>
        addItemAddendum(ctxOf(c), s.actor, r.id, item.id, {
          version: versionOf(v),
          heading: v.ueberschrift ?? null,
          text: v.ergaenzung ?? '',
        }),
    ),
  meetingTarget,
);

// ---------------------------------------------------------------------------------------------------
// Removing what was recorded by mistake (a confirmation page first), addenda, attachments

/** The confirmation page of a removal: what goes, one button, a way back. */
function confirmPage(
  c: Context<AppEnv>,
  r: MeetingRecord,
  item: RecordItem,
  what: string,
  detail: string,
  action: string,
) {
  const session = c.var.session as Session;
  const open = !r.signed && !r.submitted && !r.cancelled;
  const itemUrl = `${BASE}/${r.id}/niederschrift/${item.id}`;
  return c.html(
    <OfficeLayout title={`${what} entfernen – TOP ${item.number} – ${title(r)}`} session={session}>
      <nav aria-label="Brotkrumen">
        <a href={BASE}>Sitzungen</a> › <a href={`${BASE}/${r.id}`}>{title(r)}</a> ›{' '}
        <a href={`${BASE}/${r.id}/niederschrift`}>Anwesenheit und Abstimmungen</a> ›{' '}
        <a href={itemUrl}>TOP {item.number}</a> › Entfernen
      </nav>
      <h1>{what} entfernen?</h1>
      <p>
        TOP {item.number}: {item.title}
      </p>
      <p>{detail}</p>
      <FinishNote r={r} />
      {open ? (
        <form method="post" action={action}>
          <CsrfField session={session} version={r.version} />
          <p>Das Entfernen wird im Verlauf vermerkt und lässt sich nicht rückgängig machen.</p>
          <button type="submit">{what} endgültig entfernen</button>
        </form>
      ) : null}
      <p>
        <a href={itemUrl}>Abbrechen und zurück zum Tagesordnungspunkt</a>
      </p>
    </OfficeLayout>,
  );
}

/** A confirmation page (GET) and the removal (POST) of one recorded thing of an item. */
function removal(
  segment: string,
  param: string,
  action: 'vote.record' | 'minutes.edit',
  describe: (item: RecordItem, key: number) => { what: string; detail: string } | undefined,
  notice: string,
  anchor: string,
  remove: (
    c: Context<AppEnv>,
    r: MeetingRecord,
    item: RecordItem,
    key: number,
    version: number,
    s: Session,
  ) => Promise<unknown>,
) {
  const path = `${BASE}/:id/niederschrift/:itemId/${segment}/:${param}/entfernen`;
  route(
    'GET',
    path,
    action,
    async (c) => {
      const found = await itemOr404(c);
      const key = positiveId(c.req.param(param));
      const described = found && key !== undefined ? describe(found.item, key) : undefined;
      if (!found || key === undefined || !described)
        return notFoundPage(c, 'Diesen Eintrag gibt es zu dem Punkt nicht.');
      return confirmPage(c, found.r, found.item, described.what, described.detail, c.req.path);
    },
    meetingTarget,
  );
  route(
    'POST',
    path,
    action,
    (c) =>
      itemWrite(
        c,
        notice,
        anchor,
        (k) => k,
        (r, item, v, s) => remove(c, r, item, positiveId(c.req.param(param)) ?? 0, versionOf(v), s),
      ),
    meetingTarget,
  );
}

removal(
  'abstimmung',
  'voteId',
  'vote.record',
  (item, id) => {
    const index = item.votes.findIndex((v) => v.id === id);
    const vote = item.votes[index];
    return vote
      ? { what: `Abstimmung ${index + 1}`, detail: `${vote.subject ? `${vote.subject}: ` : ''}${vote.phrase}` }
      : undefined;
  },
  'abstimmung-entfernt',
  'abstimmung',
  (c, r, item, id, version, s) => removeItemVote(ctxOf(c), s.actor, r.id, item.id, id, { version }),
);

removal(
  'befangenheit',
  'personId',
  'vote.record',
  (item, id) => {
    const conflict = item.conflicts.find((x) => x.personId === id);
    return conflict
      ? {
          what: `Befangenheit von ${conflict.name}`,
          detail: `${conflict.name} stimmt danach wieder mit, wenn die Person anwesend und stimmberechtigt ist.${conflict.note ? ` Vermerk: ${conflict.note}` : ''}`,
        }
      : undefined;
  },
  'befangenheit-entfernt',
  'befangenheit',
  (c, r, item, id, version, s) => removeItemConflict(ctxOf(c), s.actor, r.id, item.id, id, { version }),
);

removal(
  'ergaenzung',
  'addendumId',
  'minutes.edit',
  (item, id) => {
    const index = item.addenda.findIndex((a) => a.id === id);
    const addendum = item.addenda[index];
    return addendum ? { what: `Ergänzung ${index + 1}`, detail: `${addendum.heading}: ${addendum.text}` } : undefined;
  },
  'ergaenzung-entfernt',
  'ergaenzungen',
  (c, r, item, id, version, s) => removeItemAddendum(ctxOf(c), s.actor, r.id, item.id, id, { version }),
);

removal(
  'anlagen',
  'fileId',
  'minutes.edit',
  (item, id) => {
    const index = item.attachments.findIndex((a) => a.fileId === id);
    const attachment = item.attachments[index];
    return attachment
      ? { what: `Anlage ${index + 1}`, detail: `${attachment.label} (${attachment.fileName})` }
      : undefined;
  },
  'anlage-entfernt',
  'anlagen',
  (c, r, item, id, version, s) => removeItemAttachment(ctxOf(c), s.actor, r.id, item.id, id, { version }),
);

/** The page to change one addendum's heading and text. */
async function addendumPage(
  c: Context<AppEnv>,
  r: MeetingRecord,
  item: RecordItem,
  addendum: RecordItem['addenda'][number],
  options: { values?: Values; errors?: Values; error?: string; status?: 200 | 409 | 422 } = {},
) {
  const session = c.var.session as Session;
  const errors = options.errors ?? {};
  const values = options.values ?? {};
  const itemUrl = `${BASE}/${r.id}/niederschrift/${item.id}`;
  const open = !r.signed && !r.submitted && !r.cancelled;
  return c.html(
    <OfficeLayout title={`Ergänzung bearbeiten – TOP ${item.number} – ${title(r)}`} session={session}>
      <nav aria-label="Brotkrumen">
        <a href={BASE}>Sitzungen</a> › <a href={`${BASE}/${r.id}`}>{title(r)}</a> ›{' '}
        <a href={`${BASE}/${r.id}/niederschrift`}>Anwesenheit und Abstimmungen</a> ›{' '}
        <a href={itemUrl}>TOP {item.number}</a> › Ergänzung
      </nav>
      <h1>Ergänzung bearbeiten</h1>
      <p>
        TOP {item.number}: {item.title}
      </p>
      <Alert error={options.error} />
      <ErrorSummary errors={errors} title={NOT_SAVED} />
      <FinishNote r={r} />
      {open ? (
        <form method="post" action={`${itemUrl}/ergaenzung/${addendum.id}`} novalidate>
          <CsrfField session={session} version={r.version} />
          <div class="field">
            <label for="ueberschrift">Überschrift</label>
            <input id="ueberschrift" name="ueberschrift" value={values.ueberschrift ?? addendum.heading} />
          </div>
          <div class="field">
            <label for="ergaenzung">Text der Ergänzung</label>
            <textarea id="ergaenzung" name="ergaenzung" rows={6} {...invalid(errors.ergaenzung, 'ergaenzung')}>
              {values.ergaenzung ?? addendum.text}
            </textarea>
            <ErrorText id="ergaenzung" error={errors.ergaenzung} />
          </div>
          <button type="submit">Ergänzung speichern</button>
        </form>
      ) : (
        <>
          <h2>{addendum.heading}</h2>
          <p>{addendum.text}</p>
        </>
      )}
      <p>
        <a href={itemUrl}>Zurück zum Tagesordnungspunkt</a>
      </p>
    </OfficeLayout>,
    options.status ?? 200,
  );
}

async function addendumOr404(c: Context<AppEnv>) {
  const found = await itemOr404(c);
  const id = positiveId(c.req.param('addendumId'));
  const addendum = found?.item.addenda.find((a) => a.id === id);
  return found && addendum ? { ...found, addendum } : undefined;
}

route(
  'GET',
  `${BASE}/:id/niederschrift/:itemId/ergaenzung/:addendumId`,
  'minutes.edit',
  async (c) => {
    const found = await addendumOr404(c);
    return found
      ? addendumPage(c, found.r, found.item, found.addendum)
      : notFoundPage(c, 'Diese Ergänzung gibt es zu dem Punkt nicht.');
  },
  meetingTarget,
);

route(
  'POST',
  `${BASE}/:id/niederschrift/:itemId/ergaenzung/:addendumId`,
  'minutes.edit',
  async (c) => {
    const session = c.var.session as Session;
    const found = await addendumOr404(c);
    if (!found) return notFoundPage(c, 'Diese Ergänzung gibt es zu dem Punkt nicht.');
    const values = await formOf(c);
    try {
      await updateItemAddendum(ctxOf(c), session.actor, found.r.id, found.item.id, found.addendum.id, {
        version: versionOf(values),
        heading: values.ueberschrift ?? null,
        text: values.ergaenzung ?? '',
      });
      return c.redirect(`${BASE}/${found.r.id}/niederschrift/${found.item.id}?meldung=ergaenzung#ergaenzungen`, 303);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      if (error.id === 'permission.denied' || error.id === 'minutes.signed') {
        return refusePage(c, 403, error.id, error.message);
      }
      const errors = fieldErrors(error, (k) => (k === 'text' ? 'ergaenzung' : k));
      return addendumPage(c, found.r, found.item, found.addendum, {
        values,
        ...(errors ? { errors } : {}),
        error: errors ? 'Nicht gespeichert.' : error.message,
        status: error.id === 'conflict.stale' || error.id === 'minutes.submitted' ? 409 : 422,
      });
    }
  },
  meetingTarget,
);

/** The uploaded files of a form (an empty file input sends one nameless, empty file: ignored). */
export async function uploadsOf(form: Form, name = 'dateien'): Promise<UploadedFile[]> {
  const raw = form[name];
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  const out: UploadedFile[] = [];
  for (const item of list) {
    if (typeof item === 'string' || (item.name === '' && item.size === 0)) continue;
    out.push({ fileName: item.name, mimeType: item.type, content: new Uint8Array(await item.arrayBuffer()) });
  }
  return out;
}

route(
  'POST',
  `${BASE}/:id/niederschrift/:itemId/anlagen`,
  'minutes.edit',
  (c) =>
    itemWrite(
      c,
      'anlagen',
      'anlagen',
      (k) => (k === 'files' ? 'dateien' : k === 'label' ? 'bezeichnung' : k),
      async (r, item, v, s) =>
        addItemAttachments(ctxOf(c), s.actor, r.id, item.id, {
          version: versionOf(v),
          label: v.bezeichnung ?? null,
          files: await uploadsOf((await c.req.parseBody({ all: true })) as Form),
        }),
    ),
  meetingTarget,
);

route(
  'POST',
  `${BASE}/:id/niederschrift/:itemId/anlagen/:fileId`,
  'minutes.edit',
  (c) => {
    const fileId = positiveId(c.req.param('fileId')) ?? 0;
    return itemWrite(
      c,
      'anlage',
      'anlagen',
      (k) => (k === 'label' ? `anlage-${fileId}` : k),
      (r, item, v, s) =>
        editItemAttachment(ctxOf(c), s.actor, r.id, item.id, fileId, {
          version: versionOf(v),
          label: v.bezeichnung ?? null,
          move: v.bewegen === 'up' || v.bewegen === 'down' ? v.bewegen : null,
        }),
    );
  },
  meetingTarget,
);

route(
  'GET',
  `${BASE}/:id/niederschrift/:itemId/anlagen/:fileId`,
  'meeting.read',
  async (c) => {
    const id = positiveId(c.req.param('id'));
    const itemId = positiveId(c.req.param('itemId'));
    const fileId = positiveId(c.req.param('fileId'));
    const file = id && itemId && fileId ? await loadItemAttachmentFile(c.var.db, id, itemId, fileId) : undefined;
    if (!file) return notFoundPage(c, 'Diese Anlage gibt es zu dem Punkt nicht.');
    return new Response(file.content as Uint8Array<ArrayBuffer>, {
      headers: {
        'content-type': file.mimeType,
        'content-length': String(file.size),
        'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
        'cache-control': 'no-store',
      },
    });
  },
  meetingTarget,
);

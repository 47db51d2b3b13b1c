/**
 * The audit log in the back office (issue 6, part 8): `/verwaltung/verlauf/{art}/{id}` shows an object's
 * log with its parts' entries (a meeting with its agenda items, votes, attendance …), and
 * `/verwaltung/verlauf` a body's whole log with filters (object type, who, date range). Newest first, 25
 * a page; who (the account's name, "Demodaten", "Datenübernahme" …), when (Europe/Berlin), what in
 * German, and the changed fields as a before/after table. Permission `audit.read` of the entry's body
 * (admin, clerk); entries without a body (accounts, API tokens, logins) only installation admins.
 * Reads go through src/services/audit-read.ts, which asks `can()` again.
 */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { isDomainError } from '../../domain/errors.ts';
import { formatIsoDate } from '../../domain/format.ts';
import { MINUTES_STATE_LABELS } from '../../domain/meeting-state.ts';
import { can, roleLabel } from '../../domain/permissions.ts';
import { bodyNames, type Session } from '../../services/accounts.ts';
import {
  type AuditItem,
  type AuditPage,
  actionLabel,
  actorLabel,
  auditObject,
  bodyLogChoices,
  entityLabel,
  entryTitle,
  fieldChanges,
  fieldLabel,
  germanDateTime,
  REFERENCE_KEYS,
  readBodyLog,
  readObjectLog,
  referenceNames,
  validObjectRef,
} from '../../services/audit-read.ts';
import { MEMBERSHIP_ROLES, ORGANIZATION_KINDS } from '../../services/masterdata-edit.ts';
import { UNIT_WORDS } from '../../services/meetings-office.ts';
import {
  ATTENDANCE_ROLE_LABELS,
  ATTENDANCE_STATUS_LABELS,
  CHOICE_LABELS,
  RESOLUTION_KIND_LABELS as ITEM_RESOLUTION_KIND_LABELS,
  VOTE_METHOD_LABELS,
} from '../../services/meetings-record.ts';
import { SIGNATURE_ROLE_LABELS } from '../../services/minutes-finish.ts';
import { RESOLUTION_KIND_LABELS, RESOLUTION_STATUS_LABELS } from '../../services/resolutions.ts';
import type { AppEnv } from '../env.ts';
import { OfficeLayout } from './layout.tsx';
import { CONSULTATION_ROLE_LABELS, CONSULTATION_STATUS_LABELS } from './papers.tsx';
import { positiveId } from './request.ts';
import { refusePage, route } from './router.tsx';

export const AUDIT_BASE = '/verwaltung/verlauf';

/** The address of an object's log (for the "Verlauf" links of the object pages). */
export const auditHref = (entity: string, id: number | string) => `${AUDIT_BASE}/${entity}/${id}`;

export const auditStyles = `
ol.audit { list-style: none; padding: 0; }
ol.audit > li { border-top: 1px solid var(--line); padding: .5rem 0 1rem; }
ol.audit h2 { font-size: 1.05rem; margin: .25rem 0; }
table.audit-diff { margin-top: .25rem; }
table.audit-diff th[scope=row] { font-weight: 600; width: 12rem; }
.audit-value ul { margin: 0; padding-left: 1.25rem; }
.longtext { white-space: pre-wrap; }
.filters { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: end; }
.filters .field label { margin-top: 0; }
`;

const page = (c: Context<AppEnv>) => {
  const n = Number(c.req.query('seite') ?? '1');
  return Number.isInteger(n) && n > 0 && n < 1e9 ? n : 1;
};

// ---------------------------------------------------------------------------------------------------
// Showing values and changes

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A time of day as the attendance stores it ("17:05:00"). */
const TIME_OF_DAY = /^(\d{2}):(\d{2})(:\d{2})?$/;
const LONG = 160;

type Labels = Readonly<Record<string, string>>;

/**
 * The German words of the coded values the services write, per kind of record and field (the maps of
 * the pages that edit them). A value without a word here is shown as stored.
 */
const VALUE_LABELS: Record<string, Record<string, Labels>> = {
  meeting: {
    state: MINUTES_STATE_LABELS,
    direction: { up: 'nach oben', down: 'nach unten', in: 'eingerückt', out: 'ausgerückt' },
  },
  attendance: { role: ATTENDANCE_ROLE_LABELS, status: ATTENDANCE_STATUS_LABELS },
  agenda_item: { resolutionKind: ITEM_RESOLUTION_KIND_LABELS },
  vote: {
    method: VOTE_METHOD_LABELS,
    outcome: { accepted: 'angenommen', rejected: 'abgelehnt', noted: 'zur Kenntnis genommen' },
  },
  ballot: { choice: CHOICE_LABELS },
  signature: { role: SIGNATURE_ROLE_LABELS },
  organization: { kind: ORGANIZATION_KINDS },
  membership: { role: MEMBERSHIP_ROLES },
  consultation: { role: CONSULTATION_ROLE_LABELS, status: CONSULTATION_STATUS_LABELS },
  resolution: { kind: RESOLUTION_KIND_LABELS, status: RESOLUTION_STATUS_LABELS },
  body: { jurisdiction: { 'nrw-kreis': 'Kreis (NRW)', 'nrw-gemeinde': 'Gemeinde (NRW)' } },
  account_role: { role: roleLabel },
  deadline: { unit: Object.fromEntries(Object.entries(UNIT_WORDS).map(([k, words]) => [k, words[1]])) },
};

/** The kind of record held under a key of an entry ("attendance" rows of a meeting, a "signature" …). */
const NESTED_KINDS: Record<string, string> = {
  attendance: 'attendance',
  signature: 'signature',
  signatures: 'signature',
  ballots: 'ballot',
  byFaction: 'faction_result',
  roles: 'account_role',
  deadline: 'deadline',
  children: 'agenda_item',
  items: 'agenda_item',
  attachments: 'attachment',
  attachment: 'attachment',
  file: 'file',
};

/** A coded value in German ("present" → "anwesend"), or undefined when there is no word for it. */
function valueWord(kind: string | undefined, field: string | undefined, value: string): string | undefined {
  if (!kind || !field) return undefined;
  const labels = VALUE_LABELS[kind]?.[field];
  return labels && Object.hasOwn(labels, value) ? labels[value] : undefined;
}

/**
 * A value of an entry, readable: dates in German, yes/no, coded values in German, names of referenced
 * rows, long texts folded. `kind` is the kind of record the value belongs to (the entry's object type at
 * the top, the nested record's below).
 */
function Value(props: {
  value: unknown;
  field?: string;
  kind?: string | undefined;
  refs: Map<string, string>;
  depth?: number;
}): Child {
  const { value, refs, kind } = props;
  const depth = props.depth ?? 0;
  if (value === null || value === undefined || value === '') return <span class="muted">–</span>;
  if (typeof value === 'boolean') return value ? 'ja' : 'nein';
  if (typeof value === 'number') {
    const ref = props.field ? REFERENCE_KEYS[props.field] : undefined;
    const name = ref ? refs.get(`${ref}:${value}`) : undefined;
    return name ? `${name} (${value})` : String(value);
  }
  if (typeof value === 'string') {
    const word = valueWord(kind, props.field, value);
    if (word) return word;
    if (ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value))) return germanDateTime(new Date(value));
    if (ISO_DATE.test(value)) return formatIsoDate(value);
    const time = TIME_OF_DAY.exec(value);
    if (time) return `${time[1]}:${time[2]} Uhr`;
    if (value.length > LONG || value.includes('\n')) {
      const first = value.split('\n')[0] ?? '';
      return (
        <details>
          <summary>
            {first.length > 80 ? `${first.slice(0, 80)} …` : `${first} …`} ({value.length} Zeichen)
          </summary>
          <div class="longtext">{value}</div>
        </details>
      );
    }
    return value;
  }
  if (depth >= 3) return <code>{JSON.stringify(value)}</code>;
  const inner = (props.field ? NESTED_KINDS[props.field] : undefined) ?? kind;
  if (Array.isArray(value)) {
    if (value.length === 0) return <span class="muted">keine</span>;
    if (value.every((v) => v === null || typeof v !== 'object')) {
      return value.map((v) => (v === null ? '–' : String(v))).join(', ');
    }
    return (
      <ul>
        {value.map((v) => (
          <li>
            <Value value={v} kind={inner} refs={refs} depth={depth + 1} />
          </li>
        ))}
      </ul>
    );
  }
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.bytes === 'number' && Object.keys(record).length === 1) return `${record.bytes} Bytes`;
    const entries = Object.entries(record).filter(
      ([k, v]) => !['modifiedAt', 'version', 'sortKey', 'searchText'].includes(k) && v !== null && v !== '',
    );
    if (entries.length === 0) return <span class="muted">–</span>;
    return (
      <ul>
        {entries.map(([k, v]) => (
          <li>
            {fieldLabel(k)}: <Value value={v} field={k} kind={inner} refs={refs} depth={depth + 1} />
          </li>
        ))}
      </ul>
    );
  }
  return String(value);
}

function ChangeTable(props: { item: AuditItem; refs: Map<string, string> }) {
  const { item, refs } = props;
  const changes = fieldChanges(item.before, item.after);
  if (changes.length === 0) {
    return <p class="muted">{item.before || item.after ? 'Keine inhaltliche Änderung.' : 'Keine weiteren Angaben.'}</p>;
  }
  const hasBefore = item.before !== null && item.before !== undefined;
  const hasAfter = item.after !== null && item.after !== undefined;
  const both = hasBefore && hasAfter;
  return (
    <table class="audit-diff">
      <caption class="muted">
        {both ? 'Geänderte Felder' : hasAfter ? 'Angaben' : 'Angaben vor dem Entfernen'} ({changes.length})
      </caption>
      <thead>
        <tr>
          <th scope="col">Feld</th>
          {both ? (
            <>
              <th scope="col">Vorher</th>
              <th scope="col">Nachher</th>
            </>
          ) : (
            <th scope="col">Wert</th>
          )}
        </tr>
      </thead>
      <tbody>
        {changes.map((change) => (
          <tr>
            <th scope="row">{change.label}</th>
            {both || hasBefore ? (
              <td class="audit-value">
                <Value value={change.before} field={change.key} kind={item.entity} refs={refs} />
              </td>
            ) : null}
            {both || hasAfter ? (
              <td class="audit-value">
                <Value value={change.after} field={change.key} kind={item.entity} refs={refs} />
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One entry: when, who, what (the object linked to its own log when it is another one), the changes. */
function Entry(props: { item: AuditItem; refs: Map<string, string>; self?: { entity: string; id: string } }) {
  const { item, self } = props;
  const isSelf = self && self.entity === item.entity && self.id === item.entityId;
  const title = entryTitle(item);
  const object = `${entityLabel(item.entity)} ${title ?? `(Kennung ${item.entityId})`}`;
  return (
    <li>
      <h2>
        <time datetime={item.at.toISOString()}>{germanDateTime(item.at)}</time> –{' '}
        {actorLabel(item.actor, item.actorName)}: {isSelf ? entityLabel(item.entity) : object}{' '}
        {actionLabel(item.action)}
      </h2>
      {isSelf || !validObjectRef(item.entity, item.entityId) ? null : (
        <p>
          <a href={`${AUDIT_BASE}/${item.entity}/${item.entityId}`}>Verlauf: {object}</a>
        </p>
      )}
      <ChangeTable item={item} refs={props.refs} />
    </li>
  );
}

function Pager(props: { result: AuditPage; href: (page: number) => string }) {
  const { result } = props;
  if (result.total === 0) return null;
  const first = (result.page - 1) * result.pageSize + 1;
  const last = Math.min(result.page * result.pageSize, result.total);
  return (
    <nav class="pages" aria-label="Seiten des Verlaufs">
      <p>
        {result.pages > 1 ? `Seite ${result.page} von ${result.pages} · ` : ''}Einträge {first}–{last} von{' '}
        {result.total}
      </p>
      {result.pages > 1 ? (
        <ul class="inline">
          {result.page > 1 ? (
            <li>
              <a href={props.href(1)}>Neueste</a>
            </li>
          ) : null}
          {result.page > 1 ? (
            <li>
              <a rel="prev" href={props.href(result.page - 1)}>
                Neuere Einträge
              </a>
            </li>
          ) : null}
          {result.page < result.pages ? (
            <li>
              <a rel="next" href={props.href(result.page + 1)}>
                Ältere Einträge
              </a>
            </li>
          ) : null}
          {result.page < result.pages ? (
            <li>
              <a href={props.href(result.pages)}>Älteste</a>
            </li>
          ) : null}
        </ul>
      ) : null}
    </nav>
  );
}

function notFoundPage(c: Context<AppEnv>, message: string) {
  return c.html(
    <OfficeLayout title="Nicht gefunden" session={c.var.session}>
      <h1>Nicht gefunden</h1>
      <p>{message}</p>
      <p>
        <a href={AUDIT_BASE}>Zum Änderungsprotokoll</a>
      </p>
    </OfficeLayout>,
    404,
  );
}

// ---------------------------------------------------------------------------------------------------
// An object's log

/** The object's body for the guard; null (an account …) or unknown: "any body", the service decides. */
const objectTarget = async (c: Context<AppEnv>) => {
  const object = await auditObject(c.var.db, c.req.param('entity') ?? '', c.req.param('id') ?? '');
  return { bodyId: object?.bodyId ?? undefined };
};

route(
  'GET',
  `${AUDIT_BASE}/:entity/:id`,
  'audit.read',
  async (c) => {
    const session = c.var.session as Session;
    const entity = c.req.param('entity') ?? '';
    const id = c.req.param('id') ?? '';
    let log: Awaited<ReturnType<typeof readObjectLog>>;
    try {
      log = await readObjectLog(c.var.db, session.actor, { entity, id, page: page(c) });
    } catch (error) {
      if (isDomainError(error) && error.id === 'permission.denied') {
        return refusePage(c, 403, error.id, error.message);
      }
      if (isDomainError(error) && error.id.endsWith('.not_found')) return notFoundPage(c, error.message);
      throw error;
    }
    const refs = await referenceNames(c.var.db, log.object.bodyId, log.items);
    const base = auditHref(entity, id);
    return c.html(
      <OfficeLayout title={`Verlauf: ${log.object.title}`} session={session}>
        <style>{auditStyles}</style>
        <nav aria-label="Brotkrumen">
          <a href={AUDIT_BASE}>Änderungsprotokoll</a> › {log.object.title}
        </nav>
        <h1>Verlauf: {log.object.title}</h1>
        <p>
          Alle Änderungen, die neuesten zuerst
          {entity === 'meeting' ? ', mit denen der Tagesordnungspunkte, Abstimmungen und der Anwesenheit' : ''}
          {entity === 'paper' ? ', mit denen der Beratungsfolge' : ''}
          {entity === 'organization' || entity === 'person' ? ', mit denen der Mitgliedschaften' : ''}
          {entity === 'location' ? ', mit denen der Räume' : ''}.
          {log.object.href ? (
            <>
              {' '}
              <a href={log.object.href}>Zurück zum Objekt</a>
            </>
          ) : null}
        </p>
        {log.total === 0 ? (
          <p>Zu diesem Objekt gibt es noch keine Einträge (etwa weil es aus einer Datenübernahme stammt).</p>
        ) : (
          <>
            <Pager result={log} href={(p) => (p > 1 ? `${base}?seite=${p}` : base)} />
            <ol class="audit">
              {log.items.map((item) => (
                <Entry item={item} refs={refs} self={{ entity, id }} />
              ))}
            </ol>
            <Pager result={log} href={(p) => (p > 1 ? `${base}?seite=${p}` : base)} />
          </>
        )}
      </OfficeLayout>,
    );
  },
  objectTarget,
);

// ---------------------------------------------------------------------------------------------------
// A body's log

const INSTALLATION = 'installation';

/** The bodies whose log the account may read (by name). */
async function readableBodies(c: Context<AppEnv>) {
  const session = c.var.session as Session;
  const names = await bodyNames(c.var.db);
  return [...names.entries()]
    .filter(([id]) => can(session.actor, 'audit.read', { bodyId: id }))
    .map(([id, name]) => ({ id, name }));
}

/** The chosen body: `koerperschaft=` (a body id, or "installation"), else the first readable one. */
async function chosenBody(c: Context<AppEnv>): Promise<number | null | undefined> {
  const explicit = c.req.query('koerperschaft');
  if (explicit === INSTALLATION) return null;
  if (explicit !== undefined && explicit !== '') return positiveId(explicit) ?? -1;
  return (await readableBodies(c))[0]?.id;
}

const bodyTarget = async (c: Context<AppEnv>) => {
  const bodyId = await chosenBody(c);
  // null (entries without a body): the service lets only installation admins through.
  return { bodyId: bodyId ?? undefined };
};

route(
  'GET',
  AUDIT_BASE,
  'audit.read',
  async (c) => {
    const session = c.var.session as Session;
    const readable = await readableBodies(c);
    const bodyId = await chosenBody(c);
    const body = readable.find((b) => b.id === bodyId);
    if (bodyId === undefined || (bodyId !== null && !body)) {
      return notFoundPage(c, 'Diese Körperschaft gibt es nicht.');
    }
    const filters = {
      art: c.req.query('art') ?? '',
      wer: c.req.query('wer') ?? '',
      von: c.req.query('von') ?? '',
      bis: c.req.query('bis') ?? '',
    };
    let result: AuditPage | undefined;
    let errors: Record<string, string> = {};
    try {
      result = await readBodyLog(c.var.db, session.actor, {
        bodyId,
        entity: filters.art || undefined,
        actor: filters.wer || undefined,
        from: filters.von || undefined,
        to: filters.bis || undefined,
        page: page(c),
      });
    } catch (error) {
      if (isDomainError(error) && error.id === 'permission.denied') {
        return refusePage(c, 403, error.id, error.message);
      }
      if (isDomainError(error) && error.id === 'validation.failed') {
        errors = (error.details.fields ?? {}) as Record<string, string>;
      } else throw error;
    }
    const choices = await bodyLogChoices(c.var.db, bodyId);
    const refs = result ? await referenceNames(c.var.db, bodyId, result.items) : new Map<string, string>();
    const bodyOptions = [
      ...readable.map((b) => ({ value: String(b.id), label: b.name })),
      ...(session.actor.installationAdmin ? [{ value: INSTALLATION, label: 'Installation (Konten, Zugänge)' }] : []),
    ];
    const chosen = bodyId === null ? INSTALLATION : String(bodyId);
    const href = (p: number) => {
      const q = new URLSearchParams();
      if (bodyOptions.length > 1) q.set('koerperschaft', chosen);
      for (const [k, v] of Object.entries(filters)) if (v) q.set(k, v);
      if (p > 1) q.set('seite', String(p));
      const s = q.toString();
      return s ? `${AUDIT_BASE}?${s}` : AUDIT_BASE;
    };
    const title = body ? body.name : 'Installation';
    const dateError = (id: 'von' | 'bis', key: 'from' | 'to') =>
      errors[key] ? (
        <p id={`${id}-fehler`} class="error">
          {errors[key]}
        </p>
      ) : null;
    const select = (id: string, label: string, value: string, options: Array<{ value: string; label: string }>) => (
      <div class="field">
        <label for={id}>{label}</label>
        <select id={id} name={id}>
          {options.map((o) => (
            <option value={o.value} selected={o.value === value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
    );
    return c.html(
      <OfficeLayout title={`Änderungsprotokoll – ${title}`} session={session}>
        <style>{auditStyles}</style>
        <h1>Änderungsprotokoll</h1>
        <p>{title}: wer wann was geändert hat, die neuesten Einträge zuerst.</p>
        {Object.keys(errors).length > 0 ? (
          <p class="error" role="alert">
            Bitte prüfen Sie die Filter.
          </p>
        ) : null}
        <form method="get" action={AUDIT_BASE} class="filters" aria-label="Änderungsprotokoll filtern">
          {bodyOptions.length > 1 ? select('koerperschaft', 'Körperschaft', chosen, bodyOptions) : null}
          {select('art', 'Art des Objekts', filters.art, [{ value: '', label: 'alle' }, ...choices.entities])}
          {select('wer', 'Wer', filters.wer, [{ value: '', label: 'alle' }, ...choices.actors])}
          <div class="field">
            <label for="von">von (Datum)</label>
            <input
              type="date"
              id="von"
              name="von"
              value={filters.von}
              aria-invalid={errors.from ? 'true' : undefined}
              aria-describedby={errors.from ? 'von-fehler' : undefined}
            />
            {dateError('von', 'from')}
          </div>
          <div class="field">
            <label for="bis">bis (Datum)</label>
            <input
              type="date"
              id="bis"
              name="bis"
              value={filters.bis}
              aria-invalid={errors.to ? 'true' : undefined}
              aria-describedby={errors.to ? 'bis-fehler' : undefined}
            />
            {dateError('bis', 'to')}
          </div>
          <button type="submit">Filtern</button>
          <a href={bodyOptions.length > 1 ? `${AUDIT_BASE}?koerperschaft=${chosen}` : AUDIT_BASE}>
            Filter zurücksetzen
          </a>
        </form>
        {!result ? null : result.total === 0 ? (
          <p>Keine Einträge{Object.values(filters).some(Boolean) ? ' zu diesen Filtern' : ''}.</p>
        ) : (
          <>
            <Pager result={result} href={href} />
            <ol class="audit">
              {result.items.map((item) => (
                <Entry item={item} refs={refs} />
              ))}
            </ol>
            <Pager result={result} href={href} />
          </>
        )}
      </OfficeLayout>,
    );
  },
  bodyTarget,
);

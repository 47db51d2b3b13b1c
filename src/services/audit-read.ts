/**
 * Reading the audit log (issue 6, part 8): the log of one object with the entries of its parts, and a
 * body's whole log with filters, newest first, in pages. Who may: `audit.read` in the entry's body
 * (admin, clerk); entries without a body (accounts, API tokens, logins) only installation admins. Every
 * read here asks `can()` itself and only ever returns entries of the object's body, so an entry of
 * another body never shows, whatever ids a request names.
 *
 * What belongs to an object's log (decided here, documented in docs/office.md):
 * - every object: its own entries (`entity`, `entity_id`);
 * - a meeting: also the entries of its agenda items (current and removed ones), of anything carrying
 *   its id as `meetingId` (attendance, agenda items, later records), and of anything carrying the id of
 *   one of its items as `agendaItemId` (votes, conflicts of interest, addenda, consultations);
 * - an agenda item: also the entries carrying its id as `agendaItemId`;
 * - a paper: also its consultations' (`paperId`, as the paper page's own history);
 * - an organisation or a person: also its memberships'; a location: also its rooms'.
 *
 * @example
 *   const log = await readObjectLog(db, actor, { entity: 'meeting', id: '12', page: 1 });
 *   log.items[0] // { at, actor, actorName, action, entity, entityId, before, after }
 */
import { and, asc, count, desc, eq, gte, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../db/open.ts';
import {
  accounts,
  agendaItems,
  apiTokens,
  auditLog,
  bodies,
  legislativeTerms,
  locations,
  meetings,
  memberships,
  organizations,
  papers,
  persons,
  rooms,
} from '../db/schema.ts';
import { DomainError } from '../domain/errors.ts';
import { formatDate, formatTime } from '../domain/format.ts';
import { type Actor, can, refusal } from '../domain/permissions.ts';
import { addDays } from '../domain/rules/dates.ts';
import { type DateFormat, localToInstant, parseDateInput } from './meetings-office.ts';

export const AUDIT_PAGE_SIZE = 25;
export const AUDIT_MAX_PAGE_SIZE = 100;

/** German names of the audited object types. */
export const ENTITY_LABELS: Record<string, string> = {
  body: 'Körperschaft',
  term: 'Wahlperiode',
  organization: 'Gremium/Organisation',
  person: 'Person',
  membership: 'Mitgliedschaft',
  location: 'Sitzungsort',
  room: 'Raum',
  file: 'Datei',
  paper: 'Vorlage',
  consultation: 'Beratung',
  meeting: 'Sitzung',
  agenda_item: 'Tagesordnungspunkt',
  vote: 'Abstimmung',
  conflict: 'Befangenheit',
  addendum: 'Ergänzung',
  attendance: 'Anwesenheit',
  rapporteur: 'Berichterstattung',
  minutes: 'Niederschrift',
  resolution: 'Beschlusskontrolle',
  account: 'Konto',
  api_token: 'API-Zugang',
  accessibility_feedback: 'Rückmeldung zur Barrierefreiheit',
};

/** German names of the actions the services write. */
export const ACTION_LABELS: Record<string, string> = {
  create: 'angelegt',
  update: 'geändert',
  delete: 'entfernt',
  cancel: 'abgesagt',
  move: 'verlegt',
  invite: 'Einladung versandt',
  supplement: 'Nachtrag versandt',
  reorder_agenda: 'Tagesordnung umgestellt',
  reorder_consultations: 'Beratungsfolge umgestellt',
  attach_file: 'Datei hinzugefügt',
  detach_file: 'Datei entfernt',
  attendance: 'Anwesenheit erfasst',
  minutes: 'Niederschrift oder Beschlusstext geändert',
  login: 'angemeldet',
  logout: 'abgemeldet',
  logout_others: 'alle anderen Sitzungen beendet',
  password_reset: 'Passwort zurückgesetzt',
  password_change: 'Passwort geändert',
  import_oparl: 'Datenübernahme (OParl)',
  sign: 'unterschrieben',
  submit: 'zur Unterschrift vorgelegt',
  withdraw: 'Vorlage zur Unterschrift zurückgenommen',
  status: 'Status oder Sachstand geändert',
  publish: 'veröffentlicht',
  unpublish: 'Veröffentlichung zurückgenommen',
  correct: 'berichtigt',
};

/** German labels of the fields the services write (the raw key is shown for any other). */
export const FIELD_LABELS: Record<string, string> = {
  name: 'Name',
  shortName: 'Kurzname',
  nameGenitive: 'Name (Genitiv)',
  nameNominative: 'Name (Nominativ)',
  kind: 'Art',
  title: 'Titel',
  subtitle: 'Zusatz',
  text: 'Text',
  date: 'Datum',
  public: 'Öffentlich',
  paperType: 'Art',
  reference: 'Nummer',
  referenceYear: 'Jahr',
  referenceNumber: 'Laufende Nummer',
  officeId: 'Amt',
  originatorId: 'Antragsteller',
  status: 'Status',
  role: 'Rolle',
  roleLabel: 'Rollenbezeichnung',
  state: 'Stand',
  cancelled: 'Abgesagt',
  startAt: 'Beginn',
  endAt: 'Ende',
  startDate: 'Beginn',
  endDate: 'Ende',
  locationId: 'Ort',
  roomId: 'Raum',
  organizationId: 'Gremium',
  toOrganizationId: 'Gremium',
  onBehalfOfId: 'Für Fraktion',
  factionId: 'Fraktion',
  personId: 'Person',
  deputyOfPersonId: 'Stellvertretung von',
  substituteForPersonId: 'Vertritt',
  contactPersonId: 'Ansprechperson',
  termId: 'Wahlperiode',
  paperId: 'Vorlage',
  meetingId: 'Sitzung',
  agendaItemId: 'Tagesordnungspunkt',
  parentId: 'Übergeordnet',
  fileId: 'Datei',
  invitationSentOn: 'Einladung versandt am',
  invitationUrgent: 'Dringlich',
  supplementSentOn: 'Nachtrag versandt am',
  supplement: 'Nachtrag',
  minutesPlace: 'Ort der Niederschrift',
  minutesDate: 'Datum der Niederschrift',
  publicPartClosingNote: 'Schlussvermerk',
  number: 'Nummer',
  position: 'Position',
  minutesText: 'Verlauf der Beratung',
  resolutionKind: 'Beschlussart',
  resolutionText: 'Beschlusstext',
  reason: 'Begründung',
  reinvitationNeeded: 'Neue Einladung nötig',
  deadline: 'Ladungsfrist',
  confirmedLate: 'Trotz verfehlter Frist eingeladen',
  order: 'Reihenfolge',
  numbers: 'Nummern',
  items: 'Punkte',
  item: 'Punkt',
  direction: 'Richtung',
  consultations: 'Beratungen',
  children: 'Unterpunkte',
  attendance: 'Anwesenheit',
  arrivedAt: 'Gekommen',
  leftAt: 'Gegangen',
  function: 'Funktion',
  votingRight: 'Stimmrecht',
  appointedCitizen: 'Sachkundige Bürgerin/sachkundiger Bürger',
  method: 'Verfahren',
  subject: 'Gegenstand',
  yes: 'Ja',
  no: 'Nein',
  abstain: 'Enthaltungen',
  unanimous: 'Einstimmig',
  outcome: 'Ergebnis',
  choice: 'Stimme',
  byFaction: 'Nach Fraktionen',
  ballots: 'Namentliche Stimmen',
  note: 'Vermerk',
  heading: 'Überschrift',
  label: 'Bezeichnung',
  formOfAddress: 'Anrede',
  givenName: 'Vorname',
  familyName: 'Familienname',
  officeTitle: 'Amtsbezeichnung',
  gender: 'Geschlecht',
  email: 'E-Mail',
  phone: 'Telefon',
  fax: 'Fax',
  website: 'Webseite',
  officeNumber: 'Amtsnummer',
  committeeClass: 'Ausschussart',
  statutoryMembers: 'Gesetzliche Mitgliederzahl',
  streetAddress: 'Straße',
  postalCode: 'Postleitzahl',
  locality: 'Ort',
  description: 'Beschreibung',
  geometry: 'Lage',
  settings: 'Einstellungen',
  slug: 'Adresse',
  jurisdiction: 'Rechtsrahmen',
  seat: 'Sitz',
  fileName: 'Dateiname',
  mimeType: 'Dateityp',
  size: 'Größe',
  sha256: 'Prüfsumme',
  content: 'Inhalt',
  login: 'Anmeldename',
  displayName: 'Name',
  disabled: 'Gesperrt',
  installationAdmin: 'Administration der Installation',
  mustChangePassword: 'Passwortwechsel nötig',
  roles: 'Rollen',
  bodyId: 'Körperschaft',
  accountId: 'Konto',
  expiresAt: 'Gültig bis',
  lastUsedAt: 'Zuletzt benutzt',
  createdAt: 'Angelegt',
  source: 'Quelle',
  since: 'Geändert seit',
  written: 'Geschrieben',
  defects: 'Mängel',
  sessions: 'Beendete Sitzungen',
  dueDate: 'Frist',
  report: 'Sachstand',
  reportDate: 'Sachstand vom',
  doneDate: 'Erledigt am',
  id: 'Kennung',
  minutesPublishedAt: 'Niederschrift veröffentlicht am',
  signature: 'Unterschrift',
  signatures: 'Unterschriften',
  signedAt: 'Unterschrieben am',
  ok: 'Frist eingehalten',
  urgent: 'Dringlich',
  requiredDays: 'Vorgeschriebene Frist',
  countedDays: 'Tatsächliche Frist',
  unit: 'Gezählt in',
  message: 'Hinweis',
  attachments: 'Anlagen',
  attachment: 'Anlage',
  file: 'Datei',
  fileRemoved: 'Datei gelöscht',
  contentHash: 'Prüfsumme',
  voteId: 'Abstimmung',
  lastLoginAt: 'Zuletzt angemeldet',
  pageUrl: 'Seite',
  contact: 'Kontakt',
  createdBy: 'Angelegt von',
  createdByName: 'Angelegt von',
};

/** Keys that change with every write and say nothing to a reader. */
const NOISE = new Set(['modifiedAt', 'createdAt', 'version', 'sortKey', 'searchText', 'searchVector', 'id']);

export interface AuditItem {
  id: number;
  bodyId: number | null;
  at: Date;
  /** "user:12", "system:demo", "cli:import" … */
  actor: string;
  /** The account's display name, when the actor is an account that still exists. */
  actorName: string | null;
  action: string;
  entity: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

export interface AuditPage {
  total: number;
  page: number;
  pages: number;
  pageSize: number;
  items: AuditItem[];
}

/** The object an object log is about: its body (null: none, e.g. an account), a title, its page. */
export interface AuditObject {
  entity: string;
  id: string;
  bodyId: number | null;
  title: string;
  href: string | undefined;
}

/** Who made an entry, in words: the account's name, or what the actor string stands for. */
export function actorLabel(actor: string, actorName: string | null): string {
  if (actorName) return actorName;
  if (actor.startsWith('user:')) return `Konto ${actor.slice(5)} (gelöscht)`;
  if (actor === 'system:demo') return 'Demodaten';
  if (actor === 'cli:import' || actor.startsWith('import')) return 'Datenübernahme';
  if (actor === 'cli:admin') return 'Kommandozeile (Einrichtung)';
  if (actor.startsWith('cli')) return 'Kommandozeile';
  if (actor === 'public') return 'Öffentlichkeit (Portal)';
  if (actor === 'anonymous') return 'Ohne Anmeldung';
  if (actor.startsWith('system')) return 'System';
  return actor;
}

export function entityLabel(entity: string): string {
  return ENTITY_LABELS[entity] ?? entity;
}

export function actionLabel(action: string): string {
  return ACTION_LABELS[action] ?? action;
}

export function fieldLabel(key: string): string {
  return FIELD_LABELS[key] ?? key;
}

export interface FieldChange {
  key: string;
  label: string;
  before: unknown;
  after: unknown;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const empty = (v: unknown) => v === null || v === undefined || v === '';

/**
 * The fields an entry changed: for an update the keys whose value differs (in the order of `after`,
 * then keys only `before` has); for a create the filled fields of `after`, for a delete those of
 * `before`. Technical keys (modifiedAt, version, sort keys, id) are left out.
 */
export function fieldChanges(before: unknown, after: unknown): FieldChange[] {
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !NOISE.has(k));
  const changes: FieldChange[] = [];
  for (const key of keys) {
    const was = b[key];
    const is = a[key];
    if (JSON.stringify(was ?? null) === JSON.stringify(is ?? null)) continue;
    if (empty(was) && empty(is)) continue;
    changes.push({ key, label: fieldLabel(key), before: was, after: is });
  }
  return changes;
}

/** A short name of the object an entry is about, from its own data ("„Haushalt 2027“"). */
export function entryTitle(entry: Pick<AuditItem, 'before' | 'after'>): string | undefined {
  const row = (isRecord(entry.after) ? entry.after : undefined) ?? (isRecord(entry.before) ? entry.before : {});
  const pick = (k: string) => (typeof row[k] === 'string' && row[k] ? (row[k] as string) : undefined);
  const person = [pick('givenName'), pick('familyName')].filter(Boolean).join(' ');
  const label =
    pick('reference') && pick('title')
      ? `${pick('reference')} ${pick('title')}`
      : pick('number') && pick('title')
        ? `TOP ${pick('number')} ${pick('title')}`
        : (pick('title') ?? pick('name') ?? pick('displayName') ?? (person || undefined) ?? pick('heading'));
  return label ? `„${label.length > 80 ? `${label.slice(0, 80)} …` : label}“` : undefined;
}

/** A German date and time of an instant: "04.03.2027, 17:00 Uhr" (Europe/Berlin). */
export function germanDateTime(at: Date): string {
  return `${formatDate(at)}, ${formatTime(at)} Uhr`;
}

// ---------------------------------------------------------------------------------------------------
// Permission

/** Whether an actor may read entries of a body (null: entries without a body, installation admins only). */
export function mayReadAudit(actor: Actor | null, bodyId: number | null): boolean {
  if (!actor) return false;
  if (bodyId === null) return actor.installationAdmin;
  return can(actor, 'audit.read', { bodyId });
}

function denied(actor: Actor | null, bodyId: number | null): DomainError {
  return new DomainError(
    'permission.denied',
    bodyId === null
      ? 'Einträge ohne Körperschaft (Konten, Anmeldungen, API-Zugänge) sieht nur die Administration der Installation.'
      : refusal(actor, 'audit.read', { bodyId }),
  );
}

// ---------------------------------------------------------------------------------------------------
// The object

const ENTITY_PATTERN = /^[a-z_]{1,40}$/;
const ID_PATTERN = /^[0-9a-zA-Z:_-]{1,60}$/;

/** Whether `entity` and `id` look like an audit log's object (lower-case type, a short id). */
export function validObjectRef(entity: string, id: string): boolean {
  return ENTITY_PATTERN.test(entity) && ID_PATTERN.test(id);
}

const numeric = (id: string) => (/^\d{1,9}$/.test(id) ? Number(id) : undefined);

/**
 * The object of an object log: its body, a title and its page in the back office. Known types are read
 * from their tables (so an imported meeting without entries of its own is found too); anything else (a
 * removed row, a type of a later part) from its newest entry. Undefined when there is neither.
 */
export async function auditObject(db: Executor, entity: string, id: string): Promise<AuditObject | undefined> {
  if (!validObjectRef(entity, id)) return undefined;
  const n = numeric(id);
  const known = n === undefined ? undefined : await fromTable(db, entity, n);
  if (known) return { entity, id, ...known };
  const [row] = await db
    .select({ bodyId: auditLog.bodyId, before: auditLog.before, after: auditLog.after })
    .from(auditLog)
    .where(and(eq(auditLog.entity, entity), eq(auditLog.entityId, id)))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(1);
  if (!row) return undefined;
  const title = entryTitle(row);
  return {
    entity,
    id,
    bodyId: row.bodyId,
    title: `${entityLabel(entity)} ${title ?? id}`,
    href: FALLBACK_PAGES[entity]?.(id),
  };
}

/** Pages of objects found through their entries (types of other parts). */
const FALLBACK_PAGES: Record<string, (id: string) => string> = {
  resolution: (id) => `/verwaltung/beschlusskontrolle/${id}`,
};

async function fromTable(
  db: Executor,
  entity: string,
  id: number,
): Promise<{ bodyId: number | null; title: string; href: string | undefined } | undefined> {
  const stammdaten = async (bodyId: number, section: string) => {
    const [body] = await db.select({ slug: bodies.slug }).from(bodies).where(eq(bodies.id, bodyId));
    return body ? `/verwaltung/stammdaten/${body.slug}/${section}/${id}` : undefined;
  };
  switch (entity) {
    case 'meeting': {
      const [row] = await db
        .select({ bodyId: meetings.bodyId, startAt: meetings.startAt, name: organizations.name })
        .from(meetings)
        .innerJoin(organizations, eq(organizations.id, meetings.organizationId))
        .where(eq(meetings.id, id));
      if (!row) return undefined;
      return {
        bodyId: row.bodyId,
        title: `Sitzung ${row.name} am ${formatDate(row.startAt)}`,
        href: `/verwaltung/sitzungen/${id}`,
      };
    }
    case 'agenda_item': {
      const [row] = await db
        .select({
          bodyId: meetings.bodyId,
          meetingId: agendaItems.meetingId,
          number: agendaItems.number,
          title: agendaItems.title,
        })
        .from(agendaItems)
        .innerJoin(meetings, eq(meetings.id, agendaItems.meetingId))
        .where(eq(agendaItems.id, id));
      if (!row) return undefined;
      return {
        bodyId: row.bodyId,
        title: `Tagesordnungspunkt ${row.number ?? ''} „${row.title}“`.replace('  ', ' '),
        href: `/verwaltung/sitzungen/${row.meetingId}/niederschrift/${id}`,
      };
    }
    case 'paper': {
      const [row] = await db
        .select({ bodyId: papers.bodyId, reference: papers.reference, title: papers.title })
        .from(papers)
        .where(eq(papers.id, id));
      if (!row) return undefined;
      return {
        bodyId: row.bodyId,
        title: `Vorlage ${row.reference ?? ''} „${row.title}“`.replace('  ', ' '),
        href: `/verwaltung/vorlagen/${id}`,
      };
    }
    case 'organization': {
      const [row] = await db
        .select({ bodyId: organizations.bodyId, name: organizations.name })
        .from(organizations)
        .where(eq(organizations.id, id));
      if (!row) return undefined;
      return { bodyId: row.bodyId, title: row.name, href: await stammdaten(row.bodyId, 'organisationen') };
    }
    case 'person': {
      const [row] = await db
        .select({ bodyId: persons.bodyId, givenName: persons.givenName, familyName: persons.familyName })
        .from(persons)
        .where(eq(persons.id, id));
      if (!row) return undefined;
      return {
        bodyId: row.bodyId,
        title: `Person ${[row.givenName, row.familyName].filter(Boolean).join(' ')}`,
        href: await stammdaten(row.bodyId, 'personen'),
      };
    }
    case 'membership': {
      const [row] = await db
        .select({
          bodyId: organizations.bodyId,
          org: organizations.name,
          givenName: persons.givenName,
          familyName: persons.familyName,
        })
        .from(memberships)
        .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
        .innerJoin(persons, eq(persons.id, memberships.personId))
        .where(eq(memberships.id, id));
      if (!row) return undefined;
      return {
        bodyId: row.bodyId,
        title: `Mitgliedschaft ${[row.givenName, row.familyName].filter(Boolean).join(' ')} – ${row.org}`,
        href: await stammdaten(row.bodyId, 'mitgliedschaften'),
      };
    }
    case 'term': {
      const [row] = await db
        .select({ bodyId: legislativeTerms.bodyId, name: legislativeTerms.name })
        .from(legislativeTerms)
        .where(eq(legislativeTerms.id, id));
      if (!row) return undefined;
      return {
        bodyId: row.bodyId,
        title: `Wahlperiode ${row.name}`,
        href: await stammdaten(row.bodyId, 'wahlperioden'),
      };
    }
    case 'location': {
      const [row] = await db
        .select({ bodyId: locations.bodyId, name: locations.name })
        .from(locations)
        .where(eq(locations.id, id));
      if (!row) return undefined;
      return { bodyId: row.bodyId, title: `Sitzungsort ${row.name}`, href: await stammdaten(row.bodyId, 'orte') };
    }
    case 'room': {
      const [row] = await db
        .select({ bodyId: locations.bodyId, locationId: rooms.locationId, name: rooms.name })
        .from(rooms)
        .innerJoin(locations, eq(locations.id, rooms.locationId))
        .where(eq(rooms.id, id));
      if (!row) return undefined;
      const location = await stammdaten(row.bodyId, 'orte');
      return {
        bodyId: row.bodyId,
        title: `Raum ${row.name}`,
        href: location ? location.replace(/\/\d+$/, `/${row.locationId}/raeume/${id}`) : undefined,
      };
    }
    case 'body': {
      const [row] = await db.select({ name: bodies.name }).from(bodies).where(eq(bodies.id, id));
      return row ? { bodyId: id, title: `Körperschaft ${row.name}`, href: undefined } : undefined;
    }
    case 'account': {
      const [row] = await db
        .select({ displayName: accounts.displayName, login: accounts.login })
        .from(accounts)
        .where(eq(accounts.id, id));
      return row
        ? { bodyId: null, title: `Konto ${row.login} (${row.displayName})`, href: `/verwaltung/konten/${id}` }
        : undefined;
    }
    case 'api_token': {
      const [row] = await db.select({ name: apiTokens.name }).from(apiTokens).where(eq(apiTokens.id, id));
      return row ? { bodyId: null, title: `API-Zugang „${row.name}“`, href: undefined } : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * `coalesce(after->>'key', before->>'key')`: a key an entry's row carries, before or after. The key is
 * written into the SQL as a literal (one of ours, never input), so the expression is the one the indexes
 * of migrations 0013 and 0019 are built on.
 */
const carried = (key: 'meetingId' | 'agendaItemId' | 'paperId' | 'organizationId' | 'personId' | 'locationId') => {
  const literal = sql.raw(`'${key}'`);
  return sql`coalesce(${auditLog.after}->>${literal}, ${auditLog.before}->>${literal})`;
};

/** Which entries belong to an object's log (see the module comment). */
async function objectCondition(db: Executor, entity: string, id: string): Promise<SQL> {
  const own = and(eq(auditLog.entity, entity), eq(auditLog.entityId, id)) as SQL;
  switch (entity) {
    case 'meeting': {
      const n = numeric(id);
      const current =
        n === undefined
          ? []
          : await db.select({ id: agendaItems.id }).from(agendaItems).where(eq(agendaItems.meetingId, n));
      // Removed items: their entries carry the meeting's id (served by audit_log_meeting, migration 0019).
      const removed = await db
        .selectDistinct({ id: auditLog.entityId })
        .from(auditLog)
        .where(and(eq(auditLog.entity, 'agenda_item'), sql`${carried('meetingId')} = ${id}`));
      const items = [...new Set([...current.map((r) => String(r.id)), ...removed.map((r) => r.id)])];
      const parts: SQL[] = [own, sql`${carried('meetingId')} = ${id}`];
      if (items.length > 0) {
        parts.push(and(eq(auditLog.entity, 'agenda_item'), inArray(auditLog.entityId, items)) as SQL);
        parts.push(
          sql`${carried('agendaItemId')} in (${sql.join(
            items.map((i) => sql`${i}`),
            sql`, `,
          )})`,
        );
      }
      return or(...parts) as SQL;
    }
    case 'agenda_item':
      return or(own, sql`${carried('agendaItemId')} = ${id}`) as SQL;
    case 'paper':
      // Served by audit_log_consultation_paper (migration 0013).
      return or(own, and(eq(auditLog.entity, 'consultation'), sql`${carried('paperId')} = ${id}`)) as SQL;
    case 'organization':
      return or(own, and(eq(auditLog.entity, 'membership'), sql`${carried('organizationId')} = ${id}`)) as SQL;
    case 'person':
      return or(own, and(eq(auditLog.entity, 'membership'), sql`${carried('personId')} = ${id}`)) as SQL;
    case 'location':
      return or(own, and(eq(auditLog.entity, 'room'), sql`${carried('locationId')} = ${id}`)) as SQL;
    default:
      return own;
  }
}

const bodyCondition = (bodyId: number | null): SQL =>
  (bodyId === null ? isNull(auditLog.bodyId) : eq(auditLog.bodyId, bodyId)) as SQL;

const itemColumns = {
  id: auditLog.id,
  bodyId: auditLog.bodyId,
  at: auditLog.at,
  actor: auditLog.actor,
  actorName: accounts.displayName,
  action: auditLog.action,
  entity: auditLog.entity,
  entityId: auditLog.entityId,
  before: auditLog.before,
  after: auditLog.after,
};

function pageSizeOf(value: number | undefined): number {
  return value !== undefined && Number.isInteger(value) && value >= 1
    ? Math.min(value, AUDIT_MAX_PAGE_SIZE)
    : AUDIT_PAGE_SIZE;
}

/** One page of the entries matching `where`, newest first; a page beyond the end gives the last. */
async function pageOf(db: Executor, where: SQL, page: number | undefined, size: number | undefined) {
  const pageSize = pageSizeOf(size);
  const [counted] = await db.select({ n: count() }).from(auditLog).where(where);
  const total = Number(counted?.n ?? 0);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const current = Math.min(Math.max(1, page !== undefined && Number.isInteger(page) ? page : 1), pages);
  const rows = await db
    .select(itemColumns)
    .from(auditLog)
    .leftJoin(accounts, sql`${auditLog.actor} = 'user:' || ${accounts.id}`)
    .where(where)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(pageSize)
    .offset((current - 1) * pageSize);
  return { total, page: current, pages, pageSize, items: rows };
}

export interface ObjectLogInput {
  entity: string;
  id: string;
  page?: number | undefined;
  pageSize?: number | undefined;
}

/**
 * The log of one object with its parts' entries, newest first. Throws `audit_object.not_found` for an
 * object that neither exists nor has entries, `permission.denied` without `audit.read` in its body.
 */
export async function readObjectLog(
  db: Executor,
  actor: Actor | null,
  input: ObjectLogInput,
): Promise<AuditPage & { object: AuditObject }> {
  const object = await auditObject(db, input.entity, input.id);
  if (!object) {
    throw new DomainError('audit_object.not_found', 'Zu diesem Objekt gibt es keinen Verlauf.', {
      entity: input.entity,
      id: input.id,
    });
  }
  if (!mayReadAudit(actor, object.bodyId)) throw denied(actor, object.bodyId);
  const where = and(bodyCondition(object.bodyId), await objectCondition(db, object.entity, object.id)) as SQL;
  return { object, ...(await pageOf(db, where, input.page, input.pageSize)) };
}

export interface BodyLogInput {
  /** The body; null: the entries without a body (installation admins). */
  bodyId: number | null;
  entity?: string | undefined;
  actor?: string | undefined;
  /** Local dates (Europe/Berlin), both included: "2026-11-01" or "01.11.2026". */
  from?: string | undefined;
  to?: string | undefined;
  /** The date format named in messages (the API's is JJJJ-MM-TT); default TT.MM.JJJJ. */
  dateFormat?: DateFormat | undefined;
  page?: number | undefined;
  pageSize?: number | undefined;
}

/**
 * A body's log with filters (object type, who, date range), newest first. Wrong dates are refused with
 * `validation.failed` (German message per field), before anything is read.
 */
export async function readBodyLog(db: Executor, actor: Actor | null, input: BodyLogInput): Promise<AuditPage> {
  if (!mayReadAudit(actor, input.bodyId)) throw denied(actor, input.bodyId);
  const fields: Record<string, string> = {};
  const from = input.from ? parseDateInput(input.from) : undefined;
  const to = input.to ? parseDateInput(input.to) : undefined;
  const format = input.dateFormat ?? 'TT.MM.JJJJ';
  if (input.from && !from) fields.from = `Bitte geben Sie das Datum als ${format} an.`;
  if (input.to && !to) fields.to = `Bitte geben Sie das Datum als ${format} an.`;
  if (from && to && to < from) fields.to = 'Das Ende liegt vor dem Anfang.';
  if (Object.keys(fields).length > 0) {
    throw new DomainError('validation.failed', 'Bitte prüfen Sie die Filter.', { fields });
  }
  const parts: SQL[] = [bodyCondition(input.bodyId)];
  if (input.entity) parts.push(eq(auditLog.entity, input.entity));
  if (input.actor) parts.push(eq(auditLog.actor, input.actor));
  if (from) parts.push(gte(auditLog.at, localToInstant(from, '00:00')));
  if (to) parts.push(lt(auditLog.at, localToInstant(addDays(to, 1), '00:00')));
  return pageOf(db, and(...parts) as SQL, input.page, input.pageSize);
}

/** The object types and the actors found in a body's log, for the filters (by their German names). */
export async function bodyLogChoices(
  db: Executor,
  bodyId: number | null,
): Promise<{ entities: Array<{ value: string; label: string }>; actors: Array<{ value: string; label: string }> }> {
  const where = bodyCondition(bodyId);
  const [entityRows, actorRows] = await Promise.all([
    db.selectDistinct({ entity: auditLog.entity }).from(auditLog).where(where),
    db
      .selectDistinct({ actor: auditLog.actor, name: accounts.displayName })
      .from(auditLog)
      .leftJoin(accounts, sql`${auditLog.actor} = 'user:' || ${accounts.id}`)
      .where(where),
  ]);
  const byLabel = (a: { label: string }, b: { label: string }) => a.label.localeCompare(b.label, 'de');
  return {
    entities: entityRows.map((r) => ({ value: r.entity, label: entityLabel(r.entity) })).sort(byLabel),
    actors: actorRows.map((r) => ({ value: r.actor, label: actorLabel(r.actor, r.name) })).sort(byLabel),
  };
}

/**
 * Names of the rows entries refer to by id (persons, organisations, locations, rooms, papers of the
 * body), for showing "Gremium: Kreisausschuss" instead of a number. Keys are "{table}:{id}".
 */
export async function referenceNames(
  db: Executor,
  bodyId: number | null,
  items: AuditItem[],
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (bodyId === null) return names;
  const wanted = {
    person: new Set<number>(),
    organization: new Set<number>(),
    location: new Set<number>(),
    room: new Set<number>(),
    paper: new Set<number>(),
  };
  const visit = (value: unknown, depth: number) => {
    if (depth > 2) return;
    if (Array.isArray(value)) {
      for (const v of value) visit(v, depth + 1);
      return;
    }
    if (!isRecord(value)) return;
    for (const [k, v] of Object.entries(value)) {
      const kind = REFERENCE_KEYS[k];
      if (kind && typeof v === 'number' && Number.isInteger(v) && v > 0 && v < 2 ** 31) wanted[kind].add(v);
      else if (typeof v === 'object') visit(v, depth + 1);
    }
  };
  for (const item of items) {
    visit(item.before, 0);
    visit(item.after, 0);
  }
  const ids = (s: Set<number>) => [...s];
  if (wanted.person.size > 0) {
    const rows = await db
      .select({ id: persons.id, givenName: persons.givenName, familyName: persons.familyName })
      .from(persons)
      .where(and(eq(persons.bodyId, bodyId), inArray(persons.id, ids(wanted.person))));
    for (const r of rows) names.set(`person:${r.id}`, [r.givenName, r.familyName].filter(Boolean).join(' '));
  }
  if (wanted.organization.size > 0) {
    const rows = await db
      .select({ id: organizations.id, name: organizations.name })
      .from(organizations)
      .where(and(eq(organizations.bodyId, bodyId), inArray(organizations.id, ids(wanted.organization))));
    for (const r of rows) names.set(`organization:${r.id}`, r.name);
  }
  if (wanted.location.size > 0) {
    const rows = await db
      .select({ id: locations.id, name: locations.name })
      .from(locations)
      .where(and(eq(locations.bodyId, bodyId), inArray(locations.id, ids(wanted.location))));
    for (const r of rows) names.set(`location:${r.id}`, r.name);
  }
  if (wanted.room.size > 0) {
    const rows = await db
      .select({ id: rooms.id, name: rooms.name })
      .from(rooms)
      .innerJoin(locations, eq(locations.id, rooms.locationId))
      .where(and(eq(locations.bodyId, bodyId), inArray(rooms.id, ids(wanted.room))));
    for (const r of rows) names.set(`room:${r.id}`, r.name);
  }
  if (wanted.paper.size > 0) {
    const rows = await db
      .select({ id: papers.id, reference: papers.reference, title: papers.title })
      .from(papers)
      .where(and(eq(papers.bodyId, bodyId), inArray(papers.id, ids(wanted.paper))))
      .orderBy(asc(papers.id));
    for (const r of rows) names.set(`paper:${r.id}`, [r.reference, r.title].filter(Boolean).join(' '));
  }
  return names;
}

/** Which keys hold the id of which kind of row. */
export const REFERENCE_KEYS: Record<string, 'person' | 'organization' | 'location' | 'room' | 'paper'> = {
  personId: 'person',
  deputyOfPersonId: 'person',
  substituteForPersonId: 'person',
  contactPersonId: 'person',
  organizationId: 'organization',
  toOrganizationId: 'organization',
  onBehalfOfId: 'organization',
  factionId: 'organization',
  officeId: 'organization',
  originatorId: 'organization',
  locationId: 'location',
  roomId: 'room',
  paperId: 'paper',
};

/**
 * Rows of the OParl repository → OParl 1.1 objects. One function per type, used for the object at its
 * own URL, in lists and embedded in its parent, so that all three are the same object; embedded, the
 * back-reference to the parent is left out (spec 3.0). Optional properties without data are left out
 * (no null, no "", no []), obligatory ones always present. Vendor properties carry the prefix
 * `ratsinfo:` (spec 3.0, "Herstellerspezifische Erweiterungen").
 */
import type {
  AgendaItemRow,
  AttendanceRow,
  BodyRow,
  ConsultationRow,
  ExtractRow,
  LegislativeTermRow,
  LocationRow,
  MeetingDocumentRow,
  MeetingRow,
  MembershipRow,
  OrganizationRow,
  PaperRow,
  PersonRow,
  RowBase,
  StoredFileRow,
  VoteJson,
} from '../db/repositories/oparl.ts';
import { fileNamePart, voteBlock } from '../documents/builders.ts';
import { fullName } from '../domain/format.ts';
import { dateTime, germanDay } from './format.ts';
import type { ObjectPath, Urls } from './urls.ts';

export type OparlObject = Record<string, unknown>;

const SCHEMA = 'https://schema.oparl.org/1.1/';

export const TYPES = {
  system: `${SCHEMA}System`,
  body: `${SCHEMA}Body`,
  legislativeTerm: `${SCHEMA}LegislativeTerm`,
  organization: `${SCHEMA}Organization`,
  person: `${SCHEMA}Person`,
  membership: `${SCHEMA}Membership`,
  meeting: `${SCHEMA}Meeting`,
  agendaItem: `${SCHEMA}AgendaItem`,
  paper: `${SCHEMA}Paper`,
  consultation: `${SCHEMA}Consultation`,
  file: `${SCHEMA}File`,
  location: `${SCHEMA}Location`,
  error: `${SCHEMA}Error`,
} as const;

export interface SerializeContext {
  urls: Urls;
  /** `omit_internal=true`: leave out the internal lists named in spec 2.5. */
  omitInternal: boolean;
}

/** Sets an optional property only when there is data (spec 2.4: no null, no "", no []). */
function put(target: OparlObject, key: string, value: unknown) {
  if (value === null || value === undefined || value === '') return;
  if (Array.isArray(value) && value.length === 0) return;
  target[key] = value;
}

function times(target: OparlObject, row: RowBase) {
  target.created = dateTime(row.created);
  target.modified = dateTime(row.modified);
}

/** A deleted or depublished object (spec 2.8): id, type, times and `deleted: true`. */
export function tombstone(urls: Urls, path: ObjectPath, row: RowBase): OparlObject {
  const type = path === 'room' ? TYPES.location : TYPES[path];
  return {
    id: urls.object(path, row.id),
    type,
    created: dateTime(row.created),
    modified: dateTime(row.modified),
    deleted: true,
  };
}

export function system(urls: Urls, row: { created: number | null; modified: number | null }): OparlObject {
  const now = Math.floor(Date.now() / 1000);
  return {
    id: urls.system(),
    type: TYPES.system,
    oparlVersion: SCHEMA,
    name: 'Ratsinfo',
    body: urls.bodies(),
    website: urls.web('/'),
    created: dateTime(row.created ?? now),
    modified: dateTime(row.modified ?? now),
  };
}

const CLASSIFICATION: Record<BodyRow['jurisdiction'], string> = { 'nrw-kreis': 'Kreis', 'nrw-gemeinde': 'Gemeinde' };

export function body(ctx: SerializeContext, row: BodyRow, terms: LegislativeTermRow[]): OparlObject {
  const { urls } = ctx;
  const o: OparlObject = { id: urls.object('body', row.id), type: TYPES.body, system: urls.system(), name: row.name };
  put(o, 'shortName', row.shortName);
  put(o, 'website', row.website);
  o.classification = CLASSIFICATION[row.jurisdiction];
  o.organization = urls.bodyList(row.id, 'organization');
  o.person = urls.bodyList(row.id, 'person');
  o.meeting = urls.bodyList(row.id, 'meeting');
  o.paper = urls.bodyList(row.id, 'paper');
  if (!ctx.omitInternal) o.legislativeTerm = terms.map((t) => legislativeTerm(ctx, t, true));
  o.legislativeTermList = urls.bodyList(row.id, 'legislativeTerm');
  o.agendaItem = urls.bodyList(row.id, 'agendaItem');
  o.consultation = urls.bodyList(row.id, 'consultation');
  o.file = urls.bodyList(row.id, 'file');
  o.locationList = urls.bodyList(row.id, 'location');
  o.membership = urls.bodyList(row.id, 'membership');
  o.web = urls.web(`/${row.slug}`);
  times(o, row);
  return o;
}

export function legislativeTerm(ctx: SerializeContext, row: LegislativeTermRow, embedded: boolean): OparlObject {
  const o: OparlObject = { id: ctx.urls.object('legislativeTerm', row.id), type: TYPES.legislativeTerm };
  if (!embedded) o.body = ctx.urls.object('body', row.bodyId);
  o.name = row.name;
  put(o, 'startDate', row.startDate);
  put(o, 'endDate', row.endDate);
  times(o, row);
  return o;
}

const ORGANIZATION_TYPE: Record<OrganizationRow['kind'], string> = {
  council: 'Gremium',
  committee: 'Gremium',
  faction: 'Fraktion',
  office: 'Verwaltungsbereich',
  external: 'Institution',
};
const ORGANIZATION_CLASSIFICATION: Record<OrganizationRow['kind'], string> = {
  council: 'Parlament',
  committee: 'Ausschuss',
  faction: 'Fraktion',
  office: 'Verwaltungseinheit',
  external: 'Externe Organisation',
};

/** Portal pages of organisations (docs/portal.md): councils and committees, factions. */
function organizationWeb(urls: Urls, row: { kind: OrganizationRow['kind']; bodySlug: string; id: number }) {
  if (row.kind === 'council' || row.kind === 'committee') return urls.web(`/${row.bodySlug}/gremien/${row.id}`);
  if (row.kind === 'faction') return urls.web(`/${row.bodySlug}/fraktionen/${row.id}`);
  return undefined;
}

export function organization(ctx: SerializeContext, row: OrganizationRow): OparlObject {
  const { urls } = ctx;
  const o: OparlObject = {
    id: urls.object('organization', row.id),
    type: TYPES.organization,
    body: urls.object('body', row.bodyId),
    name: row.name,
  };
  put(o, 'shortName', row.shortName);
  put(
    o,
    'membership',
    row.membershipIds.map((id) => urls.object('membership', id)),
  );
  o.meeting = urls.organizationMeetings(row.id);
  if (row.parentId != null) o.subOrganizationOf = urls.object('organization', row.parentId);
  o.organizationType = ORGANIZATION_TYPE[row.kind];
  o.classification = ORGANIZATION_CLASSIFICATION[row.kind];
  put(o, 'startDate', row.startDate);
  put(o, 'endDate', row.endDate);
  put(o, 'website', row.website);
  o['ratsinfo:kind'] = row.kind;
  put(o, 'ratsinfo:committeeClass', row.committeeClass);
  put(o, 'ratsinfo:statutoryMembers', row.statutoryMembers);
  put(o, 'ratsinfo:officeNumber', row.officeNumber);
  put(o, 'web', organizationWeb(urls, row));
  times(o, row);
  return o;
}

export function person(ctx: SerializeContext, row: PersonRow, memberships: MembershipRow[]): OparlObject {
  const { urls } = ctx;
  const o: OparlObject = {
    id: urls.object('person', row.id),
    type: TYPES.person,
    body: urls.object('body', row.bodyId),
    name: fullName(row),
    familyName: row.familyName,
  };
  put(o, 'givenName', row.givenName);
  put(o, 'formOfAddress', row.formOfAddress);
  put(o, 'title', row.title ? [row.title] : []);
  put(o, 'status', row.officeTitle ? [row.officeTitle] : []);
  if (!ctx.omitInternal)
    put(
      o,
      'membership',
      memberships.map((m) => membership(ctx, m, true)),
    );
  o.web = urls.web(`/${row.bodySlug}/personen/${row.id}`);
  times(o, row);
  return o;
}

/** Membership roles in German, as the portal prints them (persons page). */
const MEMBERSHIP_ROLES: Record<MembershipRow['role'], string> = {
  chair: 'Vorsitz',
  vice_chair: 'stellv. Vorsitz',
  member: 'Mitglied',
  deputy_member: 'stellv. Mitglied',
  advisory_member: 'beratendes Mitglied',
  secretary: 'Schriftführung',
  deputy_secretary: 'stellv. Schriftführung',
};

export function membership(ctx: SerializeContext, row: MembershipRow, embedded: boolean): OparlObject {
  const { urls } = ctx;
  const o: OparlObject = { id: urls.object('membership', row.id), type: TYPES.membership };
  if (!embedded) o.person = urls.object('person', row.personId);
  o.organization = urls.object('organization', row.organizationId);
  o.role = row.roleLabel ?? MEMBERSHIP_ROLES[row.role];
  o.votingRight = row.votingRight;
  put(o, 'startDate', row.startDate);
  put(o, 'endDate', row.endDate);
  if (row.onBehalfOfId != null) o.onBehalfOf = urls.object('organization', row.onBehalfOfId);
  o['ratsinfo:role'] = row.role;
  o['ratsinfo:appointedCitizen'] = row.appointedCitizen;
  if (row.deputyOfPersonId != null) o['ratsinfo:deputyOf'] = urls.object('person', row.deputyOfPersonId);
  if (row.termId != null) o['ratsinfo:legislativeTerm'] = urls.object('legislativeTerm', row.termId);
  times(o, row);
  return o;
}

export function location(ctx: SerializeContext, row: LocationRow, path: 'location' | 'room'): OparlObject {
  const room = row.roomName
    ? [row.roomName, row.roomDescription ? `(${row.roomDescription})` : ''].join(' ').trim()
    : '';
  const place = [row.postalCode, row.locality].filter(Boolean).join(' ');
  const o: OparlObject = {
    id: ctx.urls.object(path, row.id),
    type: TYPES.location,
    description: [row.name, room, row.streetAddress, place].filter(Boolean).join(', '),
  };
  put(o, 'streetAddress', row.streetAddress);
  put(o, 'room', room);
  put(o, 'postalCode', row.postalCode);
  put(o, 'locality', row.locality);
  if (row.geometry && typeof row.geometry === 'object') {
    o.geojson = { type: 'Feature', geometry: row.geometry, properties: { name: row.name } };
  }
  times(o, row);
  return o;
}

/** OParl's recommended meeting states (spec: terminiert, eingeladen, durchgeführt). */
const MEETING_STATE: Record<MeetingRow['state'], string> = {
  planned: 'terminiert',
  invited: 'eingeladen',
  held: 'eingeladen',
  minutes_drafted: 'eingeladen',
  minutes_signed: 'durchgeführt',
};

/** Everything a meeting embeds, loaded for a page of meetings at once. */
export interface MeetingParts {
  location?: OparlObject | undefined;
  agendaItems: OparlObject[];
  invitation?: OparlObject | undefined;
  supplement?: OparlObject | undefined;
  minutes?: OparlObject | undefined;
  /** The public attendees once the minutes are published; undefined before. */
  attendance?: AttendanceRow[] | undefined;
}

export function meeting(ctx: SerializeContext, row: MeetingRow, parts: MeetingParts): OparlObject {
  const { urls } = ctx;
  const committee = row.organizationNameGenitive ?? row.organizationName;
  const o: OparlObject = {
    id: urls.object('meeting', row.id),
    type: TYPES.meeting,
    name: `Sitzung ${committee}`,
    meetingState: MEETING_STATE[row.state],
    cancelled: row.cancelled,
    start: dateTime(row.startAt),
  };
  if (row.endAt != null) o.end = dateTime(row.endAt);
  put(o, 'location', parts.location);
  o.organization = [urls.object('organization', row.organizationId)];
  if (parts.attendance) {
    put(
      o,
      'participant',
      parts.attendance.filter((a) => a.status === 'present').map((a) => urls.object('person', a.personId)),
    );
  }
  put(o, 'invitation', parts.invitation);
  put(o, 'resultsProtocol', parts.minutes);
  if (!ctx.omitInternal) {
    put(o, 'auxiliaryFile', parts.supplement ? [parts.supplement] : []);
    put(o, 'agendaItem', parts.agendaItems);
  }
  // Signed but not yet published minutes are the back office's business: to the public the meeting was held
  // (and another Ratsinfo importing this does not take them for published ones).
  o['ratsinfo:state'] = row.state === 'minutes_signed' && !row.minutesPublished ? 'held' : row.state;
  put(o, 'ratsinfo:invitationSentOn', row.invitationSentOn);
  put(o, 'ratsinfo:supplementSentOn', row.supplementSentOn);
  // The minutes' date is part of the minutes: public with them.
  if (row.minutesPublished) put(o, 'ratsinfo:minutesDate', row.minutesDate);
  if (parts.attendance) {
    put(
      o,
      'ratsinfo:attendance',
      parts.attendance.map((a) => {
        const entry: OparlObject = {
          person: urls.object('person', a.personId),
          role: a.role,
          status: a.status,
          votingRight: a.votingRight,
        };
        if (a.substituteForPersonId != null) entry.substituteFor = urls.object('person', a.substituteForPersonId);
        put(entry, 'arrivedAt', a.arrivedAt);
        put(entry, 'leftAt', a.leftAt);
        return entry;
      }),
    );
  }
  o.web = urls.web(`/${row.bodySlug}/sitzungen/${row.id}`);
  times(o, row);
  return o;
}

/** The result of a vote in words, as the minutes phrase it ("einstimmig angenommen"). */
/** The phrase of a vote, once per vote (an item's last vote gives its `result` and is in its votes). */
const voteResults = new WeakMap<VoteJson, string>();

function voteResult(vote: VoteJson): string {
  let text = voteResults.get(vote);
  if (text === undefined) {
    text = votePhrase(vote);
    voteResults.set(vote, text);
  }
  return text;
}

function votePhrase(vote: VoteJson): string {
  const block = voteBlock({
    id: 0,
    method: vote.method,
    subject: null,
    yes: vote.yes,
    no: vote.no,
    abstain: vote.abstain,
    unanimous: vote.unanimous,
    outcome: vote.outcome,
    byFaction: vote.byFaction.map((f) => ({
      faction: { id: f.factionId, name: f.factionName, shortName: f.factionShortName },
      yes: f.yes,
      no: f.no,
      abstain: f.abstain,
    })),
    ballots: [],
  });
  const text = block.type === 'vote' ? block.result : '';
  return text.replace(/^Abstimmungsergebnis: /, '');
}

function votes(urls: Urls, list: VoteJson[]): OparlObject[] {
  return list.map((v) => {
    const o: OparlObject = { method: v.method };
    put(o, 'subject', v.subject);
    put(o, 'yes', v.yes);
    put(o, 'no', v.no);
    put(o, 'abstain', v.abstain);
    o.unanimous = v.unanimous;
    o.outcome = v.outcome;
    o.result = voteResult(v);
    put(
      o,
      'byFaction',
      v.byFaction.map((f) => ({
        organization: urls.object('organization', f.factionId),
        name: f.factionShortName ?? f.factionName,
        yes: f.yes,
        no: f.no,
        abstain: f.abstain,
      })),
    );
    put(
      o,
      'ballots',
      v.ballots.map((b) => ({ person: urls.object('person', b.personId), choice: b.choice })),
    );
    return o;
  });
}

/** Everything an agenda item embeds. */
export interface AgendaItemParts {
  attachments: OparlObject[];
  extract?: OparlObject | undefined;
}

export function agendaItem(
  ctx: SerializeContext,
  row: AgendaItemRow,
  parts: AgendaItemParts,
  embedded: boolean,
): OparlObject {
  const { urls } = ctx;
  const o: OparlObject = { id: urls.object('agendaItem', row.id), type: TYPES.agendaItem };
  if (!embedded) o.meeting = urls.object('meeting', row.meetingId);
  o.number = row.number;
  o.order = row.order;
  o.name = row.title;
  o.public = true;
  if (row.consultationId != null) o.consultation = urls.object('consultation', row.consultationId);
  const lastVote = row.votes?.at(-1);
  if (lastVote) o.result = voteResult(lastVote);
  put(o, 'resolutionText', row.resolutionText);
  put(o, 'resolutionFile', parts.extract);
  if (!ctx.omitInternal) put(o, 'auxiliaryFile', parts.attachments);
  put(o, 'ratsinfo:subtitle', row.subtitle);
  o['ratsinfo:supplement'] = row.supplement;
  if (row.parentId != null) o['ratsinfo:parent'] = urls.object('agendaItem', row.parentId);
  put(o, 'ratsinfo:minutesText', row.minutesText);
  put(o, 'ratsinfo:resolutionKind', row.resolutionKind);
  put(o, 'ratsinfo:votes', votes(urls, row.votes ?? []));
  put(
    o,
    'ratsinfo:conflictsOfInterest',
    (row.conflicts ?? []).map((c) => {
      const entry: OparlObject = { person: urls.object('person', c.personId) };
      put(entry, 'note', c.note);
      return entry;
    }),
  );
  put(
    o,
    'ratsinfo:addenda',
    (row.addenda ?? []).map((a) => ({ heading: a.heading, text: a.text })),
  );
  o.web = urls.web(`/${row.bodySlug}/sitzungen/${row.meetingId}`);
  times(o, row);
  return o;
}

/** Consultation roles in German, as the portal's paper page prints them. */
const CONSULTATION_ROLES: Record<ConsultationRow['role'], string> = {
  preliminary: 'Vorberatung',
  decision: 'Entscheidung',
  notice: 'Kenntnisnahme',
};

export function consultation(ctx: SerializeContext, row: ConsultationRow, embedded: boolean): OparlObject {
  const { urls } = ctx;
  const o: OparlObject = { id: urls.object('consultation', row.id), type: TYPES.consultation };
  if (!embedded) o.paper = urls.object('paper', row.paperId);
  if (row.agendaItemId != null) o.agendaItem = urls.object('agendaItem', row.agendaItemId);
  if (row.meetingId != null) o.meeting = urls.object('meeting', row.meetingId);
  o.organization = [urls.object('organization', row.organizationId)];
  o.authoritative = row.role === 'decision';
  o.role = CONSULTATION_ROLES[row.role];
  o['ratsinfo:role'] = row.role;
  o['ratsinfo:status'] = row.status;
  o.web = urls.web(`/${row.bodySlug}/vorlagen/${row.paperId}`);
  times(o, row);
  return o;
}

export interface PaperParts {
  consultations: OparlObject[];
  files: OparlObject[];
}

export function paper(ctx: SerializeContext, row: PaperRow, parts: PaperParts): OparlObject {
  const { urls } = ctx;
  const o: OparlObject = {
    id: urls.object('paper', row.id),
    type: TYPES.paper,
    body: urls.object('body', row.bodyId),
    name: row.title,
    reference: row.reference,
  };
  put(o, 'date', row.date);
  o.paperType = row.paperType;
  o.underDirectionOf = [urls.object('organization', row.officeId)];
  if (row.originatorId != null) o.originatorOrganization = [urls.object('organization', row.originatorId)];
  put(o, 'consultation', parts.consultations);
  if (!ctx.omitInternal) put(o, 'auxiliaryFile', parts.files);
  put(o, 'ratsinfo:text', row.text);
  o.web = urls.web(`/${row.bodySlug}/vorlagen/${row.id}`);
  times(o, row);
  return o;
}

/** A stored file (an attachment of a paper or of an agenda item's minutes). */
export function storedFile(ctx: SerializeContext, row: StoredFileRow, embedded: boolean): OparlObject {
  const { urls } = ctx;
  const o: OparlObject = {
    id: urls.object('file', row.id),
    type: TYPES.file,
    name: row.name,
    fileName: row.fileName,
    mimeType: row.mimeType,
    size: row.size,
  };
  put(o, 'text', row.text);
  o.accessUrl = urls.web(`/${row.bodySlug}/dateien/${row.id}/${encodeURIComponent(row.fileName)}`);
  o['ratsinfo:sha256Checksum'] = row.sha256;
  if (!embedded) {
    put(
      o,
      'paper',
      row.paperIds.map((id) => urls.object('paper', id)),
    );
    put(
      o,
      'agendaItem',
      row.agendaItemIds.map((id) => urls.object('agendaItem', id)),
    );
  }
  times(o, row);
  return o;
}

const DOCUMENT_NAMES = {
  invitation: 'Einladung',
  supplement: 'Nachtrag',
  minutes: 'Niederschrift',
  extract: 'Beschlussauszug',
} as const;
const DOCUMENT_SLUGS = {
  invitation: 'einladung',
  supplement: 'nachtrag',
  minutes: 'niederschrift',
} as const;

/** The file name the portal gives the PDF ("Niederschrift_Ausschuss-fuer-Digitalisierung_2021-02-18.pdf"). */
function documentFileName(name: string, row: { organizationName: string; meetingStartAt: number }, suffix = '') {
  return `${[name, fileNamePart(row.organizationName), germanDay(row.meetingStartAt)].join('_')}${suffix}.pdf`;
}

/** Invitation, supplement or minutes of a meeting: the portal's public PDF. */
export function meetingDocumentFile(
  ctx: SerializeContext,
  row: MeetingDocumentRow,
  kind: 'invitation' | 'supplement' | 'minutes',
  embedded: boolean,
  text?: string | undefined,
): OparlObject {
  const { urls } = ctx;
  const o: OparlObject = {
    id: urls.meetingDocument(row.meetingId, kind),
    type: TYPES.file,
    name: kind === 'supplement' ? 'Nachtrag zur Tagesordnung' : DOCUMENT_NAMES[kind],
    fileName: documentFileName(DOCUMENT_NAMES[kind], row),
    mimeType: 'application/pdf',
  };
  const date = { invitation: row.invitationSentOn, supplement: row.supplementSentOn, minutes: row.minutesDate }[kind];
  put(o, 'date', date);
  put(o, 'text', text);
  o.accessUrl = urls.web(`/${row.bodySlug}/sitzungen/${row.meetingId}/${DOCUMENT_SLUGS[kind]}.pdf`);
  if (!embedded) o.meeting = [urls.object('meeting', row.meetingId)];
  times(o, row);
  return o;
}

/** The resolution extract (Beschlussauszug) of an agenda item: the portal's public PDF. */
export function extractFile(ctx: SerializeContext, row: ExtractRow, embedded: boolean): OparlObject {
  const { urls } = ctx;
  const o: OparlObject = {
    id: urls.extract(row.id),
    type: TYPES.file,
    name: `Beschlussauszug TOP ${row.number}`,
    fileName: documentFileName(DOCUMENT_NAMES.extract, row, `_TOP-${row.number.replace(/\./g, '-')}`),
    mimeType: 'application/pdf',
  };
  put(o, 'date', row.minutesDate);
  o.accessUrl = urls.web(`/${row.bodySlug}/sitzungen/${row.meetingId}/top/${row.number}/beschlussauszug.pdf`);
  if (!embedded) o.agendaItem = [urls.object('agendaItem', row.id)];
  times(o, row);
  return o;
}

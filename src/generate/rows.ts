/**
 * Turns the plan of the generated city into table rows: the master data, papers with texts and files,
 * and per meeting the agenda with minutes, attendance, votes (counts and per-faction results
 * consistent with the seats and the NRW majority rule), conflicts, addenda, signatures. Rows are handed
 * to a BulkWriter in foreign-key order.
 */
import { createHash } from 'node:crypto';
import { decideVote } from '../domain/rules/vote.ts';
import type { BulkWriter, TableColumns, Value } from './bulk.ts';
import type { CityPlan, PItem, PMeeting, PMembership, POrg, PPaper, PPerson, PTerm } from './city.ts';
import { simplePdf, wrap } from './pdf.ts';
import { Random } from './random.ts';
import { euro, inquiryTitle, motion as makeMotion, nonPublicTopic, paperText, type TopicContext } from './texts.ts';
import { berlinInstant, clockText, germanDay, isoDay } from './time.ts';
import { CITY_NAME, DEPUTY_MAYORS, type Domain, type GremiumDef } from './vocabulary.ts';

const TS = ['created_at', 'modified_at'] as const;

/** Written columns per table, in row order. */
export const COLUMNS: TableColumns = {
  bodies: ['id', 'slug', 'name', 'short_name', 'jurisdiction', 'website', 'seat', 'settings', ...TS],
  legislative_terms: ['id', 'body_id', 'name', 'start_date', 'end_date', ...TS],
  organizations: [
    'id',
    'body_id',
    'kind',
    'name',
    'name_genitive',
    'name_nominative',
    'short_name',
    'office_number',
    'parent_id',
    'committee_class',
    'statutory_members',
    'start_date',
    'end_date',
    'website',
    'settings',
    ...TS,
  ],
  persons: [
    'id',
    'body_id',
    'form_of_address',
    'title',
    'given_name',
    'family_name',
    'office_title',
    'gender',
    'email',
    'phone',
    'fax',
    ...TS,
  ],
  memberships: [
    'id',
    'person_id',
    'organization_id',
    'term_id',
    'role',
    'role_label',
    'voting_right',
    'appointed_citizen',
    'on_behalf_of_id',
    'deputy_of_person_id',
    'start_date',
    'end_date',
    ...TS,
  ],
  locations: ['id', 'body_id', 'name', 'street_address', 'postal_code', 'locality', 'geometry', ...TS],
  rooms: ['id', 'location_id', 'name', 'description', ...TS],
  files: ['id', 'body_id', 'name', 'file_name', 'mime_type', 'size', 'sha256', 'content', 'text', ...TS],
  papers: [
    'id',
    'body_id',
    'office_id',
    'reference_year',
    'reference_number',
    'reference',
    'paper_type',
    'title',
    'text',
    'date',
    'originator_id',
    'public',
    ...TS,
  ],
  paper_number_counters: ['office_id', 'year', 'last_number'],
  paper_files: ['paper_id', 'file_id', 'position'],
  meetings: [
    'id',
    'body_id',
    'organization_id',
    'state',
    'cancelled',
    'start_at',
    'end_at',
    'location_id',
    'room_id',
    'invitation_sent_on',
    'invitation_urgent',
    'supplement_sent_on',
    'minutes_place',
    'minutes_date',
    'contact_person_id',
    'public_part_closing_note',
    'version',
    'minutes_published_at',
    ...TS,
  ],
  agenda_items: [
    'id',
    'meeting_id',
    'parent_id',
    'number',
    'position',
    'public',
    'title',
    'subtitle',
    'paper_id',
    'supplement',
    'minutes_text',
    'resolution_kind',
    'resolution_text',
    'version',
    ...TS,
  ],
  votes: [
    'id',
    'agenda_item_id',
    'position',
    'subject',
    'method',
    'yes',
    'no',
    'abstain',
    'unanimous',
    'outcome',
    ...TS,
  ],
  vote_faction_results: ['vote_id', 'faction_id', 'yes', 'no', 'abstain'],
  vote_ballots: ['vote_id', 'person_id', 'choice'],
  conflicts: ['agenda_item_id', 'person_id', 'note', ...TS],
  addenda: ['id', 'agenda_item_id', 'position', 'heading', 'text', ...TS],
  agenda_item_attachments: ['agenda_item_id', 'file_id', 'label', 'position'],
  consultations: ['id', 'paper_id', 'organization_id', 'position', 'role', 'agenda_item_id', 'status', ...TS],
  attendance: [
    'id',
    'meeting_id',
    'person_id',
    'role',
    'status',
    'voting_right',
    'substitute_for_person_id',
    'function',
    'arrived_at',
    'left_at',
    'position',
    ...TS,
  ],
  rapporteurs: ['meeting_id', 'person_id', 'to_organization_id', 'faction_id', 'agenda_item_id'],
  minutes_signatures: ['meeting_id', 'role', 'person_id', 'signed_at', 'position'],
};

/** Tables with an identity id, in insertion order. */
export const ID_TABLES = [
  'bodies',
  'legislative_terms',
  'organizations',
  'persons',
  'memberships',
  'locations',
  'rooms',
  'files',
  'papers',
  'meetings',
  'agenda_items',
  'votes',
  'addenda',
  'consultations',
  'attendance',
] as const;
export type IdTable = (typeof ID_TABLES)[number];

/** The tables written per chunk of meetings, parents first. */
export const MEETING_TABLES = [
  'meetings',
  'agenda_items',
  'attendance',
  'votes',
  'vote_faction_results',
  'vote_ballots',
  'conflicts',
  'addenda',
  'agenda_item_attachments',
  'minutes_signatures',
  'rapporteurs',
] as const;

export interface BodyInfo {
  slug: string;
  name: string;
}

export type Progress = (label: string, done: number, total: number) => void;

type VoteChoice = 'yes' | 'no' | 'abstain';

interface Attendee {
  person: number;
  role: 'chair' | 'member' | 'substitute' | 'advisory_member' | 'administration' | 'guest';
  status: 'present' | 'excused' | 'absent';
  votingRight: boolean;
  substituteFor: number | null;
  function: string | null;
  faction: number | null;
  appointedCitizen: boolean;
}

const MEETING_CHUNK = 200;
const FLUSH_ROWS = 5_000;

/**
 * Writes the whole plan. `offsets[table]` is the largest existing id of the table (0 for an empty
 * table); local ids are shifted by it.
 */
export class CityWriter {
  private readonly seed: number;
  private readonly ids: Record<IdTable, number>;
  private readonly next: Record<string, number> = { votes: 0, addenda: 0, consultations: 0, attendance: 0 };
  private readonly bodyId: number;

  constructor(
    private readonly plan: CityPlan,
    private readonly writer: BulkWriter,
    offsets: Record<IdTable, number>,
    private readonly body: BodyInfo,
    private readonly progress: Progress,
  ) {
    this.seed = plan.options.seed;
    this.ids = offsets;
    this.bodyId = offsets.bodies + 1;
  }

  private id(table: IdTable, local: number): number {
    return this.ids[table] + local;
  }

  private opt(table: IdTable, local: number | null | undefined): number | null {
    return local ? this.id(table, local) : null;
  }

  private newId(table: 'votes' | 'addenda' | 'consultations' | 'attendance'): number {
    this.next[table] = (this.next[table] ?? 0) + 1;
    return this.id(table, this.next[table] as number);
  }

  private ts(day: number, minutes = 9 * 60): string {
    return berlinInstant(Math.min(day, this.plan.asOfDay), minutes);
  }

  private async add(table: string, row: Value[]) {
    this.writer.add(table, row);
    if (this.writer.pending(table) >= FLUSH_ROWS) await this.writer.flush([table]);
  }

  async writeAll(): Promise<void> {
    await this.writeMasterData();
    await this.writeFiles();
    await this.writePapers();
    await this.writeMeetings();
    await this.writeConsultations();
  }

  // --- master data ---------------------------------------------------------------------------------

  private async writeMasterData() {
    const p = this.plan;
    const created = this.ts(p.rangeStart - 1);
    await this.add('bodies', [
      this.bodyId,
      this.body.slug,
      this.body.name,
      CITY_NAME,
      'nrw-gemeinde',
      null,
      CITY_NAME,
      JSON.stringify({}),
      created,
      created,
    ]);
    await this.writer.flush(['bodies']);
    for (const [i, term] of p.terms.entries()) {
      const at = this.ts(term.startDay - 30);
      await this.add('legislative_terms', [
        this.id('legislative_terms', i + 1),
        this.bodyId,
        term.name,
        isoDay(term.startDay),
        isoDay(term.endDay),
        at,
        at,
      ]);
    }
    await this.writer.flush(['legislative_terms']);
    for (const [i, org] of p.orgs.entries()) {
      const at = this.ts(org.startDay ?? p.rangeStart);
      await this.add('organizations', [
        this.id('organizations', i + 1),
        this.bodyId,
        org.kind,
        org.name,
        org.genitive,
        org.nominative,
        org.shortName,
        org.officeNumber,
        org.parent === null ? null : this.id('organizations', org.parent + 1),
        org.committeeClass,
        org.statutoryMembers,
        org.startDay === null ? null : isoDay(org.startDay),
        org.endDay === null ? null : isoDay(org.endDay),
        null,
        JSON.stringify({}),
        at,
        at,
      ]);
    }
    await this.writer.flush(['organizations']);
    for (const [i, person] of p.persons.entries()) {
      const at = this.ts(person.createdDay - 7);
      await this.add('persons', [
        this.id('persons', i + 1),
        this.bodyId,
        person.formOfAddress,
        person.title,
        person.givenName,
        person.familyName,
        person.officeTitle,
        person.gender,
        person.email,
        person.phone,
        null,
        at,
        at,
      ]);
    }
    await this.writer.flush(['persons']);
    this.progress('Personen', p.persons.length, p.persons.length);
    for (const [i, m] of p.memberships.entries()) {
      const term = m.term === null ? null : (p.terms[m.term] as PTerm);
      const at = this.ts(m.startDay ?? term?.startDay ?? p.rangeStart);
      await this.add('memberships', [
        this.id('memberships', i + 1),
        this.id('persons', m.person),
        this.id('organizations', m.org + 1),
        m.term === null ? null : this.id('legislative_terms', m.term + 1),
        m.role,
        m.roleLabel,
        m.votingRight,
        m.appointedCitizen,
        m.onBehalfOf === null ? null : this.id('organizations', m.onBehalfOf + 1),
        this.opt('persons', m.deputyOf),
        m.startDay === null ? null : isoDay(m.startDay),
        m.endDay === null ? null : isoDay(m.endDay),
        at,
        at,
      ]);
    }
    await this.writer.flush(['memberships']);
    this.progress('Mitgliedschaften', p.memberships.length, p.memberships.length);
    const at = this.ts(p.rangeStart - 1);
    for (const [i, l] of p.locations.entries()) {
      await this.add('locations', [
        this.id('locations', i + 1),
        this.bodyId,
        l.name,
        l.street,
        l.postalCode,
        CITY_NAME,
        JSON.stringify({ type: 'Point', coordinates: [l.lon, l.lat] }),
        at,
        at,
      ]);
    }
    await this.writer.flush(['locations']);
    for (const [i, l] of p.locations.entries()) {
      for (const room of l.rooms) {
        await this.add('rooms', [
          this.id('rooms', room.id),
          this.id('locations', i + 1),
          room.name,
          room.description,
          at,
          at,
        ]);
      }
    }
    await this.writer.flush(['rooms']);
  }

  // --- files and papers --------------------------------------------------------------------------------

  private async writeFiles() {
    const p = this.plan;
    for (const [i, file] of p.files.entries()) {
      const r = Random.for(this.seed, 'file', i + 1);
      let title: string;
      let lines: string[];
      let day: number;
      if (file.paper) {
        const paper = p.papers[file.paper - 1] as PPaper;
        day = paper.day;
        title = `${file.name.replace(/^Anlage \d+ – /, '')} zur Vorlage ${paper.reference}`;
        const facts = paper.topic?.facts ?? [];
        lines =
          file.kind === 'costs'
            ? [
                paper.title,
                '',
                'Kostenschätzung nach DIN 276',
                `Kostengruppe 300 Bauwerk – Baukonstruktionen: ${euro(r.int(10, 900) * 1000)}`,
                `Kostengruppe 400 Bauwerk – Technische Anlagen: ${euro(r.int(5, 400) * 1000)}`,
                `Kostengruppe 700 Baunebenkosten: ${euro(r.int(5, 200) * 1000)}`,
                paper.topic?.cost ? `Gesamtkosten: ${euro(paper.topic.cost)}` : 'Gesamtkosten: siehe Vorlage',
              ]
            : [paper.title, '', ...facts.flatMap((f) => wrap(f)), '', `Stadt ${CITY_NAME}, ${germanDay(paper.day)}`];
      } else {
        const item = p.items[file.item - 1] as PItem;
        const meeting = p.meetings[item.meeting - 1] as PMeeting;
        const paper = p.papers[item.paper - 1] as PPaper;
        day = meeting.day;
        title = `Präsentation zu TOP ${item.number}: ${paper.title}`;
        lines = [
          `${(p.orgs[meeting.org] as POrg).name}, Sitzung am ${germanDay(meeting.day)}`,
          '',
          '• Ausgangslage',
          ...(paper.topic?.facts ?? []).flatMap((f) => wrap(`  ${f}`)),
          '• Vorschlag der Verwaltung',
          '• Zeitplan und nächste Schritte',
        ];
      }
      const text = [title, ...lines].join('\n');
      const content = file.mimeType === 'application/pdf' ? simplePdf(title, lines) : new TextEncoder().encode(text);
      const at = this.ts(day, 8 * 60);
      await this.add('files', [
        this.id('files', i + 1),
        this.bodyId,
        file.name,
        file.fileName,
        file.mimeType,
        content.byteLength,
        createHash('sha256').update(content).digest('hex'),
        content,
        text,
        at,
        at,
      ]);
    }
    await this.writer.flush(['files']);
    this.progress('Dateien', p.files.length, p.files.length);
  }

  private decider(paper: PPaper): POrg {
    const last = paper.steps[paper.steps.length - 1];
    return this.plan.orgs[last?.org ?? this.plan.council] as POrg;
  }

  private async writePapers() {
    const p = this.plan;
    const counters = new Map<string, [number, number, number]>();
    for (const [i, paper] of p.papers.entries()) {
      const r = Random.for(this.seed, 'paper-text', i + 1);
      const faction = paper.originator === null ? undefined : (p.orgs[paper.originator] as POrg).name;
      const text = paperText(r, {
        kind: paper.type,
        topic: paper.topic ?? undefined,
        motion: paper.motion ?? undefined,
        title: paper.title,
        decider: this.decider(paper).nominative ?? this.decider(paper).name,
        faction,
        year: paper.year,
      });
      const created = this.ts(paper.day, 8 * 60);
      let modifiedDay = paper.day;
      for (const step of paper.steps) {
        if (!step.item) continue;
        const meeting = p.meetings[(p.items[step.item - 1] as PItem).meeting - 1] as PMeeting;
        if (meeting.state !== 'planned' && meeting.state !== 'invited')
          modifiedDay = Math.max(modifiedDay, meeting.day);
      }
      await this.add('papers', [
        this.id('papers', i + 1),
        this.bodyId,
        this.id('organizations', paper.office + 1),
        paper.year,
        paper.number,
        paper.reference,
        paper.type,
        paper.title,
        text,
        isoDay(paper.day),
        paper.originator === null ? null : this.id('organizations', paper.originator + 1),
        paper.public,
        created,
        this.ts(modifiedDay, modifiedDay === paper.day ? 8 * 60 : 20 * 60),
      ]);
      counters.set(`${paper.office}|${paper.year}`, [paper.office, paper.year, paper.number]);
      if ((i + 1) % 20_000 === 0) this.progress('Vorlagen', i + 1, p.papers.length);
    }
    await this.writer.flush(['papers']);
    this.progress('Vorlagen', p.papers.length, p.papers.length);
    for (const [office, year, last] of counters.values()) {
      await this.add('paper_number_counters', [this.id('organizations', office + 1), year, last]);
    }
    for (const [i, paper] of p.papers.entries()) {
      for (const [k, file] of paper.files.entries()) {
        await this.add('paper_files', [this.id('papers', i + 1), this.id('files', file), k + 1]);
      }
    }
    await this.writer.flush(['paper_number_counters', 'paper_files']);
  }

  // --- meetings ---------------------------------------------------------------------------------------

  private async writeMeetings() {
    const total = this.plan.meetings.length;
    for (let start = 0; start < total; start += MEETING_CHUNK) {
      const end = Math.min(total, start + MEETING_CHUNK);
      for (let i = start; i < end; i++) this.meetingRows(i + 1);
      await this.writer.flush(MEETING_TABLES);
      this.progress('Sitzungen', end, total);
    }
  }

  private memberOn(m: PMembership, day: number): boolean {
    const term = m.term === null ? null : (this.plan.terms[m.term] as PTerm);
    const start = m.startDay ?? term?.startDay ?? Number.NEGATIVE_INFINITY;
    const end = m.endDay ?? term?.endDay ?? Number.POSITIVE_INFINITY;
    return start <= day && day <= end;
  }

  private person(id: number): PPerson {
    return this.plan.persons[id - 1] as PPerson;
  }

  /** "Frau Dr. Schmitz", "Herrn Weber" (dative), "Kim Meyer" without a form of address. */
  private name(id: number, dative = false): string {
    const p = this.person(id);
    if (!p.formOfAddress) return [p.title, p.givenName, p.familyName].filter(Boolean).join(' ');
    const address = p.formOfAddress === 'Herr' && dative ? 'Herrn' : p.formOfAddress;
    return [address, p.title, p.familyName].filter(Boolean).join(' ');
  }

  private factionShort(org: number | null): string {
    if (org === null) return '';
    const f = this.plan.orgs[org] as POrg;
    return f.shortName ?? f.name;
  }

  /** How the minutes name a member: "Ratsfrau Dr. Schmitz (GRÜNE)". */
  private memberLabel(a: Attendee, def: GremiumDef): string {
    const p = this.person(a.person);
    const female = p.gender === 'female';
    const family = [p.title, p.familyName].filter(Boolean).join(' ');
    const faction = a.faction === null ? '' : ` (${this.factionShort(a.faction)})`;
    if (!p.formOfAddress) return `${this.name(a.person)}${faction}`;
    if (def.type === 'district') return `${female ? 'Bezirksvertreterin' : 'Bezirksvertreter'} ${family}${faction}`;
    if (a.appointedCitizen) return `${female ? 'sachkundige Bürgerin' : 'sachkundiger Bürger'} ${family}${faction}`;
    if (p.councillor) return `${female ? 'Ratsfrau' : 'Ratsherr'} ${family}${faction}`;
    return `${this.name(a.person)}${faction}`;
  }

  private staffLabel(a: Attendee): string {
    const p = this.person(a.person);
    const family = [p.title, p.familyName].filter(Boolean).join(' ');
    if (p.officeTitle) {
      const short = p.officeTitle.replace(/ für .*$/, '');
      return `${short} ${family}`;
    }
    return a.function ? `${this.name(a.person)} (${a.function})` : this.name(a.person);
  }

  /** The attendance list of a held meeting. */
  private attendance(meeting: PMeeting, r: Random): Attendee[] {
    const p = this.plan;
    const def = (p.orgs[meeting.org] as POrg).def as GremiumDef;
    const list = (p.membershipsByGremiumTerm.get(`${meeting.org}|${meeting.term}`) ?? [])
      .map((i) => p.memberships[i] as PMembership)
      .filter((m) => this.memberOn(m, meeting.day));
    const seen = new Set<number>();
    const present: Attendee[] = [];
    const away: Attendee[] = [];
    const add = (target: Attendee[], a: Attendee) => {
      if (seen.has(a.person)) return;
      seen.add(a.person);
      target.push(a);
    };
    const seats = list.filter((m) => ['chair', 'vice_chair', 'member'].includes(m.role));
    const chair = seats.find((m) => m.role === 'chair') ?? seats.find((m) => m.role === 'vice_chair');
    const chairAttendee: Attendee | undefined = chair
      ? {
          person: chair.person,
          role: 'chair',
          status: 'present',
          votingRight: chair.votingRight,
          substituteFor: null,
          function: chair.roleLabel,
          faction: chair.onBehalfOf,
          appointedCitizen: chair.appointedCitizen,
        }
      : undefined;
    if (chairAttendee) seen.add(chairAttendee.person);
    const deputies = new Map<number, PMembership>();
    for (const m of list) if (m.role === 'deputy_member' && m.deputyOf !== null) deputies.set(m.deputyOf, m);
    const presence = def.type === 'council' ? 0.9 : 0.87;
    for (const m of seats) {
      if (m.person === chair?.person) continue;
      const x = r.next();
      const status = x < presence ? 'present' : x < 0.985 ? 'excused' : 'absent';
      const attendee: Attendee = {
        person: m.person,
        role: 'member',
        status,
        votingRight: m.votingRight,
        substituteFor: null,
        function: null,
        faction: m.onBehalfOf,
        appointedCitizen: m.appointedCitizen,
      };
      if (status === 'present') {
        add(present, attendee);
        continue;
      }
      add(away, attendee);
      const deputy = deputies.get(m.person);
      if (deputy && !seen.has(deputy.person) && r.chance(0.75)) {
        add(present, {
          person: deputy.person,
          role: 'substitute',
          status: 'present',
          votingRight: true,
          substituteFor: m.person,
          function: null,
          faction: deputy.onBehalfOf ?? m.onBehalfOf,
          appointedCitizen: deputy.appointedCitizen,
        });
      }
    }
    present.sort((a, b) => {
      const pa = this.person(a.person);
      const pb = this.person(b.person);
      return pa.familyName.localeCompare(pb.familyName, 'de') || a.person - b.person;
    });
    const advisory: Attendee[] = [];
    for (const m of list.filter((x) => x.role === 'advisory_member')) {
      add(r.chance(0.8) ? advisory : away, {
        person: m.person,
        role: 'advisory_member',
        status: 'present',
        votingRight: false,
        substituteFor: null,
        function: null,
        faction: m.onBehalfOf,
        appointedCitizen: m.appointedCitizen,
      });
    }
    for (const a of away) if (a.role === 'advisory_member') a.status = 'excused';
    // Administration: the secretary, the responsible Beigeordnete, the head of the office in charge.
    const admin: Attendee[] = [];
    const staff = p.staff[meeting.term] as CityPlan['staff'][number];
    const secretary = list.find((m) => m.role === 'secretary');
    const adminAttendee = (person: number, fn: string | null): Attendee => ({
      person,
      role: 'administration',
      status: 'present',
      votingRight: false,
      substituteFor: null,
      function: fn,
      faction: null,
      appointedCitizen: false,
    });
    if (secretary)
      add(admin, adminAttendee(secretary.person, this.female(secretary.person) ? 'Schriftführerin' : 'Schriftführer'));
    const responsible = DEPUTY_MAYORS.map((d, i) => [d, staff.deputies[i]] as const).filter(
      ([d]) => def.type === 'council' || d.domains.some((x) => def.domains.includes(x)),
    );
    for (const [, person] of responsible.slice(0, def.type === 'council' ? 7 : 1)) {
      if (person) add(admin, adminAttendee(person, this.person(person).officeTitle));
    }
    if (def.type !== 'council') {
      for (const [office, head] of staff.officeHeads) {
        const o = p.orgs[office] as POrg;
        if (!o.office?.domains.some((x) => def.domains.includes(x))) continue;
        add(admin, adminAttendee(head, `${this.female(head) ? 'Leiterin' : 'Leiter'} ${o.office.genitive}`));
        break;
      }
    }
    const guests: Attendee[] = [];
    if (r.chance(0.05) && p.guests.length > 0) {
      const g = r.pick(p.guests);
      add(guests, { ...adminAttendee(g.person, g.function), role: 'guest' });
    }
    return [...(chairAttendee ? [chairAttendee] : []), ...present, ...advisory, ...away, ...admin, ...guests];
  }

  private female(person: number): boolean {
    return this.person(person).gender === 'female';
  }

  private meetingRows(meetingLocalId: number) {
    const p = this.plan;
    const meeting = p.meetings[meetingLocalId - 1] as PMeeting;
    const org = p.orgs[meeting.org] as POrg;
    const def = org.def as GremiumDef;
    const term = p.terms[meeting.term] as PTerm;
    const r = Random.for(this.seed, 'meeting-rows', meetingLocalId);
    const meetingId = this.id('meetings', meetingLocalId);
    const held = meeting.state === 'held' || meeting.state === 'minutes_drafted' || meeting.state === 'minutes_signed';
    const startAt = berlinInstant(meeting.day, meeting.startMinutes);
    const duration = Math.min(300, 25 + 7 * meeting.itemCount + r.int(0, 30));
    const endMinutes = meeting.startMinutes + duration;
    const endAt = held ? berlinInstant(meeting.day, endMinutes) : null;
    const list = (p.membershipsByGremiumTerm.get(`${meeting.org}|${meeting.term}`) ?? []).map(
      (i) => p.memberships[i] as PMembership,
    );
    const secretary = list.find((m) => m.role === 'secretary' && this.memberOn(m, meeting.day));
    const attendees = held ? this.attendance(meeting, r) : [];
    const chair = attendees.find((a) => a.role === 'chair');
    const items = p.items.slice(meeting.firstItem - 1, meeting.firstItem - 1 + meeting.itemCount);
    const hasNonPublic = items.some((i) => !i.public);

    const created = this.ts(Math.min(meeting.day - 35, p.asOfDay - 1), 10 * 60);
    let modifiedDay = Math.min(meeting.day - 35, p.asOfDay - 1);
    let modifiedMinutes = 10 * 60;
    if (meeting.invitationDay !== null) modifiedDay = meeting.invitationDay;
    if (held) {
      modifiedDay = meeting.day;
      modifiedMinutes = endMinutes;
    }
    if (meeting.minutesDay !== null) {
      modifiedDay = meeting.minutesDay;
      modifiedMinutes = 12 * 60;
    }
    const modified = this.ts(modifiedDay, modifiedMinutes);
    const chairName = chair ? this.person(chair.person) : undefined;
    const chairNoun = chairName?.gender === 'female' ? 'Die Vorsitzende' : 'Der Vorsitzende';
    this.writer.add('meetings', [
      meetingId,
      this.bodyId,
      this.id('organizations', meeting.org + 1),
      meeting.state,
      meeting.cancelled,
      startAt,
      endAt,
      this.id('locations', meeting.location + 1),
      this.id('rooms', meeting.room),
      meeting.invitationDay === null ? null : isoDay(meeting.invitationDay),
      false,
      meeting.supplementDay === null ? null : isoDay(meeting.supplementDay),
      meeting.minutesDay === null ? null : CITY_NAME,
      meeting.minutesDay === null ? null : isoDay(meeting.minutesDay),
      secretary ? this.id('persons', secretary.person) : null,
      held && hasNonPublic
        ? `${chairNoun} stellt die Nichtöffentlichkeit der Sitzung her. Die Zuhörerinnen und Zuhörer verlassen den Saal.`
        : null,
      1,
      // Signed minutes are published when signed (migration 0017), as they were before.
      meeting.state === 'minutes_signed'
        ? meeting.minutesDay !== null
          ? berlinInstant(meeting.minutesDay, 12 * 60)
          : modified
        : null,
      created,
      modified,
    ]);
    if (meeting.itemCount === 0) return;

    const endTs = endAt ?? startAt;
    attendees.forEach((a, index) => {
      this.writer.add('attendance', [
        this.newId('attendance'),
        meetingId,
        this.id('persons', a.person),
        a.role,
        a.status,
        a.votingRight,
        this.opt('persons', a.substituteFor),
        a.function,
        null,
        null,
        index + 1,
        endTs,
        endTs,
      ]);
    });
    const voters = attendees.filter((a) => a.status === 'present' && a.votingRight);
    const context = new MeetingContext(this, meeting, def, term, attendees, r);
    const itemCreated = created;
    let rapporteurDone = false;
    for (const [k, item] of items.entries()) {
      const itemLocalId = meeting.firstItem + k;
      const itemId = this.id('agenda_items', itemLocalId);
      const content = context.item(item);
      this.writer.add('agenda_items', [
        itemId,
        meetingId,
        this.opt('agenda_items', item.parent),
        item.number,
        item.position,
        item.public,
        content.title,
        content.subtitle,
        this.opt('papers', item.paper),
        item.supplement,
        held ? content.minutes : null,
        held ? content.resolutionKind : null,
        held ? content.resolutionText : null,
        1,
        item.supplement && meeting.supplementDay !== null ? this.ts(meeting.supplementDay) : itemCreated,
        modified,
      ]);
      if (!held) continue;
      if (item.attachment) {
        this.writer.add('agenda_item_attachments', [itemId, this.id('files', item.attachment), 'Anlage 1', 1]);
      }
      let itemVoters = voters;
      if (content.vote && voters.length > 2 && r.chance(0.003)) {
        const candidates = voters.filter((v) => v.role !== 'chair');
        const biased = r.pick(candidates);
        itemVoters = voters.filter((v) => v !== biased);
        this.writer.add('conflicts', [
          itemId,
          this.id('persons', biased.person),
          'Befangenheit nach § 31 GO NRW; an Beratung und Abstimmung nicht beteiligt.',
          endTs,
          endTs,
        ]);
      }
      if (content.vote) this.writeVotes(itemId, content.vote, itemVoters, def, term, endTs, r);
      if (content.addendum) {
        this.writer.add('addenda', [
          this.newId('addenda'),
          itemId,
          1,
          'Ergänzende Antwort zur Niederschrift',
          content.addendum,
          this.ts(meeting.minutesDay ?? meeting.day + 7, 11 * 60),
          this.ts(meeting.minutesDay ?? meeting.day + 7, 11 * 60),
        ]);
      }
      if (!rapporteurDone && content.toCouncil && (def.type === 'committee' || def.type === 'main') && r.chance(0.25)) {
        const reporter = voters.find((v) => v.role === 'member' && v.faction !== null);
        if (reporter) {
          rapporteurDone = true;
          this.writer.add('rapporteurs', [
            meetingId,
            this.id('persons', reporter.person),
            this.id('organizations', p.council + 1),
            this.opt('organizations', reporter.faction === null ? null : reporter.faction + 1),
            itemId,
          ]);
        }
      }
    }
    if (meeting.state === 'minutes_signed' && meeting.minutesDay !== null) {
      const signedAt = berlinInstant(meeting.minutesDay, 12 * 60);
      if (chair)
        this.writer.add('minutes_signatures', [meetingId, 'chair', this.id('persons', chair.person), signedAt, 1]);
      if (secretary) {
        this.writer.add('minutes_signatures', [
          meetingId,
          'secretary',
          this.id('persons', secretary.person),
          signedAt,
          2,
        ]);
      }
    }
  }

  private writeVotes(
    itemId: number,
    plan: VotePlan,
    voters: Attendee[],
    def: GremiumDef,
    term: PTerm,
    at: string,
    r: Random,
  ) {
    const subjects = plan.amendment ? [plan.amendment, 'Beschlussvorschlag in der geänderten Fassung'] : [null];
    subjects.forEach((subject, index) => {
      const voteId = this.newId('votes');
      if (plan.kind === 'noted') {
        this.writer.add('votes', [
          voteId,
          itemId,
          index + 1,
          subject,
          'open',
          null,
          null,
          null,
          false,
          'noted',
          at,
          at,
        ]);
        return;
      }
      // Each faction votes as a block, with the odd dissenter.
      const stance = new Map<number | null, VoteChoice>();
      const factions = [...new Set(voters.map((v) => v.faction))];
      const pattern = index === 0 && plan.amendment ? 'amendment' : plan.kind;
      const coalition = (f: number | null) => f === null || term.coalition.has(f);
      const x = r.next();
      for (const f of factions) {
        let choice: VoteChoice = 'yes';
        switch (pattern) {
          case 'unanimous':
            choice = 'yes';
            break;
          case 'proposal':
            if (x < 0.55) choice = 'yes';
            else if (x < 0.96)
              choice = coalition(f)
                ? 'yes'
                : r.weighted([
                    ['yes', 5],
                    ['no', 3],
                    ['abstain', 2],
                  ]);
            else
              choice = coalition(f)
                ? 'no'
                : r.weighted([
                    ['yes', 2],
                    ['no', 5],
                    ['abstain', 3],
                  ]);
            break;
          case 'motion': {
            const own = f === plan.originator;
            const friendly = plan.originator !== null && term.coalition.has(plan.originator);
            if (own) choice = 'yes';
            else if (friendly)
              choice = coalition(f)
                ? 'yes'
                : r.weighted([
                    ['yes', 4],
                    ['no', 3],
                    ['abstain', 3],
                  ]);
            else if (x < 0.2)
              choice = r.weighted([
                ['yes', 7],
                ['abstain', 3],
              ]);
            else
              choice = coalition(f)
                ? 'no'
                : r.weighted([
                    ['yes', 5],
                    ['no', 2],
                    ['abstain', 3],
                  ]);
            break;
          }
          case 'amendment':
            choice =
              plan.originator !== null && f === plan.originator
                ? 'yes'
                : coalition(f)
                  ? 'no'
                  : r.pick(['yes', 'abstain', 'no'] as const);
            break;
        }
        stance.set(f, choice);
      }
      const ballots: [number, VoteChoice][] = [];
      const byFaction = new Map<number, { yes: number; no: number; abstain: number }>();
      const counts = { yes: 0, no: 0, abstain: 0 };
      for (const v of voters) {
        let choice = stance.get(v.faction) ?? 'yes';
        if (pattern !== 'unanimous' && r.chance(0.02)) choice = choice === 'yes' ? 'abstain' : 'yes';
        if (pattern === 'unanimous' && plan.abstainers > 0 && ballots.length < plan.abstainers && v.role !== 'chair') {
          choice = 'abstain';
        }
        counts[choice] += 1;
        ballots.push([v.person, choice]);
        if (v.faction !== null) {
          const entry = byFaction.get(v.faction) ?? { yes: 0, no: 0, abstain: 0 };
          entry[choice] += 1;
          byFaction.set(v.faction, entry);
        }
      }
      const decision = decideVote(counts);
      const unanimous = decision.unanimous;
      const council = def.type === 'council';
      const method = council && r.chance(0.004) ? 'roll_call' : council && r.chance(0.002) ? 'secret' : 'open';
      // "einstimmig" is often recorded without numbers.
      const withoutCounts = method === 'open' && unanimous && counts.abstain === 0 && r.chance(0.6);
      this.writer.add('votes', [
        voteId,
        itemId,
        index + 1,
        subject,
        method,
        withoutCounts ? null : counts.yes,
        withoutCounts ? null : counts.no,
        withoutCounts ? null : counts.abstain,
        unanimous,
        decision.outcome,
        at,
        at,
      ]);
      if (!withoutCounts && method !== 'secret' && !(pattern === 'unanimous' && counts.abstain === 0)) {
        for (const [faction, c] of [...byFaction.entries()].sort((a, b) => a[0] - b[0])) {
          this.writer.add('vote_faction_results', [
            voteId,
            this.id('organizations', faction + 1),
            c.yes,
            c.no,
            c.abstain,
          ]);
        }
      }
      if (method === 'roll_call') {
        for (const [person, choice] of ballots)
          this.writer.add('vote_ballots', [voteId, this.id('persons', person), choice]);
      }
    });
  }

  // --- consultations ------------------------------------------------------------------------------------

  private async writeConsultations() {
    const p = this.plan;
    for (const [i, paper] of p.papers.entries()) {
      const created = this.ts(paper.day, 8 * 60);
      for (const [k, step] of paper.steps.entries()) {
        let status = 'open';
        let modified = created;
        if (step.item) {
          const meeting = p.meetings[(p.items[step.item - 1] as PItem).meeting - 1] as PMeeting;
          if (meeting.state === 'held' || meeting.state === 'minutes_drafted' || meeting.state === 'minutes_signed') {
            status = step.role === 'decision' ? 'decided' : step.role === 'preliminary' ? 'recommended' : 'noted';
            modified = berlinInstant(meeting.day, 20 * 60);
          }
        } else if (paper.written && paper.day < p.asOfDay - 30) {
          status = 'noted';
        }
        await this.add('consultations', [
          this.newId('consultations'),
          this.id('papers', i + 1),
          this.id('organizations', step.org + 1),
          k + 1,
          step.role,
          this.opt('agenda_items', step.item),
          status,
          created,
          modified,
        ]);
      }
    }
    await this.writer.flush(['consultations']);
    this.progress('Beratungen', this.next.consultations ?? 0, this.next.consultations ?? 0);
  }

  // --- helpers for MeetingContext ---------------------------------------------------------------------------

  get planData(): CityPlan {
    return this.plan;
  }
  labelMember(a: Attendee, def: GremiumDef) {
    return this.memberLabel(a, def);
  }
  labelStaff(a: Attendee) {
    return this.staffLabel(a);
  }
  nameOf(person: number, dative = false) {
    return this.name(person, dative);
  }
  seedValue() {
    return this.seed;
  }
}

interface VotePlan {
  kind: 'unanimous' | 'proposal' | 'motion' | 'noted';
  originator: number | null;
  /** Abstentions in an otherwise unanimous vote (approval of the minutes). */
  abstainers: number;
  /** Subject of an amendment voted on first. */
  amendment: string | null;
}

interface ItemContent {
  title: string;
  subtitle: string | null;
  minutes: string | null;
  resolutionKind: 'decision' | 'recommendation' | 'notice' | null;
  resolutionText: string | null;
  vote: VotePlan | null;
  addendum: string | null;
  /** The item recommends a resolution to the council. */
  toCouncil: boolean;
}

const QUESTIONS = [
  'fragt nach dem Zeitplan für die Umsetzung',
  'regt an, die Anwohnerinnen und Anwohner frühzeitig zu beteiligen',
  'kritisiert die gestiegenen Kosten',
  'bittet darum, regelmäßig über den Sachstand unterrichtet zu werden',
  'erkundigt sich nach möglichen Fördermitteln',
  'begrüßt die Vorlage ausdrücklich',
  'hält die vorgeschlagenen Maßnahmen für nicht ausreichend',
  'fragt, wie die Barrierefreiheit sichergestellt wird',
  'weist auf die angespannte Haushaltslage hin',
  'bittet um eine Darstellung der Folgekosten',
];

const ANSWERS = [
  'mit dem Beginn der Arbeiten im kommenden Frühjahr gerechnet wird',
  'die Fördermittel bereits beantragt sind',
  'die Verwaltung zur nächsten Sitzung schriftlich berichten wird',
  'die Kosten auf einer aktuellen Kostenberechnung beruhen',
  'die Anregung im weiteren Verfahren geprüft wird',
  'die Folgekosten im Haushalt der kommenden Jahre berücksichtigt sind',
];

/** Per meeting: the texts of its items, from its attendance. */
class MeetingContext {
  private readonly members: Attendee[];
  private readonly admin: Attendee[];
  private readonly orgNominative: string;
  private readonly plan: CityPlan;
  private readonly held: boolean;
  private substitutes: string[] = [];
  private excused: string[] = [];
  private chairText = { label: 'Der Vorsitzende', pronoun: 'Er' };

  constructor(
    private readonly w: CityWriter,
    private readonly meeting: PMeeting,
    private readonly def: GremiumDef,
    private readonly term: PTerm,
    attendees: Attendee[],
    private readonly r: Random,
  ) {
    this.plan = w.planData;
    this.members = attendees.filter((a) => a.status === 'present' && (a.role === 'member' || a.role === 'substitute'));
    this.admin = attendees.filter((a) => a.role === 'administration');
    this.orgNominative = (this.plan.orgs[meeting.org] as POrg).nominative ?? def.name;
    this.held = meeting.state === 'held' || meeting.state === 'minutes_drafted' || meeting.state === 'minutes_signed';
    this.setAttendance(attendees);
  }

  private speaker(): string {
    if (this.members.length === 0) return 'Ein Mitglied';
    return this.w.labelMember(this.r.pick(this.members), this.def);
  }

  private staff(): string {
    const expert = this.admin.filter((a) => !/Schriftführer/.test(a.function ?? ''));
    if (expert.length === 0) return 'Die Verwaltung';
    return this.w.labelStaff(this.r.pick(expert));
  }

  private discussion(opening: string): string {
    const paragraphs = [opening];
    const n = this.r.int(0, 2);
    for (let i = 0; i < n; i++) paragraphs.push(`${capitalize(this.speaker())} ${this.r.pick(QUESTIONS)}.`);
    if (n > 0) paragraphs.push(`${capitalize(this.staff())} antwortet, dass ${this.r.pick(ANSWERS)}.`);
    return paragraphs.join('\n\n');
  }

  private context(): TopicContext {
    const district = this.def.type === 'district' ? this.def.name.replace('Bezirksvertretung ', '') : null;
    return { year: Number(isoDay(this.meeting.day).slice(0, 4)), district };
  }

  private domain(): Domain {
    return this.r.pick(this.def.domains);
  }

  private factionName(org: number | null): string {
    return org === null ? 'Fraktion' : (this.plan.orgs[org] as POrg).name;
  }

  item(item: PItem): ItemContent {
    const r = this.r;
    const plan = this.plan;
    const none: ItemContent = {
      title: '',
      subtitle: null,
      minutes: null,
      resolutionKind: null,
      resolutionText: null,
      vote: null,
      addendum: null,
      toCouncil: false,
    };
    const previous = this.meeting.previous ? (plan.meetings[this.meeting.previous - 1] as PMeeting) : undefined;
    const previousDate = previous ? germanDay(previous.day) : '';
    const unanimous = (abstainers = 0): VotePlan => ({
      kind: 'unanimous',
      originator: null,
      abstainers,
      amendment: null,
    });
    switch (item.kind) {
      case 'opening': {
        return {
          ...none,
          title:
            this.def.type === 'council'
              ? 'Eröffnung der Sitzung, Feststellung der ordnungsgemäßen Einberufung und der Beschlussfähigkeit'
              : 'Eröffnung der Sitzung und Feststellung der Beschlussfähigkeit',
          minutes: this.held ? this.openingText() : null,
        };
      }
      case 'agenda':
        return {
          ...none,
          title: 'Feststellung der Tagesordnung',
          minutes:
            this.meeting.supplementDay !== null
              ? 'Die Tagesordnung wird um den Nachtrag ergänzt und in dieser Fassung einstimmig festgestellt.'
              : 'Die Tagesordnung wird in der vorliegenden Fassung festgestellt.',
        };
      case 'approval':
      case 'npApproval': {
        const part = item.kind === 'npApproval' ? ' (nicht öffentlicher Teil)' : '';
        return {
          ...none,
          title: `Genehmigung der Niederschrift${part} über die Sitzung vom ${previousDate}`,
          minutes: `Einwendungen gegen die Niederschrift${part} werden nicht erhoben.`,
          resolutionKind: 'decision',
          resolutionText: `Die Niederschrift${part} über die Sitzung vom ${previousDate} wird genehmigt.`,
          vote: unanimous(r.chance(0.3) ? r.int(1, 2) : 0),
        };
      }
      case 'residents': {
        const asked = r.chance(0.4);
        return {
          ...none,
          title: 'Einwohnerfragestunde',
          minutes: asked
            ? `Eine Einwohnerin fragt nach dem Thema „${inquiryTitle(r, this.domain(), this.context())}“. ${capitalize(this.staff())} sagt eine schriftliche Beantwortung zu.`
            : 'Es liegen keine Fragen von Einwohnerinnen und Einwohnern vor.',
        };
      }
      case 'groupMotions':
        return { ...none, title: this.def.type === 'council' ? 'Anträge der Fraktionen' : 'Anträge' };
      case 'groupNotices':
        return { ...none, title: 'Mitteilungen der Verwaltung' };
      case 'groupMixed':
        return { ...none, title: 'Mitteilungen und Anfragen' };
      case 'groupInquiries':
        return { ...none, title: 'Anfragen' };
      case 'npNotice': {
        const topic = nonPublicTopic(r, this.domain(), this.context());
        return {
          ...none,
          title: 'Mitteilungen der Verwaltung (nicht öffentlich)',
          minutes: `${capitalize(this.staff())} informiert über folgende Angelegenheit: ${topic.title}.`,
        };
      }
      default:
        break;
    }
    if (item.paper) return this.paperItem(item);
    // Items without a paper.
    switch (item.kind) {
      case 'main': {
        const subject = inquiryTitle(r, this.domain(), this.context());
        return {
          ...none,
          title: `Bericht der Verwaltung: ${subject}`,
          minutes: this.discussion(`${capitalize(this.staff())} berichtet zum Thema „${subject}“.`),
        };
      }
      case 'np': {
        const topic = nonPublicTopic(r, this.domain(), this.context());
        return {
          ...none,
          title: `Mitteilung (nicht öffentlich): ${topic.title}`,
          minutes: `${capitalize(this.staff())} berichtet. ${topic.facts.join(' ')}`,
        };
      }
      case 'motion': {
        const factions = [...this.term.factionSeats.keys()];
        const faction = factions.length > 0 ? r.pick(factions) : null;
        const m = makeMotion(r, this.domain(), this.context());
        return {
          ...none,
          title: `Dringlichkeitsantrag der ${this.factionName(faction)}: ${m.title}`,
          minutes: this.discussion(`Die ${this.factionName(faction)} begründet ihren Dringlichkeitsantrag.`),
          resolutionKind: 'decision',
          resolutionText: `${this.orgNominative} beauftragt die Verwaltung, ${m.action}.`,
          vote: { kind: 'motion', originator: faction, abstainers: 0, amendment: null },
        };
      }
      case 'notice': {
        const subject = inquiryTitle(r, this.domain(), this.context());
        return {
          ...none,
          title: `Mündliche Mitteilung: ${subject}`,
          minutes: `${capitalize(this.staff())} teilt mit, dass ${r.pick(ANSWERS)}.`,
        };
      }
      default: {
        const subject = inquiryTitle(r, this.domain(), this.context());
        return {
          ...none,
          title: `Mündliche Anfrage: ${subject}`,
          minutes: `${capitalize(this.speaker())} fragt nach dem Sachstand. ${capitalize(this.staff())} sagt eine Antwort zur nächsten Sitzung zu.`,
        };
      }
    }
  }

  private openingText(): string {
    const excused = this.excused;
    const parts = [
      `${this.chairLabel()} eröffnet die Sitzung um ${clockText(this.meeting.startMinutes)} Uhr und begrüßt die Anwesenden.`,
      `${this.chairPronoun()} stellt fest, dass form- und fristgerecht eingeladen wurde und ${this.bodyNoun()} beschlussfähig ist.`,
    ];
    if (excused.length > 0) parts.push(`Entschuldigt: ${excused.join(', ')}.`);
    for (const s of this.substitutes) parts.push(s);
    return parts.join('\n\n');
  }

  /** The chair, the excused members and the substitutions, as the opening item names them. */
  private setAttendance(attendees: Attendee[]) {
    const chair = attendees.find((a) => a.role === 'chair');
    if (chair) {
      const p = this.plan.persons[chair.person - 1] as PPerson;
      const female = p.gender === 'female';
      const office = chair.function ?? (female ? 'Die Vorsitzende' : 'Der Vorsitzende');
      const article = /^(Die|Der) /.test(office) ? '' : female ? 'Die ' : 'Der ';
      this.chairText = {
        label: `${article}${office}, ${this.w.nameOf(chair.person)},`,
        pronoun: female ? 'Sie' : p.gender === 'male' ? 'Er' : 'Die Sitzungsleitung',
      };
    }
    this.excused = attendees
      .filter((a) => a.status !== 'present' && a.role === 'member')
      .map((a) => this.w.nameOf(a.person));
    this.substitutes = attendees
      .filter((a) => a.role === 'substitute' && a.substituteFor !== null)
      .map((a) => `${this.w.nameOf(a.person)} vertritt ${this.w.nameOf(a.substituteFor as number, true)}.`);
  }

  private chairLabel() {
    return this.chairText.label;
  }
  private chairPronoun() {
    return this.chairText.pronoun;
  }
  private bodyNoun(): string {
    switch (this.def.type) {
      case 'council':
        return 'der Rat';
      case 'district':
        return 'die Bezirksvertretung';
      case 'advisory':
        return this.orgNominative.replace(/^(Der|Die|Das)/, (m) => m.toLowerCase());
      default:
        return 'der Ausschuss';
    }
  }

  private paperItem(item: PItem): ItemContent {
    const plan = this.plan;
    const r = this.r;
    const paper = plan.papers[item.paper - 1] as PPaper;
    const step = paper.steps[item.step];
    const next = paper.steps[item.step + 1];
    const previousStep = item.step > 0 ? paper.steps[item.step - 1] : undefined;
    let subtitle: string | null = null;
    if (paper.type === 'Antrag' || paper.type === 'Anfrage') {
      subtitle = `hier: ${paper.type} der ${this.factionName(paper.originator)} vom ${germanDay(paper.day)}`;
    } else if (previousStep?.item) {
      const prevMeeting = plan.meetings[(plan.items[previousStep.item - 1] as PItem).meeting - 1] as PMeeting;
      const prevOrg = plan.orgs[previousStep.org] as POrg;
      if (prevMeeting.day < this.meeting.day) {
        subtitle = `hier: Empfehlung ${prevOrg.genitive ?? prevOrg.name} vom ${germanDay(prevMeeting.day)}`;
      }
    }
    const base: ItemContent = {
      title: paper.title,
      subtitle,
      minutes: null,
      resolutionKind: null,
      resolutionText: null,
      vote: null,
      addendum: null,
      toCouncil: next?.org === plan.council,
    };
    if (!this.held || !step) return base;
    const nextOrg = next ? (plan.orgs[next.org] as POrg) : undefined;
    const decider = this.orgNominative;
    switch (paper.type) {
      case 'Beschlussvorlage': {
        const decision = paper.topic?.decision ?? 'beschließt entsprechend der Vorlage.';
        const amendment =
          paper.public && this.def.type !== 'district' && r.chance(0.01) && this.term.factionSeats.size > 0
            ? `Änderungsantrag der ${this.factionName(r.pick([...this.term.factionSeats.keys()]))}`
            : null;
        return {
          ...base,
          minutes: this.discussion(
            `${capitalize(this.staff())} erläutert die Vorlage${item.attachment ? ' anhand einer Präsentation (Anlage 1)' : ''}.`,
          ),
          resolutionKind: step.role === 'preliminary' ? 'recommendation' : 'decision',
          resolutionText:
            step.role === 'preliminary' && nextOrg
              ? `${decider} empfiehlt ${nextOrg.dative ?? nextOrg.name}, folgenden Beschluss zu fassen: ${nextOrg.nominative ?? nextOrg.name} ${decision}`
              : `${decider} ${decision}`,
          vote: { kind: 'proposal', originator: null, abstainers: 0, amendment },
        };
      }
      case 'Mitteilungsvorlage':
        return {
          ...base,
          minutes: r.chance(0.5)
            ? `${capitalize(this.staff())} erläutert die Mitteilung. Fragen werden nicht gestellt.`
            : this.discussion(`${capitalize(this.staff())} erläutert die Mitteilung.`),
          resolutionKind: 'notice',
          resolutionText: `${decider} nimmt die Mitteilung der Verwaltung zur Kenntnis.`,
          vote: { kind: 'noted', originator: null, abstainers: 0, amendment: null },
        };
      case 'Antrag': {
        const action = paper.motion?.action ?? 'den Antrag umzusetzen';
        return {
          ...base,
          minutes: this.discussion(`Die ${this.factionName(paper.originator)} begründet ihren Antrag.`),
          resolutionKind: step.role === 'preliminary' ? 'recommendation' : 'decision',
          resolutionText:
            step.role === 'preliminary' && nextOrg
              ? `${decider} empfiehlt ${nextOrg.dative ?? nextOrg.name}, die Verwaltung zu beauftragen, ${action}.`
              : `${decider} beauftragt die Verwaltung, ${action}.`,
          vote: { kind: 'motion', originator: paper.originator, abstainers: 0, amendment: null },
        };
      }
      default: {
        const written = r.chance(0.5);
        return {
          ...base,
          minutes: written
            ? 'Die Anfrage wurde von der Verwaltung schriftlich beantwortet; die Antwort liegt allen Mitgliedern vor.'
            : `${capitalize(this.staff())} beantwortet die Anfrage mündlich. ${capitalize(this.speaker())} bedankt sich für die Antwort.`,
          addendum: r.chance(0.1)
            ? `Die Verwaltung ergänzt zu Frage 3: ${r.pick(ANSWERS).replace(/^./, (c) => c.toUpperCase())}.`
            : null,
        };
      }
    }
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

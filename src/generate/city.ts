/**
 * The plan of the generated large city: its terms, organisations, people and memberships, meeting
 * dates, agendas, and the papers that move through the committees (the consultation path). Only the
 * structure is planned here; texts, attendance and votes are made when the rows are written
 * (rows.ts). Everything is a pure function of the options.
 *
 * Local ids: every entity is identified by its 1-based position in its list; the writer adds the
 * offset of the database's existing rows.
 */
import { Random } from './random.ts';
import {
  beschlussvorlage,
  inquiryTitle,
  type Motion,
  motion,
  nonPublicTopic,
  noticeTitle,
  type Topic,
  type TopicContext,
} from './texts.ts';
import { berlinInstant, dayOf, isHoliday, weekdayOfDay, yearOfDay } from './time.ts';
import {
  CITY_NAME,
  COUNCIL_OFFICE_NUMBER,
  COUNCIL_SEATS,
  DEPUTY_MAYORS,
  type Domain,
  ELECTION_ERAS,
  EXTERNAL_ORGANIZATIONS,
  FAMILY_NAMES,
  FEMALE_GIVEN_NAMES,
  type GremiumDef,
  gremiumOrder,
  MALE_GIVEN_NAMES,
  OFFICES,
  type OfficeDef,
  PARTIES,
  type PartyDef,
} from './vocabulary.ts';

export const YEARS = 20;
/** Random numbers drawn per paper slot. */
const DICE = 5;
/** Counts at scale 1. */
export const BASE_COUNTS = { gremien: 60, meetings: 25_000, agendaItems: 250_000, papers: 120_000 } as const;

export interface CityOptions {
  seed: number;
  scale: number;
  /** The last year with meetings; the 20 years end with it. */
  untilYear: number;
  /** ISO date: the data's "today". Earlier meetings are held, later ones planned or invited. */
  asOf: string;
}

export interface Targets {
  gremien: number;
  meetings: number;
  agendaItems: number;
  papers: number;
}

export function targetCounts(scale: number): Targets {
  return {
    gremien: Math.min(BASE_COUNTS.gremien, Math.max(3, Math.round(BASE_COUNTS.gremien * scale))),
    meetings: Math.round(BASE_COUNTS.meetings * scale),
    agendaItems: Math.round(BASE_COUNTS.agendaItems * scale),
    papers: Math.round(BASE_COUNTS.papers * scale),
  };
}

// -----------------------------------------------------------------------------------------------
// Plan types

export type OrgKind = 'council' | 'committee' | 'faction' | 'office' | 'external';
export type MembershipRole =
  | 'chair'
  | 'vice_chair'
  | 'member'
  | 'deputy_member'
  | 'advisory_member'
  | 'secretary'
  | 'deputy_secretary';
export type ConsultationRole = 'preliminary' | 'decision' | 'notice';
export type PaperType = 'Beschlussvorlage' | 'Mitteilungsvorlage' | 'Antrag' | 'Anfrage';
export type MeetingState = 'planned' | 'invited' | 'held' | 'minutes_drafted' | 'minutes_signed';

export interface PTerm {
  name: string;
  startDay: number;
  endDay: number;
  /** Faction org index → council seats. */
  factionSeats: Map<number, number>;
  /** Faction org indexes of the governing majority. */
  coalition: Set<number>;
  mayor: number;
}

export interface POrg {
  kind: OrgKind;
  name: string;
  genitive: string | null;
  nominative: string | null;
  dative: string | null;
  shortName: string | null;
  officeNumber: string | null;
  parent: number | null;
  committeeClass: string | null;
  statutoryMembers: number | null;
  startDay: number | null;
  endDay: number | null;
  def?: GremiumDef;
  office?: OfficeDef;
  party?: PartyDef;
  roleLabel?: string;
}

export interface PPerson {
  formOfAddress: 'Frau' | 'Herr' | null;
  gender: 'female' | 'male' | null;
  title: string | null;
  givenName: string;
  familyName: string;
  officeTitle: string | null;
  email: string | null;
  phone: string | null;
  party: string | null;
  createdDay: number;
  /** Council member in some term (addressed "Ratsfrau/Ratsherr"). */
  councillor: boolean;
}

export interface PMembership {
  person: number;
  org: number;
  term: number | null;
  role: MembershipRole;
  roleLabel: string | null;
  votingRight: boolean;
  appointedCitizen: boolean;
  onBehalfOf: number | null;
  deputyOf: number | null;
  startDay: number | null;
  endDay: number | null;
}

export interface PLocation {
  name: string;
  street: string;
  postalCode: string;
  lon: number;
  lat: number;
  rooms: { name: string; description: string | null; id: number }[];
}

export type SlotKind =
  | 'opening'
  | 'agenda'
  | 'approval'
  | 'residents'
  | 'main'
  | 'groupMotions'
  | 'motion'
  | 'groupNotices'
  | 'notice'
  | 'groupInquiries'
  | 'inquiry'
  | 'groupMixed'
  | 'npApproval'
  | 'np'
  | 'npNotice';

export interface PItem {
  meeting: number;
  parent: number | null;
  number: string;
  position: number;
  public: boolean;
  kind: SlotKind;
  supplement: boolean;
  /** Paper index (1-based local id after finalising) or 0. */
  paper: number;
  /** Index of the consultation step of the paper. */
  step: number;
  /** File of an attachment to the minutes ("Anlage 1"), or 0. */
  attachment: number;
}

export interface PMeeting {
  org: number;
  term: number;
  day: number;
  startMinutes: number;
  state: MeetingState;
  cancelled: boolean;
  location: number;
  room: number;
  invitationDay: number | null;
  supplementDay: number | null;
  minutesDay: number | null;
  /** First and last item (local ids), 0 when there is no agenda. */
  firstItem: number;
  itemCount: number;
  /** Previous held meeting of the same Gremium (local id) or 0. */
  previous: number;
}

export interface PStep {
  org: number;
  role: ConsultationRole;
  /** Agenda item (local id) or 0 when not (yet) on an agenda. */
  item: number;
}

export interface PPaper {
  type: PaperType;
  public: boolean;
  domain: Domain;
  office: number;
  originator: number | null;
  day: number;
  year: number;
  number: number;
  reference: string;
  title: string;
  topic: Topic | null;
  motion: Motion | null;
  steps: PStep[];
  files: number[];
  /** Answered in writing, never on an agenda. */
  written: boolean;
}

export interface PFile {
  name: string;
  fileName: string;
  mimeType: string;
  /** Paper (local id) or 0. */
  paper: number;
  /** Agenda item (local id) of a minutes attachment, or 0. */
  item: number;
  kind: 'plan' | 'costs' | 'statement' | 'presentation';
}

export interface CityPlan {
  options: CityOptions;
  targets: Targets;
  rangeStart: number;
  rangeEnd: number;
  asOfDay: number;
  terms: PTerm[];
  orgs: POrg[];
  persons: PPerson[];
  memberships: PMembership[];
  /** `${org}|${term}` → membership indexes (0-based). */
  membershipsByGremiumTerm: Map<string, number[]>;
  /** Staff per term: Beigeordnete (index of DEPUTY_MAYORS → person) and office heads (org → person). */
  staff: { deputies: number[]; officeHeads: Map<number, number> }[];
  guests: { person: number; function: string }[];
  locations: PLocation[];
  meetings: PMeeting[];
  items: PItem[];
  papers: PPaper[];
  files: PFile[];
  /** Org index of the council. */
  council: number;
  /** Selected Gremien (org indexes), in order. */
  gremien: number[];
  officeByNumber: Map<string, number>;
  /** λ chosen for the paper flow and how many papers it gave before the exact adjustment. */
  calibration: { lambda: number; created: number; adjusted: number };
}

// -----------------------------------------------------------------------------------------------

/** Seats by the Sainte-Laguë method (divisors 1, 3, 5 …); ties go to the earlier key. */
export function sainteLague(votes: readonly (readonly [string, number])[], seats: number): Map<string, number> {
  const result = new Map<string, number>(votes.map(([k]) => [k, 0]));
  for (let s = 0; s < seats; s++) {
    let best: string | undefined;
    let bestQuotient = -1;
    for (const [key, v] of votes) {
      const q = v / (2 * (result.get(key) ?? 0) + 1);
      if (q > bestQuotient) {
        bestQuotient = q;
        best = key;
      }
    }
    if (best === undefined) break;
    result.set(best, (result.get(best) ?? 0) + 1);
  }
  return result;
}

function asciiName(text: string): string {
  return text
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ı/g, 'i')
    .replace(/[łŁ]/g, 'l')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Builds the plan. */
export function planCity(options: CityOptions): CityPlan {
  return new Planner(options).build();
}

class Planner {
  private readonly seed: number;
  private readonly targets: Targets;
  private readonly rangeStart: number;
  private readonly rangeEnd: number;
  private readonly asOfDay: number;
  private readonly terms: PTerm[] = [];
  private readonly orgs: POrg[] = [];
  private readonly persons: PPerson[] = [];
  private readonly memberships: PMembership[] = [];
  private readonly byGremiumTerm = new Map<string, number[]>();
  private readonly staff: CityPlan['staff'] = [];
  private readonly guests: CityPlan['guests'] = [];
  private readonly locations: PLocation[] = [];
  private meetings: PMeeting[] = [];
  private items: PItem[] = [];
  private papers: PPaper[] = [];
  private readonly files: PFile[] = [];
  private readonly usedNames = new Set<string>();
  private council = 0;
  private gremien: number[] = [];
  private readonly factionOfParty = new Map<string, number>();
  private readonly officeByNumber = new Map<string, number>();
  private readonly homeRoom = new Map<number, { location: number; rooms: number[] }>();
  private calibration = { lambda: 1, created: 0, adjusted: 0 };

  constructor(private readonly options: CityOptions) {
    this.seed = options.seed;
    this.targets = targetCounts(options.scale);
    this.rangeStart = dayOf(options.untilYear - YEARS + 1, 1, 1);
    this.rangeEnd = dayOf(options.untilYear, 12, 31);
    const [y, m, d] = options.asOf.split('-').map(Number);
    this.asOfDay = dayOf(y as number, m as number, d as number);
  }

  private rng(...parts: (string | number)[]): Random {
    return Random.for(this.seed, ...parts);
  }

  build(): CityPlan {
    this.planTerms();
    this.planOrganizations();
    this.planElections();
    this.planPeople();
    this.planLocations();
    this.planMeetings();
    this.planAgendas();
    this.planPapers();
    this.planFiles();
    return {
      options: this.options,
      targets: this.targets,
      rangeStart: this.rangeStart,
      rangeEnd: this.rangeEnd,
      asOfDay: this.asOfDay,
      terms: this.terms,
      orgs: this.orgs,
      persons: this.persons,
      memberships: this.memberships,
      membershipsByGremiumTerm: this.byGremiumTerm,
      staff: this.staff,
      guests: this.guests,
      locations: this.locations,
      meetings: this.meetings,
      items: this.items,
      papers: this.papers,
      files: this.files,
      council: this.council,
      gremien: this.gremien,
      officeByNumber: this.officeByNumber,
      calibration: this.calibration,
    };
  }

  // --- terms ---------------------------------------------------------------------------------

  /** Terms of five years from 1 November of years divisible by 5, covering the whole range. */
  private planTerms() {
    const firstYear = yearOfDay(this.rangeStart);
    let start = firstYear - (((firstYear % 5) + 5) % 5);
    if (dayOf(start, 11, 1) > this.rangeStart) start -= 5;
    for (let y = start; dayOf(y, 11, 1) <= this.rangeEnd; y += 5) {
      this.terms.push({
        name: `Wahlperiode ${y}–${y + 5}`,
        startDay: dayOf(y, 11, 1),
        endDay: dayOf(y + 5, 10, 31),
        factionSeats: new Map(),
        coalition: new Set(),
        mayor: 0,
      });
    }
  }

  private termOf(day: number): number {
    const index = this.terms.findIndex((t) => t.startDay <= day && day <= t.endDay);
    if (index < 0) throw new Error(`no term for day ${day}`);
    return index;
  }

  // --- organisations --------------------------------------------------------------------------

  private addOrg(org: Omit<POrg, 'dative'> & { dative?: string | null }): number {
    this.orgs.push({ dative: null, ...org });
    return this.orgs.length - 1;
  }

  private planOrganizations() {
    const order = gremiumOrder().slice(0, this.targets.gremien);
    const firstStart = this.terms[0]?.startDay ?? this.rangeStart;
    for (const def of order) {
      const index = this.addOrg({
        kind: def.type === 'council' ? 'council' : 'committee',
        name: def.name,
        genitive: def.genitive,
        nominative: def.nominative,
        dative: def.dative,
        shortName: def.shortName,
        officeNumber: null,
        parent: def.type === 'council' ? null : 0,
        committeeClass: def.committeeClass,
        statutoryMembers: def.size,
        startDay: firstStart,
        endDay: null,
        def,
      });
      if (def.type === 'council') this.council = index;
      this.gremien.push(index);
    }
    for (const office of OFFICES) {
      const index = this.addOrg({
        kind: 'office',
        name: office.name,
        genitive: office.genitive,
        nominative: null,
        shortName: `Amt ${office.number}`,
        officeNumber: office.number,
        parent: null,
        committeeClass: null,
        statutoryMembers: null,
        startDay: firstStart,
        endDay: null,
        office,
      });
      this.officeByNumber.set(office.number, index);
    }
    for (const external of EXTERNAL_ORGANIZATIONS) {
      this.addOrg({
        kind: 'external',
        name: external.name,
        genitive: null,
        nominative: null,
        shortName: external.shortName,
        officeNumber: null,
        parent: null,
        committeeClass: null,
        statutoryMembers: null,
        startDay: firstStart,
        endDay: null,
        roleLabel: external.roleLabel,
      });
    }
  }

  /** Council seats per party and term; parties with two seats or more form a faction. */
  private planElections() {
    const seatsByTerm: Map<string, number>[] = [];
    this.terms.forEach((term, t) => {
      const year = yearOfDay(term.startDay);
      const era = [...ELECTION_ERAS].reverse().find((e) => e.from <= year) ?? ELECTION_ERAS[0];
      const r = this.rng('election', t);
      const votes = Object.entries(era?.shares ?? {}).map(([k, v]) => [k, v * r.real(0.85, 1.15)] as const);
      seatsByTerm.push(sainteLague(votes, COUNCIL_SEATS));
    });
    // Faction organisations, in party order, for every party that ever forms one.
    for (const party of PARTIES) {
      const termsWith = this.terms.map((_, t) => (seatsByTerm[t]?.get(party.key) ?? 0) >= 2);
      if (!termsWith.some(Boolean)) continue;
      const first = termsWith.indexOf(true);
      const last = termsWith.lastIndexOf(true);
      const index = this.addOrg({
        kind: 'faction',
        name: party.factionName,
        genitive: null,
        nominative: null,
        shortName: party.shortName,
        officeNumber: null,
        parent: this.council,
        committeeClass: null,
        statutoryMembers: null,
        startDay: this.terms[first]?.startDay ?? null,
        endDay: last === this.terms.length - 1 ? null : (this.terms[last]?.endDay ?? null),
        party,
      });
      this.factionOfParty.set(party.key, index);
    }
    this.terms.forEach((term, t) => {
      const seats = seatsByTerm[t] as Map<string, number>;
      for (const [party, n] of seats) {
        const faction = this.factionOfParty.get(party);
        if (n >= 2 && faction !== undefined) term.factionSeats.set(faction, n);
      }
      // The governing majority: the largest factions (never an isolated one) until more than half.
      const ranked = [...term.factionSeats.entries()]
        .filter(([f]) => !this.orgs[f]?.party?.isolated)
        .sort((a, b) => b[1] - a[1] || a[0] - b[0]);
      let sum = 0;
      for (const [f, n] of ranked) {
        if (sum > (COUNCIL_SEATS + 1) / 2) break;
        term.coalition.add(f);
        sum += n;
      }
    });
    this.seatsByTerm = seatsByTerm;
  }

  private seatsByTerm: Map<string, number>[] = [];

  // --- people -----------------------------------------------------------------------------------

  private newPerson(r: Random, options: { party?: string | null; day: number; staff?: boolean; female?: boolean }) {
    const female = options.female ?? r.chance(0.46);
    const neutral = !options.staff && r.chance(0.004);
    let given = '';
    let family = '';
    for (let attempt = 0; attempt < 6; attempt++) {
      given = r.pick(female ? FEMALE_GIVEN_NAMES : MALE_GIVEN_NAMES);
      family = r.pick(FAMILY_NAMES);
      if (!this.usedNames.has(`${given} ${family}`)) break;
    }
    this.usedNames.add(`${given} ${family}`);
    const title = r.chance(0.005) ? 'Prof. Dr.' : r.chance(0.07) ? 'Dr.' : null;
    const person: PPerson = {
      formOfAddress: neutral ? null : female ? 'Frau' : 'Herr',
      gender: neutral ? null : female ? 'female' : 'male',
      title,
      givenName: given,
      familyName: family,
      officeTitle: null,
      email: options.staff ? `${asciiName(given)}.${asciiName(family)}@stadt-${asciiName(CITY_NAME)}.example` : null,
      phone: options.staff ? `0471 455-${r.int(1000, 9999)}` : null,
      party: options.party ?? null,
      createdDay: options.day,
      councillor: false,
    };
    this.persons.push(person);
    return this.persons.length; // local id
  }

  private person(id: number): PPerson {
    return this.persons[id - 1] as PPerson;
  }

  private addMembership(m: PMembership): number {
    this.memberships.push(m);
    const index = this.memberships.length - 1;
    if (m.term !== null) {
      const key = `${m.org}|${m.term}`;
      const list = this.byGremiumTerm.get(key) ?? [];
      list.push(index);
      this.byGremiumTerm.set(key, list);
    }
    return index;
  }

  private female(id: number): boolean {
    return this.person(id).gender === 'female';
  }

  private planPeople() {
    let previousCouncil = new Map<string, number[]>();
    let previousSb = new Map<string, number[]>();
    const previousByGremium = new Map<number, Map<string, number[]>>();
    let mayor = 0;
    let deputies: number[] = [];
    const officeHeads = new Map<number, number>();
    const secretaries = new Map<number, [number, number]>();
    const guestPool: { person: number; function: string }[] = [];

    this.terms.forEach((term, t) => {
      const r = this.rng('people', t);
      const day = term.startDay;

      // Administration: the mayor, Beigeordnete, office heads, secretaries.
      if (t === 0 || r.chance(0.5)) {
        mayor = this.newPerson(r, { day, staff: true });
        this.person(mayor).officeTitle = this.female(mayor) ? 'Oberbürgermeisterin' : 'Oberbürgermeister';
      }
      term.mayor = mayor;
      deputies = DEPUTY_MAYORS.map((def, i) => {
        const current = deputies[i];
        if (current && !r.chance(0.4)) return current;
        const p = this.newPerson(r, { day, staff: true });
        this.person(p).officeTitle = this.female(p) ? def.female : def.male;
        return p;
      });
      for (const office of this.officeByNumber.values()) {
        const current = officeHeads.get(office);
        if (current && !r.chance(0.3)) continue;
        if (current) {
          const open = this.memberships.find((m) => m.person === current && m.org === office && m.endDay === null);
          if (open) open.endDay = day - 1;
        }
        const p = this.newPerson(r, { day, staff: true });
        officeHeads.set(office, p);
        this.addMembership({
          person: p,
          org: office,
          term: null,
          role: 'chair',
          roleLabel: this.female(p) ? 'Amtsleiterin' : 'Amtsleiter',
          votingRight: false,
          appointedCitizen: false,
          onBehalfOf: null,
          deputyOf: null,
          startDay: t === 0 ? null : day,
          endDay: null,
        });
      }
      this.staff.push({ deputies: [...deputies], officeHeads: new Map(officeHeads) });
      if (guestPool.length === 0) {
        const functions = [
          `Geschäftsführerin der Stadtwerke ${CITY_NAME} GmbH`,
          `Geschäftsführer der Wohnungsbaugesellschaft ${CITY_NAME} mbH`,
          'Vertreterin der Polizei',
          'Vertreter der Bezirksregierung',
          'Sachverständige des Planungsbüros',
          'Gutachter',
          'Vertreterin der Verbraucherzentrale',
          'Vertreter des Stadtsportbundes',
        ];
        for (const fn of functions) {
          const female = /Geschäftsführerin|Vertreterin|Sachverständige/.test(fn);
          guestPool.push({ person: this.newPerson(r, { day, staff: true, female }), function: fn });
        }
        this.guests.push(...guestPool);
      }

      // The council.
      const seats = this.seatsByTerm[t] as Map<string, number>;
      const council = new Map<string, number[]>();
      for (const [party, n] of seats) {
        if (n === 0) continue;
        const previous = r.shuffled(previousCouncil.get(party) ?? []);
        const members = previous.slice(0, Math.round(n * r.real(0.45, 0.7)));
        while (members.length < n) members.push(this.newPerson(r, { party, day }));
        for (const p of members) this.person(p).councillor = true;
        council.set(party, members);
      }
      const faction = (party: string | null) => {
        if (party === null) return null;
        const f = this.factionOfParty.get(party);
        return f !== undefined && term.factionSeats.has(f) ? f : null;
      };
      const base = (
        person: number,
        org: number,
        role: MembershipRole,
        extra: Partial<PMembership> = {},
      ): PMembership => ({
        person,
        org,
        term: t,
        role,
        roleLabel: null,
        votingRight: true,
        appointedCitizen: false,
        onBehalfOf: null,
        deputyOf: null,
        startDay: null,
        endDay: null,
        ...extra,
      });
      this.addMembership(
        base(mayor, this.council, 'chair', {
          roleLabel: this.person(mayor).officeTitle,
        }),
      );
      const byStrength = [...seats.entries()]
        .filter(([, n]) => n > 0)
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      const viceChairs = new Set<number>();
      byStrength.slice(0, 3).forEach(([party], i) => {
        const p = council.get(party)?.[0];
        if (p) viceChairs.add(p);
        if (p) this.viceLabel.set(p, `${i + 1}. ${this.female(p) ? 'Bürgermeisterin' : 'Bürgermeister'}`);
      });
      for (const [party, members] of council) {
        for (const p of members) {
          this.addMembership(
            base(p, this.council, viceChairs.has(p) ? 'vice_chair' : 'member', {
              roleLabel: viceChairs.has(p) ? (this.viceLabel.get(p) ?? null) : null,
              onBehalfOf: faction(party),
            }),
          );
        }
        const f = faction(party);
        if (f !== null) {
          members.forEach((p, i) => {
            const female = this.female(p);
            this.addMembership(
              base(p, f, i === 0 ? 'chair' : i === 1 ? 'vice_chair' : 'member', {
                roleLabel:
                  i === 0
                    ? female
                      ? 'Fraktionsvorsitzende'
                      : 'Fraktionsvorsitzender'
                    : i === 1
                      ? female
                        ? 'stellvertretende Fraktionsvorsitzende'
                        : 'stellvertretender Fraktionsvorsitzender'
                      : null,
              }),
            );
          });
        }
      }

      // Outside organisations: council members delegated for the term.
      const allCouncil = [...council.entries()].flatMap(([party, ps]) => ps.map((p) => [party, p] as const));
      this.orgs.forEach((org, index) => {
        if (org.kind !== 'external') return;
        const picked = r.sample(allCouncil, 6);
        picked.forEach(([party, p], i) => {
          this.addMembership(
            base(p, index, i === 0 ? 'chair' : 'member', {
              roleLabel: i === 0 ? 'Vorsitz' : (org.roleLabel ?? null),
              onBehalfOf: faction(party),
            }),
          );
        });
      });

      // Committees, Bezirksvertretungen, Beiräte.
      const load = new Map<number, number>();
      const deputyLoad = new Map<number, number>();
      const sbPool = new Map<string, number[]>();
      const takeSb = (party: string, used: Set<number>) => {
        const pool = sbPool.get(party) ?? [];
        sbPool.set(party, pool);
        const reusable = pool.find((p) => !used.has(p) && (load.get(p) ?? 0) < 2);
        if (reusable) return reusable;
        const previous = (previousSb.get(party) ?? []).find((p) => !used.has(p) && !pool.includes(p));
        const p = previous && r.chance(0.5) ? previous : this.newPerson(r, { party, day });
        pool.push(p);
        return p;
      };
      const takeCouncillor = (party: string, used: Set<number>, counter: Map<number, number>, max: number) => {
        const candidates = (council.get(party) ?? []).filter((p) => !used.has(p) && (counter.get(p) ?? 0) < max);
        candidates.sort((a, b) => (counter.get(a) ?? 0) - (counter.get(b) ?? 0) || a - b);
        return candidates[0];
      };
      const chairsGiven = new Map<string, number>();
      const factionParties = [...seats.entries()].filter(([p, n]) => n >= 2 && faction(p) !== null);

      for (const org of this.gremien) {
        const def = this.orgs[org]?.def as GremiumDef;
        if (def.type === 'council') continue;
        const used = new Set<number>();
        const previous = previousByGremium.get(org) ?? new Map<string, number[]>();
        const current = new Map<string, number[]>();
        const rg = this.rng('gremium', org, t);
        if (def.type === 'district') {
          const votes = [...seats.entries()]
            .filter(([, n]) => n > 0)
            .map(([k, n]) => [k, n * rg.real(0.7, 1.3)] as const);
          const bvSeats = sainteLague(votes, def.size);
          const order = [...bvSeats.entries()]
            .filter(([, n]) => n > 0)
            .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
          order.forEach(([party, n], rank) => {
            const members = rg.shuffled(previous.get(party) ?? []).slice(0, Math.round(n * 0.5));
            while (members.length < n) members.push(this.newPerson(rg, { party, day }));
            current.set(party, members);
            members.forEach((p, i) => {
              const chair = rank === 0 && i === 0;
              const vice = rank === 1 && i === 0;
              const female = this.female(p);
              this.addMembership(
                base(p, org, chair ? 'chair' : vice ? 'vice_chair' : 'member', {
                  roleLabel: chair
                    ? female
                      ? 'Bezirksbürgermeisterin'
                      : 'Bezirksbürgermeister'
                    : vice
                      ? female
                        ? 'stellvertretende Bezirksbürgermeisterin'
                        : 'stellvertretender Bezirksbürgermeister'
                      : null,
                  onBehalfOf: faction(party),
                }),
              );
            });
          });
        } else if (def.type === 'advisory') {
          const councillors: [string, number][] = [];
          for (const [party] of factionParties
            .slice()
            .sort((a, b) => b[1] - a[1])
            .slice(0, 3)) {
            const p = takeCouncillor(party, used, load, 5);
            if (p) {
              used.add(p);
              load.set(p, (load.get(p) ?? 0) + 1);
              councillors.push([party, p]);
            }
          }
          councillors.forEach(([party, p], i) => {
            this.addMembership(base(p, org, i === 0 ? 'chair' : 'member', { onBehalfOf: faction(party) }));
          });
          const externals = rg
            .shuffled(previous.get('') ?? [])
            .slice(0, Math.round((def.size - councillors.length) * 0.5));
          while (externals.length < def.size - councillors.length) externals.push(this.newPerson(rg, { day }));
          current.set('', externals);
          for (const p of externals) {
            used.add(p);
            this.addMembership(base(p, org, councillors.length === 0 && p === externals[0] ? 'chair' : 'member'));
          }
        } else {
          const mayorChairs = def.type === 'main';
          const seatsHere = sainteLague(
            factionParties.map(([p, n]) => [p, n] as const),
            def.size - (mayorChairs ? 1 : 0),
          );
          // Chairs go round the factions by d'Hondt, the biggest first.
          let chairParty: string | undefined;
          if (!mayorChairs) {
            let best = -1;
            for (const [party, n] of factionParties) {
              const q = n / ((chairsGiven.get(party) ?? 0) + 1);
              if ((seatsHere.get(party) ?? 0) > 0 && q > best) {
                best = q;
                chairParty = party;
              }
            }
            if (chairParty) chairsGiven.set(chairParty, (chairsGiven.get(chairParty) ?? 0) + 1);
          }
          const viceParty = [...seatsHere.entries()]
            .filter(([p, n]) => n > 0 && p !== chairParty)
            .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
          if (mayorChairs) {
            used.add(mayor);
            this.addMembership(base(mayor, org, 'chair', { roleLabel: this.person(mayor).officeTitle }));
          }
          const holders: { person: number; party: string }[] = [];
          for (const [party, n] of seatsHere) {
            for (let i = 0; i < n; i++) {
              const citizen = def.appointedCitizens && i > 0 && rg.chance(0.38);
              let p = citizen ? undefined : takeCouncillor(party, used, load, 4);
              if (p === undefined)
                p = def.appointedCitizens ? takeSb(party, used) : takeCouncillor(party, used, load, 99);
              if (p === undefined) p = takeSb(party, used);
              used.add(p);
              load.set(p, (load.get(p) ?? 0) + 1);
              holders.push({ person: p, party });
            }
          }
          let chairDone = false;
          let viceDone = false;
          for (const h of holders) {
            const councillor = this.person(h.person).councillor;
            let role: MembershipRole = 'member';
            if (!chairDone && h.party === chairParty && councillor) {
              role = 'chair';
              chairDone = true;
            } else if (!viceDone && h.party === viceParty && councillor) {
              role = 'vice_chair';
              viceDone = true;
            }
            this.addMembership(
              base(h.person, org, role, {
                appointedCitizen: !councillor,
                onBehalfOf: faction(h.party),
              }),
            );
          }
          // One personal deputy per seat, from the same faction.
          for (const h of holders) {
            let d = takeCouncillor(h.party, used, deputyLoad, 4);
            if (d === undefined || (def.appointedCitizens && rg.chance(0.45))) {
              d = def.appointedCitizens ? takeSb(h.party, used) : (d ?? takeCouncillor(h.party, used, deputyLoad, 99));
            }
            if (d === undefined) continue;
            used.add(d);
            deputyLoad.set(d, (deputyLoad.get(d) ?? 0) + 1);
            this.addMembership(
              base(d, org, 'deputy_member', {
                appointedCitizen: !this.person(d).councillor,
                onBehalfOf: faction(h.party),
                deputyOf: h.person,
              }),
            );
          }
          // Factions without a seat send an advisory member (§ 58 Abs. 1 GO NRW).
          for (const [party] of factionParties) {
            if ((seatsHere.get(party) ?? 0) > 0) continue;
            const p = takeCouncillor(party, used, load, 99);
            if (!p) continue;
            used.add(p);
            this.addMembership(base(p, org, 'advisory_member', { votingRight: false, onBehalfOf: faction(party) }));
          }
        }
        previousByGremium.set(org, current);
        // Secretary and deputy secretary from the administration.
        let pair = secretaries.get(org);
        if (!pair || rg.chance(0.25)) {
          pair = [this.newPerson(rg, { day, staff: true }), this.newPerson(rg, { day, staff: true })];
          secretaries.set(org, pair);
        }
        this.addMembership(base(pair[0], org, 'secretary', { votingRight: false }));
        this.addMembership(base(pair[1], org, 'deputy_secretary', { votingRight: false }));
      }
      // The council's secretary.
      let pair = secretaries.get(this.council);
      if (!pair || r.chance(0.25)) {
        pair = [this.newPerson(r, { day, staff: true }), this.newPerson(r, { day, staff: true })];
        secretaries.set(this.council, pair);
      }
      this.addMembership(base(pair[0], this.council, 'secretary', { votingRight: false }));
      this.addMembership(base(pair[1], this.council, 'deputy_secretary', { votingRight: false }));

      // Council members who leave during the term: the successor takes over every membership.
      const leaving = allCouncil.filter(([, p]) => !viceChairs.has(p) && r.chance(0.06));
      for (const [party, p] of leaving) {
        const leaveDay = r.int(term.startDay + 90, term.endDay - 90);
        const successor = this.newPerson(r, { party, day: leaveDay });
        this.person(successor).councillor = true;
        council.get(party)?.push(successor);
        const count = this.memberships.length;
        for (let i = 0; i < count; i++) {
          const m = this.memberships[i] as PMembership;
          if (m.term !== t) continue;
          const starts = m.startDay ?? term.startDay;
          const ends = m.endDay ?? term.endDay;
          if (starts > leaveDay - 1 || ends < leaveDay) continue;
          if (m.person === p) {
            m.endDay = leaveDay - 1;
            this.addMembership({
              ...m,
              person: successor,
              startDay: leaveDay,
              endDay: ends === term.endDay ? null : ends,
            });
          } else if (m.deputyOf === p) {
            m.endDay = leaveDay - 1;
            this.addMembership({
              ...m,
              deputyOf: successor,
              startDay: leaveDay,
              endDay: ends === term.endDay ? null : ends,
            });
          }
        }
      }

      previousCouncil = council;
      previousSb = sbPool;
    });
  }

  private readonly viceLabel = new Map<number, string>();

  // --- locations ----------------------------------------------------------------------------------

  private planLocations() {
    let roomId = 0;
    const add = (name: string, street: string, postalCode: string, rooms: [string, string | null][], i: number) => {
      const r = this.rng('location', i);
      this.locations.push({
        name,
        street,
        postalCode,
        lon: Math.round((6.95 + r.real(-0.08, 0.08)) * 1e5) / 1e5,
        lat: Math.round((51.22 + r.real(-0.05, 0.05)) * 1e5) / 1e5,
        rooms: rooms.map(([n, d]) => ({ name: n, description: d, id: ++roomId })),
      });
      return this.locations.length - 1;
    };
    const rathaus = add(
      'Rathaus',
      'Rathausplatz 1',
      '47110',
      [
        ['Ratssaal', 'Erdgeschoss, barrierefrei'],
        ['Sitzungssaal A 1.101', '1. Obergeschoss'],
        ['Sitzungssaal B 1.102', '1. Obergeschoss'],
        ['Raum 2.014', '2. Obergeschoss'],
      ],
      0,
    );
    const stadthaus = add(
      'Stadthaus',
      'Konrad-Adenauer-Ring 10',
      '47112',
      [
        ['Großer Sitzungssaal', 'Erdgeschoss'],
        ['Raum E.21', null],
        ['Raum 4.07', '4. Etage'],
      ],
      1,
    );
    const technisch = add(
      'Technisches Rathaus',
      'Hafenstraße 40',
      '47114',
      [
        ['Sitzungsraum 1', null],
        ['Sitzungsraum 2', null],
      ],
      2,
    );
    const homes: number[] = [];
    this.gremien.forEach((org, i) => {
      const def = this.orgs[org]?.def as GremiumDef;
      if (def.type === 'council') {
        this.homeRoom.set(org, { location: rathaus, rooms: [1, 2] });
      } else if (def.type === 'district') {
        const district = def.name.replace('Bezirksvertretung ', '');
        const location = add(
          `Bezirksrathaus ${district}`,
          `${this.rng('street', i).pick(['Marktplatz', 'Kirchplatz', 'Am Markt', 'Hauptstraße', 'Bahnhofstraße'])} ${this.rng('no', i).int(1, 60)}`,
          `471${String(20 + homes.length).padStart(2, '0')}`,
          [
            ['Sitzungssaal', null],
            ['Besprechungsraum', null],
          ],
          3 + i,
        );
        homes.push(location);
        const rooms = (this.locations[location] as PLocation).rooms.map((r) => r.id);
        this.homeRoom.set(org, { location, rooms });
      } else {
        const technical = def.domains.some((d) => ['planning', 'traffic', 'building', 'utilities'].includes(d));
        const location = technical ? technisch : i % 2 === 0 ? rathaus : stadthaus;
        const rooms = (this.locations[location] as PLocation).rooms.map((r) => r.id).filter((id) => id !== 1);
        this.homeRoom.set(org, { location, rooms });
      }
    });
  }

  // --- meetings -----------------------------------------------------------------------------------

  private planMeetings() {
    const years: number[] = [];
    for (let y = yearOfDay(this.rangeStart); y <= yearOfDay(this.rangeEnd); y++) years.push(y);
    // Meetings per Gremium and year by weight, largest remainder.
    const pairs: { org: number; year: number; exact: number; n: number; order: number }[] = [];
    const weights = this.gremien.map((org) => this.orgs[org]?.def?.frequency ?? 1);
    const total = weights.reduce((s, w) => s + w, 0) * years.length;
    this.gremien.forEach((org, gi) => {
      for (const year of years) {
        const exact = (this.targets.meetings * (weights[gi] as number)) / total;
        pairs.push({ org, year, exact, n: Math.floor(exact), order: pairs.length });
      }
    });
    let rest = this.targets.meetings - pairs.reduce((s, p) => s + p.n, 0);
    const r0 = this.rng('remainder');
    const byRemainder = pairs
      .map((p) => ({ p, key: p.exact - p.n + r0.next() * 1e-9 }))
      .sort((a, b) => b.key - a.key || a.p.order - b.p.order);
    for (const { p } of byRemainder) {
      if (rest <= 0) break;
      p.n += 1;
      rest -= 1;
    }
    const planned: Omit<PMeeting, 'firstItem' | 'itemCount' | 'previous'>[] = [];
    for (const pair of pairs) {
      if (pair.n === 0) continue;
      const def = this.orgs[pair.org]?.def as GremiumDef;
      const r = this.rng('dates', pair.org, pair.year);
      const yearStart = dayOf(pair.year, 1, 1);
      const yearEnd = dayOf(pair.year, 12, 31);
      const summerStart = dayOf(pair.year, 7, 10);
      const summerEnd = dayOf(pair.year, 8, 20);
      let candidates: number[] = [];
      for (let k = 1; k <= def.weekdays.length + 1; k++) {
        const allowed = new Set(k <= def.weekdays.length ? def.weekdays.slice(0, k) : [1, 2, 3, 4, 5]);
        candidates = [];
        for (let d = yearStart; d <= yearEnd; d++) {
          if (!allowed.has(weekdayOfDay(d)) || isHoliday(d)) continue;
          if (d >= summerStart && d <= summerEnd) continue;
          if (d < yearStart + 7 || d > yearEnd - 10) continue;
          candidates.push(d);
        }
        if (candidates.length >= pair.n * 1.25) break;
      }
      const offset = r.next();
      const chosen = new Set<number>();
      for (let i = 0; i < pair.n; i++) {
        let index = Math.floor(((i + offset) * candidates.length) / pair.n);
        while (chosen.has(index) && index < candidates.length - 1) index++;
        chosen.add(index);
      }
      const home = this.homeRoom.get(pair.org) as { location: number; rooms: number[] };
      for (const index of [...chosen].sort((a, b) => a - b)) {
        const day = candidates[index] as number;
        planned.push({
          org: pair.org,
          term: this.termOf(day),
          day,
          startMinutes: def.startMinutes,
          state: 'planned',
          cancelled: false,
          location: home.location,
          room: r.chance(0.9) ? (home.rooms[0] as number) : r.pick(home.rooms),
          invitationDay: null,
          supplementDay: null,
          minutesDay: null,
        });
      }
    }
    const gremiumRank = new Map(this.gremien.map((org, i) => [org, i]));
    planned.sort(
      (a, b) =>
        a.day - b.day ||
        a.startMinutes - b.startMinutes ||
        (gremiumRank.get(a.org) ?? 0) - (gremiumRank.get(b.org) ?? 0),
    );
    const lastHeld = new Map<number, number>();
    this.meetings = planned.map((m, i) => {
      const r = this.rng('meeting', i + 1);
      const meeting: PMeeting = { ...m, firstItem: 0, itemCount: 0, previous: 0 };
      if (r.chance(0.02)) {
        meeting.cancelled = true;
        return meeting;
      }
      const invitation = m.day - 14 - r.int(0, 3);
      if (m.day < this.asOfDay) {
        meeting.invitationDay = invitation;
        if (m.day < this.asOfDay - 28) {
          meeting.state = 'minutes_signed';
          meeting.minutesDay = m.day + r.int(7, 20);
        } else if (m.day < this.asOfDay - 10) {
          meeting.state = 'minutes_drafted';
          meeting.minutesDay = Math.min(m.day + r.int(5, 9), this.asOfDay - 1);
        } else {
          meeting.state = 'held';
        }
        meeting.previous = lastHeld.get(m.org) ?? 0;
        lastHeld.set(m.org, i + 1);
      } else if (invitation <= this.asOfDay) {
        meeting.state = 'invited';
        meeting.invitationDay = invitation;
        meeting.previous = lastHeld.get(m.org) ?? 0;
      } else {
        meeting.previous = lastHeld.get(m.org) ?? 0;
      }
      return meeting;
    });
  }

  /** A meeting has an agenda once it is invited, or as a draft up to 8 weeks ahead. */
  private hasAgenda(m: PMeeting): boolean {
    return !m.cancelled && (m.state !== 'planned' || m.day <= this.asOfDay + 56);
  }

  // --- agendas -------------------------------------------------------------------------------------

  private planAgendas() {
    const withAgenda = this.meetings.map((m, i) => [m, i] as const).filter(([m]) => this.hasAgenda(m));
    const n = withAgenda.length;
    if (n === 0) return;
    const total = this.targets.agendaItems;
    const minimum = Math.min(3, Math.floor(total / n));
    const weights = withAgenda.map(([m, i]) => {
      const def = this.orgs[m.org]?.def as GremiumDef;
      return Math.max(0.1, def.agendaWeight - minimum) * this.rng('agenda-size', i + 1).real(0.7, 1.3);
    });
    const sum = weights.reduce((s, w) => s + w, 0);
    const restTotal = total - minimum * n;
    const exact = weights.map((w) => (restTotal * w) / sum);
    const counts = exact.map((e) => minimum + Math.floor(e));
    let rest = total - counts.reduce((s, c) => s + c, 0);
    const order = exact.map((e, i) => ({ i, key: e - Math.floor(e) })).sort((a, b) => b.key - a.key || a.i - b.i);
    for (const { i } of order) {
      if (rest <= 0) break;
      counts[i] = (counts[i] as number) + 1;
      rest -= 1;
    }
    withAgenda.forEach(([meeting, index], k) => {
      this.layout(meeting, index + 1, counts[k] as number);
    });
  }

  /** The agenda of one meeting with `t` items: Formalien, public part, non-public part. */
  private layout(meeting: PMeeting, meetingId: number, t: number) {
    const r = this.rng('layout', meetingId);
    const def = this.orgs[meeting.org]?.def as GremiumDef;
    const formal: SlotKind[] = ['opening'];
    if (t >= 12) formal.push('agenda');
    if (t >= 4 && meeting.previous) formal.push('approval');
    if ((def.type === 'council' || def.type === 'district') && t >= 10) formal.push('residents');
    let remaining = t - formal.length;
    let k = 0;
    if (remaining >= 3 && r.chance(0.62)) {
      k = 1 + (r.chance(0.45) ? 1 : 0) + (r.chance(0.25) ? 1 : 0);
      if (def.type === 'council') k += r.int(0, 2);
      k = Math.min(k, remaining - 1);
    }
    remaining -= k;
    const npKinds: SlotKind[] = [];
    for (let i = 0; i < k; i++) {
      if (i === 0 && k >= 3 && meeting.previous) npKinds.push('npApproval');
      else if (i === k - 1 && k >= 2 && r.chance(0.35)) npKinds.push('npNotice');
      else npKinds.push('np');
    }
    // Public part: main items, then the groups Anträge, Mitteilungen, Anfragen.
    let motions = 0;
    let notices = 0;
    let inquiries = 0;
    let groups = 0;
    if (remaining >= 12) {
      motions = Math.max(1, Math.round(remaining * r.real(0.1, 0.2)));
      notices = Math.max(1, Math.round(remaining * r.real(0.12, 0.22)));
      inquiries = Math.max(1, Math.round(remaining * r.real(0.06, 0.14)));
      groups = 3;
    } else if (remaining >= 6) {
      notices = Math.max(2, Math.round(remaining * 0.3));
      groups = 1;
    }
    const main = remaining - groups - motions - notices - inquiries;
    const supplement = meeting.state !== 'planned' && main >= 2 && r.chance(0.04);

    meeting.firstItem = this.items.length + 1;
    let number = 0;
    let position = 0;
    const push = (
      kind: SlotKind,
      isPublic: boolean,
      parent: number | null,
      num: string,
      extra: Partial<PItem> = {},
    ) => {
      this.items.push({
        meeting: meetingId,
        parent,
        number: num,
        position: ++position,
        public: isPublic,
        kind,
        supplement: false,
        paper: 0,
        step: 0,
        attachment: 0,
        ...extra,
      });
      return this.items.length;
    };
    for (const kind of formal) push(kind, true, null, String(++number));
    for (let i = 0; i < main; i++) {
      push('main', true, null, String(++number), { supplement: supplement && i === main - 1 });
    }
    const group = (parentKind: SlotKind, childKind: SlotKind, count: number) => {
      const parentNumber = String(++number);
      const parent = push(parentKind, true, null, parentNumber);
      for (let i = 1; i <= count; i++) {
        // "Mitteilungen und Anfragen": notices first, then inquiries.
        const kind = parentKind === 'groupMixed' ? (i > count * 0.7 ? 'inquiry' : 'notice') : childKind;
        push(kind, true, parent, `${parentNumber}.${i}`);
      }
    };
    if (groups === 3) {
      group('groupMotions', 'motion', motions);
      group('groupNotices', 'notice', notices);
      group('groupInquiries', 'inquiry', inquiries);
    } else if (groups === 1) {
      group('groupMixed', 'notice', notices);
    }
    for (const kind of npKinds) push(kind, false, null, String(++number));
    meeting.itemCount = this.items.length + 1 - meeting.firstItem;
    if (supplement) meeting.supplementDay = meeting.day - 4;
  }

  // --- papers ---------------------------------------------------------------------------------------

  private leadOf = new Map<Domain, number>();

  private lead(domain: Domain): number {
    const cached = this.leadOf.get(domain);
    if (cached !== undefined) return cached;
    const found =
      this.gremien.find((o) => {
        const def = this.orgs[o]?.def;
        return (def?.type === 'committee' || def?.type === 'main') && def.domains.includes(domain);
      }) ??
      this.gremien.find((o) => this.orgs[o]?.def?.type === 'main') ??
      this.council;
    this.leadOf.set(domain, found);
    return found;
  }

  private planPapers() {
    const slots: number[] = [];
    this.items.forEach((item, i) => {
      if (['main', 'motion', 'notice', 'inquiry', 'np'].includes(item.kind)) slots.push(i);
    });
    // Fixed random numbers per slot, so that every trial of the calibration sees the same dice.
    const dice = new Float64Array(slots.length * DICE);
    const r = this.rng('paper-dice');
    for (let i = 0; i < dice.length; i++) dice[i] = r.next();
    // Average main/np slots per agenda meeting of each Gremium: how much a queue may hold.
    const capacity = new Map<string, number>();
    const meetingsWithAgenda = new Map<number, number>();
    for (const m of this.meetings)
      if (m.itemCount > 0) meetingsWithAgenda.set(m.org, (meetingsWithAgenda.get(m.org) ?? 0) + 1);
    for (const i of slots) {
      const item = this.items[i] as PItem;
      if (item.kind !== 'main' && item.kind !== 'np') continue;
      const org = (this.meetings[item.meeting - 1] as PMeeting).org;
      const key = `${org}|${item.kind === 'main'}`;
      capacity.set(key, (capacity.get(key) ?? 0) + 1);
    }
    for (const [key, n] of capacity) capacity.set(key, n / (meetingsWithAgenda.get(Number(key.split('|')[0])) ?? 1));

    const trial = (lambda: number) => this.flow(slots, dice, capacity, lambda);
    const target = this.targets.papers;
    // The number of new papers grows almost linearly with λ: a few secant steps inside a bracket find
    // the smallest λ that gives at least the target; the few papers too many are dropped afterwards.
    const tolerance = Math.max(5, Math.round(target * 0.002));
    let lo = 0;
    let loCount = 0;
    // Beyond this every probability is 1: more λ gives no more papers.
    let hi = 1 / 0.8;
    let best = trial(hi);
    let hiCount = best.papers.length;
    if (hiCount > target + tolerance) {
      let lambda = Math.min(hi, Math.max(0.05, (target / Math.max(1, hiCount)) * hi * 1.02));
      for (let i = 0; i < 12; i++) {
        const result = trial(lambda);
        const n = result.papers.length;
        if (n >= target) {
          hi = lambda;
          hiCount = n;
          best = result;
          if (n - target <= tolerance) break;
        } else {
          lo = lambda;
          loCount = n;
        }
        const secant = lo + ((target + tolerance / 2 - loCount) * (hi - lo)) / Math.max(1, hiCount - loCount);
        lambda = Math.min(hi - (hi - lo) * 0.02, Math.max(lo + (hi - lo) * 0.02, secant));
      }
    }
    this.calibration = { lambda: Math.round(hi * 1e4) / 1e4, created: best.papers.length, adjusted: 0 };
    this.papers = best.papers;
    for (const [index, paper, step] of best.assignments) {
      const item = this.items[index] as PItem;
      item.paper = paper;
      item.step = step;
    }
    this.adjustPaperCount(target);
    this.finishPapers();
  }

  /**
   * One trial of the paper flow, in the order of the meetings: a main item takes the oldest paper
   * waiting for this Gremium (from an earlier step of its consultation path) or, with a probability
   * scaled by λ, starts a new paper here; group items (Anträge, Mitteilungen, Anfragen) start new
   * papers of their kind.
   */
  private flow(slots: number[], dice: Float64Array, capacity: Map<string, number>, lambda: number) {
    const papers: PPaper[] = [];
    const assignments: [number, number, number][] = [];
    const queues = new Map<string, { paper: number; step: number; notBefore: number }[]>();
    const heads = new Map<string, number>();
    const queue = (org: number, pub: boolean) => {
      const key = `${org}|${pub}`;
      let q = queues.get(key);
      if (!q) {
        q = [];
        queues.set(key, q);
        heads.set(key, 0);
      }
      return { key, q };
    };
    const pending = (org: number, pub: boolean) => {
      const { key, q } = queue(org, pub);
      return q.length - (heads.get(key) ?? 0);
    };
    const base: Record<string, number> = { main: 0.8, np: 0.3, motion: 0.9, notice: 0.8, inquiry: 0.85 };
    slots.forEach((itemIndex, s) => {
      const item = this.items[itemIndex] as PItem;
      const meeting = this.meetings[item.meeting - 1] as PMeeting;
      const org = meeting.org;
      const def = this.orgs[org]?.def as GremiumDef;
      const uNew = dice[s * DICE] as number;
      const uLen = dice[s * DICE + 1] as number;
      const uType = dice[s * DICE + 2] as number;
      const uMisc = dice[s * DICE + 3] as number;
      const uKind = dice[s * DICE + 4] as number;
      const pub = item.kind !== 'np';
      if (item.kind === 'main' || item.kind === 'np') {
        const { key, q } = queue(org, pub);
        const head = heads.get(key) ?? 0;
        const waiting = q[head];
        if (waiting && waiting.notBefore <= meeting.day) {
          heads.set(key, head + 1);
          const paper = papers[waiting.paper - 1] as PPaper;
          (paper.steps[waiting.step] as PStep).item = itemIndex + 1;
          assignments.push([itemIndex, waiting.paper, waiting.step]);
          const next = paper.steps[waiting.step + 1];
          if (next)
            queue(next.org, pub).q.push({ paper: waiting.paper, step: waiting.step + 1, notBefore: meeting.day + 7 });
          return;
        }
      }
      // Non-public papers stay rare (about one in twenty): their probability is not scaled.
      const probability = item.kind === 'np' ? (base.np as number) : Math.min(1, (base[item.kind] ?? 0) * lambda);
      if (uNew >= probability) return;
      const domain = def.domains[Math.floor(uType * def.domains.length)] as Domain;
      const lead = this.lead(domain);
      const steps: { org: number; role: ConsultationRole }[] = [];
      let type: PaperType;
      const chain = (orgs: number[]) => {
        const list = orgs.filter((o, i) => i === 0 || o !== orgs[i - 1]);
        // A queue already longer than three meetings' worth: decide here instead.
        const keep = [list[0] as number];
        for (const o of list.slice(1)) {
          if (pending(o, pub) > 3 * (capacity.get(`${o}|${pub}`) ?? 0)) break;
          keep.push(o);
        }
        keep.forEach((o, i) => {
          steps.push({ org: o, role: i === keep.length - 1 ? 'decision' : 'preliminary' });
        });
      };
      const mainCommittee = this.gremien.find((o) => this.orgs[o]?.def?.type === 'main');
      // A main item may also be a faction's motion or a notice of the administration.
      const kind =
        item.kind === 'main' && def.type !== 'advisory'
          ? uKind < 0.12
            ? 'motion'
            : uKind < 0.18
              ? 'notice'
              : 'main'
          : item.kind;
      switch (kind) {
        case 'main':
        case 'np': {
          type = 'Beschlussvorlage';
          if (def.type === 'council') chain([org]);
          else if (def.type === 'district')
            chain(uLen < 0.4 ? [org] : uLen < 0.8 ? [org, lead] : [org, lead, this.council]);
          else if (def.type === 'main') chain(uLen < 0.45 ? [org] : [org, this.council]);
          else if (def.type === 'advisory') chain(uLen < 0.5 ? [org, lead] : [org]);
          else if (item.kind === 'np')
            chain(
              uLen < 0.6
                ? [org]
                : uLen < 0.85 && mainCommittee !== undefined
                  ? [org, mainCommittee]
                  : [org, this.council],
            );
          else
            chain(
              uLen < 0.55
                ? [org]
                : uLen < 0.85 || mainCommittee === undefined
                  ? [org, this.council]
                  : [org, mainCommittee, this.council],
            );
          break;
        }
        case 'motion':
          type = 'Antrag';
          chain(def.type === 'council' || uLen < 0.7 ? [org] : [org, this.council]);
          break;
        case 'notice': {
          type = 'Mitteilungsvorlage';
          steps.push({ org, role: 'notice' });
          const second = lead !== org ? lead : this.council;
          if (uLen >= 0.85 && second !== org) steps.push({ org: second, role: 'notice' });
          break;
        }
        default:
          type = 'Anfrage';
          steps.push({ org, role: 'notice' });
      }
      const term = this.terms[meeting.term] as PTerm;
      let originator: number | null = null;
      if (type === 'Antrag' || type === 'Anfrage') {
        const factions = [...term.factionSeats.entries()].map(
          ([f, n]) => [f, n * (term.coalition.has(f) ? 1 : 1.6)] as const,
        );
        if (factions.length > 0) {
          const totalWeight = factions.reduce((sum, [, w]) => sum + w, 0);
          let x = uMisc * totalWeight;
          for (const [f, w] of factions) {
            originator = f;
            x -= w;
            if (x < 0) break;
          }
        }
      }
      papers.push({
        type,
        public: pub,
        domain,
        office: 0,
        originator,
        day: meeting.day,
        year: 0,
        number: 0,
        reference: '',
        title: '',
        topic: null,
        motion: null,
        steps: steps.map((st, i) => ({ org: st.org, role: st.role, item: i === 0 ? itemIndex + 1 : 0 })),
        files: [],
        written: false,
      });
      assignments.push([itemIndex, papers.length, 0]);
      const next = steps[1];
      if (next) queue(next.org, pub).q.push({ paper: papers.length, step: 1, notBefore: meeting.day + 7 });
    });
    // Papers still waiting: recent ones keep their open consultation; older ones end where they are.
    for (const [key, q] of queues) {
      for (const entry of q.slice(heads.get(key) ?? 0)) {
        const paper = papers[entry.paper - 1] as PPaper;
        if (entry.notBefore >= this.asOfDay - 90) continue;
        paper.steps = paper.steps.slice(0, entry.step);
        const last = paper.steps[paper.steps.length - 1];
        if (last && last.role === 'preliminary') last.role = 'decision';
      }
    }
    return { papers, assignments };
  }

  /** Exactly the target number of papers: drop a few single-step ones, or add written inquiries. */
  private adjustPaperCount(target: number) {
    const surplus = this.papers.length - target;
    if (surplus > 0) {
      const r = this.rng('paper-surplus');
      const candidates = this.papers
        .map((_, i) => ({ i, key: r.next() }))
        .filter(({ i }) => {
          const p = this.papers[i] as PPaper;
          return p.steps.length === 1 && p.type !== 'Antrag';
        })
        .sort((a, b) => a.key - b.key)
        .slice(0, surplus);
      const drop = new Set(candidates.map((c) => c.i));
      if (drop.size < surplus) throw new Error('cannot reduce the papers to the target count');
      for (const i of drop) {
        const step = (this.papers[i] as PPaper).steps[0] as PStep;
        const item = this.items[step.item - 1] as PItem;
        item.paper = 0;
        item.step = 0;
      }
      const renumber = new Map<number, number>();
      const kept: PPaper[] = [];
      this.papers.forEach((p, i) => {
        if (drop.has(i)) return;
        kept.push(p);
        renumber.set(i + 1, kept.length);
      });
      this.papers = kept;
      for (const item of this.items) if (item.paper) item.paper = renumber.get(item.paper) ?? 0;
      this.calibration.adjusted = -surplus;
    } else if (surplus < 0) {
      const r = this.rng('paper-written');
      for (let i = 0; i < -surplus; i++) {
        const day = r.int(this.rangeStart, Math.min(this.rangeEnd, this.asOfDay - 1));
        const term = this.terms[this.termOf(day)] as PTerm;
        const factions = [...term.factionSeats.keys()];
        const org = r.pick(this.gremien);
        const def = this.orgs[org]?.def as GremiumDef;
        this.papers.push({
          type: 'Anfrage',
          public: true,
          domain: r.pick(def.domains),
          office: 0,
          originator: factions.length > 0 ? r.pick(factions) : null,
          day,
          year: 0,
          number: 0,
          reference: '',
          title: '',
          topic: null,
          motion: null,
          steps: [{ org, role: 'notice', item: 0 }],
          files: [],
          written: true,
        });
      }
      this.calibration.adjusted = -surplus;
    }
  }

  /** Dates, offices, titles and reference numbers; papers renumbered by date. */
  private finishPapers() {
    const councilOffice = this.officeByNumber.get(COUNCIL_OFFICE_NUMBER) as number;
    const officeForDomain = (domain: Domain) => {
      const office = OFFICES.find((o) => o.domains.includes(domain));
      return this.officeByNumber.get(office?.number ?? '01') as number;
    };
    this.papers.forEach((paper, i) => {
      const r = this.rng('paper', i + 1);
      if (!paper.written) {
        const firstMeeting = this.meetings[
          (this.items[(paper.steps[0] as PStep).item - 1] as PItem).meeting - 1
        ] as PMeeting;
        paper.day = firstMeeting.day - r.int(10, 40);
        if (paper.day > this.asOfDay) paper.day = this.asOfDay - r.int(0, 7);
      }
      paper.year = yearOfDay(paper.day);
      const org = this.orgs[(paper.steps[0] as PStep).org] as POrg;
      const context: TopicContext = {
        year: paper.year,
        district: org.def?.type === 'district' ? org.def.name.replace('Bezirksvertretung ', '') : null,
      };
      switch (paper.type) {
        case 'Beschlussvorlage':
          paper.topic = paper.public
            ? beschlussvorlage(r, paper.domain, context)
            : nonPublicTopic(r, paper.domain, context);
          paper.title = paper.topic.title;
          paper.office = paper.public ? officeForDomain(paper.domain) : officeForDomain(this.nonPublicDomain(paper));
          break;
        case 'Mitteilungsvorlage':
          paper.title = noticeTitle(r, paper.domain, context);
          paper.office = officeForDomain(paper.domain);
          break;
        case 'Antrag':
          paper.motion = motion(r, paper.domain, context);
          paper.title = paper.motion.title;
          paper.office = councilOffice;
          break;
        default:
          paper.title = inquiryTitle(r, paper.domain, context);
          paper.office = councilOffice;
      }
    });
    // Ids by date; reference numbers per office and year in date order.
    const order = this.papers.map((p, i) => ({ p, i })).sort((a, b) => a.p.day - b.p.day || a.i - b.i);
    const newId = new Map<number, number>();
    order.forEach(({ i }, k) => {
      newId.set(i + 1, k + 1);
    });
    this.papers = order.map(({ p }) => p);
    for (const item of this.items) if (item.paper) item.paper = newId.get(item.paper) ?? 0;
    const counters = new Map<string, number>();
    for (const paper of this.papers) {
      const key = `${paper.office}|${paper.year}`;
      const n = (counters.get(key) ?? 0) + 1;
      counters.set(key, n);
      paper.number = n;
      const office = this.orgs[paper.office]?.officeNumber as string;
      paper.reference = `${office}/${String(n).padStart(3, '0')}/${paper.year}`;
    }
  }

  private nonPublicDomain(paper: PPaper): Domain {
    const title = paper.title;
    if (title.startsWith('Grundstücksangelegenheit')) return 'property';
    if (title.startsWith('Vergabe')) return 'procurement';
    if (title.startsWith('Personalangelegenheit')) return 'personnel';
    if (/Gewerbesteuerforderung/.test(title)) return 'finance';
    return 'procurement';
  }

  // --- files ----------------------------------------------------------------------------------------

  private planFiles() {
    this.papers.forEach((paper, i) => {
      const r = this.rng('files', i + 1);
      if (paper.type === 'Anfrage' || !r.chance(0.06)) return;
      const count = r.chance(0.3) ? 2 : 1;
      const kinds: PFile['kind'][] = paper.type === 'Beschlussvorlage' ? ['plan', 'costs'] : ['statement', 'plan'];
      for (let k = 0; k < count; k++) {
        const kind = kinds[k] as PFile['kind'];
        const label = {
          plan: 'Lageplan',
          costs: 'Kostenschätzung',
          statement: 'Stellungnahme',
          presentation: 'Präsentation',
        }[kind];
        const pdf = kind !== 'statement';
        const safeReference = paper.reference.replace(/\//g, '-');
        this.files.push({
          name: `Anlage ${k + 1} – ${label}`,
          fileName: `Anlage_${k + 1}_${label.replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss')}_${safeReference}.${pdf ? 'pdf' : 'txt'}`,
          mimeType: pdf ? 'application/pdf' : 'text/plain',
          paper: i + 1,
          item: 0,
          kind,
        });
        paper.files.push(this.files.length);
      }
    });
    this.items.forEach((item, i) => {
      if (item.kind !== 'main' || !item.public || !item.paper) return;
      const meeting = this.meetings[item.meeting - 1] as PMeeting;
      if (meeting.state !== 'minutes_signed') return;
      if (!this.rng('attachment', i + 1).chance(0.012)) return;
      const reference = (this.papers[item.paper - 1] as PPaper).reference.replace(/\//g, '-');
      this.files.push({
        name: 'Präsentation der Verwaltung',
        fileName: `Anlage_1_Praesentation_${reference}.pdf`,
        mimeType: 'application/pdf',
        paper: 0,
        item: i + 1,
        kind: 'presentation',
      });
      item.attachment = this.files.length;
    });
  }
}

/** The instant a meeting starts, ISO. */
export function meetingStart(m: PMeeting): string {
  return berlinInstant(m.day, m.startMinutes);
}

/**
 * The dataset format: one body's master data and meetings as a declarative document, with local
 * string keys instead of database ids. The demo data is a dataset; so are test fixtures. A dataset is
 * imported by `importDataset` in one transaction through the same services the application uses, so
 * every domain rule applies to it.
 */

import { z } from 'zod';
import { slugProblem } from '../../domain/slug.ts';

// Validation messages are shown to users: German (zod's own German locale for its defaults).
z.config(z.locales.de());

const key = z.string().min(1, 'Schlüssel fehlt');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Datum im Format JJJJ-MM-TT erwartet');
const isoDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:\d{2})$/, 'Zeitpunkt mit Zeitzone erwartet');
const clock = z.string().regex(/^\d{2}:\d{2}$/, 'Uhrzeit im Format HH:MM erwartet');
const text = z.string().min(1);
/** Text as paragraphs; stored joined by a blank line, every paragraph verbatim. */
const paragraphs = z.array(text).min(1);

export const datasetTerm = z.object({
  key,
  name: text,
  startDate: isoDate,
  endDate: isoDate.nullish(),
});

export const datasetOrganization = z.object({
  key,
  kind: z.enum(['council', 'committee', 'faction', 'office', 'external']),
  name: text,
  nameGenitive: text.nullish(),
  nameNominative: text.nullish(),
  shortName: text.nullish(),
  officeNumber: text.nullish(),
  parent: key.nullish(),
  committeeClass: text.nullish(),
  statutoryMembers: z.number().int().positive().nullish(),
  startDate: isoDate.nullish(),
  endDate: isoDate.nullish(),
  website: z.string().url().nullish(),
});

export const datasetPerson = z.object({
  key,
  formOfAddress: z.enum(['Herr', 'Frau']).nullish(),
  title: text.nullish(),
  givenName: text.nullish(),
  familyName: text,
  officeTitle: text.nullish(),
  email: z.string().email().nullish(),
  phone: text.nullish(),
  fax: text.nullish(),
});

export const membershipRoles = [
  'chair',
  'vice_chair',
  'member',
  'deputy_member',
  'advisory_member',
  'secretary',
  'deputy_secretary',
] as const;

export const datasetMembership = z.object({
  person: key,
  organization: key,
  term: key.nullish(),
  role: z.enum(membershipRoles),
  roleLabel: text.nullish(),
  votingRight: z.boolean(),
  appointedCitizen: z.boolean().default(false),
  onBehalfOf: key.nullish(),
  deputyOf: key.nullish(),
  startDate: isoDate.nullish(),
  endDate: isoDate.nullish(),
});

export const datasetLocation = z.object({
  key,
  name: text,
  streetAddress: text.nullish(),
  postalCode: text.nullish(),
  locality: text.nullish(),
  rooms: z.array(z.object({ key, name: text, description: text.nullish() })).default([]),
});

export const datasetFile = z.object({
  key,
  name: text,
  fileName: text,
  mimeType: text,
  /** UTF-8 text content; or `base64` for binary content. */
  content: z.string().optional(),
  base64: z.string().optional(),
});

export const datasetConsultation = z.object({
  organization: key,
  role: z.enum(['preliminary', 'decision', 'notice']),
  status: text.default('open'),
  /** Where it was consulted: a meeting key and the agenda item number there. */
  meeting: key.nullish(),
  agendaNumber: text.nullish(),
});

export const datasetPaper = z.object({
  key,
  office: key,
  /** Reference as printed, "10/002/2021"; its office and year must match. Omit to allocate the next. */
  reference: text.nullish(),
  year: z.number().int().min(1900).max(2999),
  paperType: text,
  title: text,
  text: paragraphs.nullish(),
  date: isoDate.nullish(),
  originator: key.nullish(),
  public: z.boolean().default(true),
  files: z.array(key).default([]),
  consultations: z.array(datasetConsultation).default([]),
});

export const datasetVote = z.object({
  method: z.enum(['open', 'roll_call', 'secret']).default('open'),
  subject: text.nullish(),
  yes: z.number().int().nullish(),
  no: z.number().int().nullish(),
  abstain: z.number().int().nullish(),
  unanimous: z.boolean().default(false),
  /** 'noted' for a Kenntnisnahme without counting; otherwise computed from the counts and checked. */
  outcome: z.enum(['accepted', 'rejected', 'noted']).nullish(),
  byFaction: z
    .array(
      z.object({
        faction: key,
        yes: z.number().int().default(0),
        no: z.number().int().default(0),
        abstain: z.number().int().default(0),
      }),
    )
    .default([]),
  ballots: z.array(z.object({ person: key, choice: z.enum(['yes', 'no', 'abstain']) })).default([]),
});

export type DatasetAgendaItem = {
  number: string;
  public: boolean;
  title: string;
  subtitle?: string | null | undefined;
  paper?: string | null | undefined;
  supplement?: boolean | undefined;
  minutesText?: string[] | null | undefined;
  resolution?: { kind: 'decision' | 'recommendation' | 'notice'; text: string[] } | null | undefined;
  votes?: z.input<typeof datasetVote>[] | undefined;
  conflicts?: { person: string; note?: string | null | undefined }[] | undefined;
  addenda?: { heading?: string | undefined; text: string[] }[] | undefined;
  attachments?: { file: string; label: string }[] | undefined;
  items?: DatasetAgendaItem[] | undefined;
};

export const datasetAgendaItem: z.ZodType<DatasetAgendaItem> = z.lazy(() =>
  z.object({
    number: z.string().regex(/^\d+(\.\d+)*$/, 'Nummer wie "1" oder "1.1" erwartet'),
    public: z.boolean(),
    title: text,
    subtitle: text.nullish(),
    paper: key.nullish(),
    supplement: z.boolean().optional(),
    minutesText: paragraphs.nullish(),
    resolution: z.object({ kind: z.enum(['decision', 'recommendation', 'notice']), text: paragraphs }).nullish(),
    votes: z.array(datasetVote).optional(),
    conflicts: z.array(z.object({ person: key, note: text.nullish() })).optional(),
    addenda: z.array(z.object({ heading: text.optional(), text: paragraphs })).optional(),
    attachments: z.array(z.object({ file: key, label: text })).optional(),
    items: z.array(datasetAgendaItem).optional(),
  }),
);

export const datasetAttendance = z.object({
  person: key,
  role: z.enum(['chair', 'member', 'substitute', 'advisory_member', 'administration', 'guest']),
  status: z.enum(['present', 'excused', 'absent']).default('present'),
  votingRight: z.boolean(),
  substituteFor: key.nullish(),
  function: text.nullish(),
  arrivedAt: clock.nullish(),
  leftAt: clock.nullish(),
});

export const datasetMeeting = z.object({
  key,
  organization: key,
  state: z.enum(['planned', 'invited', 'held', 'minutes_drafted', 'minutes_signed']),
  /**
   * Whether signed minutes are published (public). Default: published when signed (as before migration
   * 0017). Only for `minutes_signed`; published at the last signature (else the minutes' date).
   */
  minutesPublished: z.boolean().optional(),
  cancelled: z.boolean().default(false),
  startAt: isoDateTime,
  endAt: isoDateTime.nullish(),
  location: key.nullish(),
  room: key.nullish(),
  invitationSentOn: isoDate.nullish(),
  invitationUrgent: z.boolean().default(false),
  supplementSentOn: isoDate.nullish(),
  minutesPlace: text.nullish(),
  minutesDate: isoDate.nullish(),
  contact: key.nullish(),
  publicPartClosingNote: paragraphs.nullish(),
  attendance: z.array(datasetAttendance).default([]),
  agenda: z.array(datasetAgendaItem).default([]),
  rapporteurs: z
    .array(z.object({ person: key, to: key, faction: key.nullish(), agendaNumber: text.nullish() }))
    .default([]),
  signatures: z
    .array(z.object({ role: z.enum(['chair', 'secretary']), person: key, signedAt: isoDateTime }))
    .default([]),
});

export const datasetBody = z.object({
  slug: z.string().superRefine((slug, ctx) => {
    const problem = slugProblem(slug);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  name: text,
  shortName: text.nullish(),
  jurisdiction: z.enum(['nrw-kreis', 'nrw-gemeinde']),
  website: z.string().url().nullish(),
  seat: text.nullish(),
  settings: z.record(z.string(), z.unknown()).default({}),
});

export const datasetSchema = z.object({
  body: datasetBody,
  terms: z.array(datasetTerm).default([]),
  organizations: z.array(datasetOrganization).default([]),
  persons: z.array(datasetPerson).default([]),
  memberships: z.array(datasetMembership).default([]),
  locations: z.array(datasetLocation).default([]),
  files: z.array(datasetFile).default([]),
  papers: z.array(datasetPaper).default([]),
  meetings: z.array(datasetMeeting).default([]),
});

/** A dataset as written by hand (defaults optional). */
export type DatasetInput = z.input<typeof datasetSchema>;
/** A dataset after validation (defaults applied). */
export type Dataset = z.output<typeof datasetSchema>;

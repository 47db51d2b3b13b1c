/**
 * Documents of a meeting for a reader: which exist (availability), the model for the reader's
 * visibility (public readers get the redacted variant, built from data read with public visibility:
 * two gates, one at the query layer and the redaction step), and the rendered file.
 */
import type { Executor } from '../db/open.ts';
import { loadMeeting, type MeetingRecord } from '../db/repositories/meetings.ts';
import { holdersOfRole } from '../db/repositories/memberships.ts';
import { minutesArePublished } from '../db/repositories/visibility.ts';
import type { Visibility } from '../domain/visibility.ts';
import { buildExtract, buildInvitation, buildMinutes, buildSupplement, type Convener, meetingDay } from './builders.ts';
import type { DocumentKind, DocumentModel } from './model.ts';
import { redact } from './redact.ts';
import { renderHtml } from './render-html.tsx';
import { renderText } from './render-text.ts';

export type DocumentFormat = 'pdf' | 'html' | 'txt';
export const DOCUMENT_FORMATS: readonly DocumentFormat[] = ['pdf', 'html', 'txt'];

const CONTENT_TYPES: Record<DocumentFormat, string> = {
  pdf: 'application/pdf',
  html: 'text/html; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
};

/** URL segment of each document kind ("niederschrift.pdf"). */
export const DOCUMENT_SLUGS: Record<Exclude<DocumentKind, 'extract'>, string> = {
  minutes: 'niederschrift',
  invitation: 'einladung',
  supplement: 'nachtrag',
};

export const DOCUMENT_LABELS: Record<DocumentKind, string> = {
  minutes: 'Niederschrift',
  invitation: 'Einladung',
  supplement: 'Nachtrag zur Tagesordnung',
  extract: 'Beschlussauszug',
};

const minutesPublished = (m: MeetingRecord) => minutesArePublished(m);
const invited = (m: MeetingRecord) => m.state !== 'planned';

/**
 * Which documents a reader may have. For the public: the invitation once it went out, a supplement when
 * it lists public items, the minutes and extracts once the minutes are signed and published. Members and staff also
 * get drafts.
 */
export function availableDocuments(meeting: MeetingRecord, visibility: Visibility) {
  const everything = visibility !== 'public';
  const extracts = meeting.items.filter(
    (i) => (i.public || everything) && !i.redacted && (i.resolutionText || i.votes.length > 0),
  );
  return {
    minutes: everything || minutesPublished(meeting),
    invitation: everything || invited(meeting),
    supplement: (everything || invited(meeting)) && meeting.items.some((i) => i.supplement && (i.public || everything)),
    extracts: everything || minutesPublished(meeting) ? extracts.map((i) => ({ id: i.id, number: i.number })) : [],
  };
}

async function convenerOf(db: Executor, meeting: MeetingRecord): Promise<Convener | null> {
  const [chair] = await holdersOfRole(db, meeting.organization.id, 'chair', meetingDay(meeting));
  if (!chair) return null;
  const { roleLabel, ...person } = chair;
  return { person, roleLabel: roleLabel ?? (person.formOfAddress === 'Frau' ? 'Vorsitzende' : 'Vorsitzender') };
}

export interface DocumentRequest {
  meetingId: number;
  kind: DocumentKind;
  /** For extracts: the agenda item number ("7"). */
  itemNumber?: string;
  visibility: Visibility;
}

/** The document model for a reader, or undefined when it does not exist for them. */
export async function meetingDocument(
  db: Executor,
  request: DocumentRequest,
): Promise<{ meeting: MeetingRecord; model: DocumentModel } | undefined> {
  const meeting = await loadMeeting(db, request.meetingId, request.visibility);
  if (!meeting) return undefined;
  const available = availableDocuments(meeting, request.visibility);
  let model: DocumentModel | undefined;
  switch (request.kind) {
    case 'minutes':
      model = available.minutes ? buildMinutes(meeting) : undefined;
      break;
    case 'invitation':
      model = available.invitation ? buildInvitation(meeting, await convenerOf(db, meeting)) : undefined;
      break;
    case 'supplement':
      model = available.supplement
        ? buildSupplement(meeting, await convenerOf(db, meeting), meeting.supplementSentOn)
        : undefined;
      break;
    case 'extract': {
      const item = available.extracts.find((e) => e.number === request.itemNumber);
      model = item ? buildExtract(meeting, item.id) : undefined;
      break;
    }
  }
  if (!model) return undefined;
  return { meeting, model: request.visibility === 'public' ? redact(model, meeting.body.settings) : model };
}

export interface RenderedDocument {
  body: string | Uint8Array;
  contentType: string;
  fileName: string;
}

/** `creationDate` (PDF metadata) defaults to now; pass the data's modification time for stable bytes. */
export async function renderDocument(
  model: DocumentModel,
  format: DocumentFormat,
  options: { creationDate?: Date } = {},
): Promise<RenderedDocument> {
  const fileName = `${model.meta.fileBaseName}.${format}`;
  switch (format) {
    case 'pdf': {
      // Loaded on first use: pdfkit and the fonts cost start-up time that most requests never need.
      const { renderPdf } = await import('./render-pdf.ts');
      return { body: await renderPdf(model, options), contentType: CONTENT_TYPES.pdf, fileName };
    }
    case 'html':
      return { body: renderHtml(model), contentType: CONTENT_TYPES.html, fileName };
    case 'txt':
      return { body: renderText(model), contentType: CONTENT_TYPES.txt, fileName };
  }
}

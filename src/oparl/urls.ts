/**
 * The URL scheme of the OParl API (docs/oparl.md): every object under `/oparl/v1.1/{type}/{id}`, the
 * external lists of a body under `/oparl/v1.1/body/{id}/{list}`. Ids are the database ids, written
 * without leading zeros; the scheme never changes for an object (OParl 2.3, "Langlebigkeit").
 */

export const OPARL_BASE_PATH = '/oparl/v1.1';

/** Object types with their own URLs, by the path segment (the OParl type name in lower camel case). */
export type ObjectPath =
  | 'body'
  | 'legislativeTerm'
  | 'organization'
  | 'person'
  | 'membership'
  | 'meeting'
  | 'agendaItem'
  | 'paper'
  | 'consultation'
  | 'file'
  | 'location'
  | 'room';

/** The external lists of a body, by their path segment. */
export const BODY_LISTS = [
  'organization',
  'person',
  'meeting',
  'paper',
  'legislativeTerm',
  'agendaItem',
  'consultation',
  'file',
  'location',
  'membership',
] as const;
export type BodyList = (typeof BODY_LISTS)[number];

export type MeetingDocument = 'invitation' | 'supplement' | 'minutes';

export class Urls {
  readonly base: string;

  constructor(readonly origin: string) {
    this.base = `${origin}${OPARL_BASE_PATH}`;
  }

  system(): string {
    return this.base;
  }

  bodies(): string {
    return `${this.base}/body`;
  }

  object(type: ObjectPath, id: number): string {
    return `${this.base}/${type}/${id}`;
  }

  bodyList(bodyId: number, list: BodyList): string {
    return `${this.base}/body/${bodyId}/${list}`;
  }

  organizationMeetings(organizationId: number): string {
    return `${this.base}/organization/${organizationId}/meeting`;
  }

  meetingDocument(meetingId: number, kind: MeetingDocument): string {
    return `${this.base}/meeting/${meetingId}/${kind}`;
  }

  extract(agendaItemId: number): string {
    return `${this.base}/agendaItem/${agendaItemId}/extract`;
  }

  /** A portal page (absolute). */
  web(path: string): string {
    return `${this.origin}${path}`;
  }
}

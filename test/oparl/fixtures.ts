/**
 * A town for the OParl tests: smallTown() with non-public content everywhere it can hide, each piece
 * carrying a marker that must never appear in the API, and public content next to it that must.
 */
import type { DatasetAgendaItem, DatasetInput } from '../../src/services/dataset/schema.ts';
import { smallTown } from '../helpers/fixtures.ts';

/** Every non-public string starts with this (upper case) or contains it in lower case (e-mail). */
export const SECRET = 'ZZVERTRAULICH';
export const FORBIDDEN = [SECRET, SECRET.toLowerCase()];
export const marker = (what: string) => `${SECRET}-${what}`;

export function markedTown(slug?: string): DatasetInput {
  const base = smallTown(slug ? { slug } : {});
  const town = structuredClone(base) as Required<
    Pick<DatasetInput, 'persons' | 'memberships' | 'papers' | 'meetings'>
  > &
    DatasetInput;
  // Contact data of a public person is never part of the API.
  town.persons = town.persons.map((p) =>
    p.key === 'a' ? { ...p, email: 'zzvertraulich@example.org', phone: marker('telefon') } : p,
  );
  // Staff, known only from an office: not a public person.
  town.persons.push({ key: 's', formOfAddress: 'Herr', givenName: 'Sebastian', familyName: 'Sachbearbeiter' });
  town.memberships.push({ person: 's', organization: 'amt20', role: 'member', votingRight: false });
  town.files = [
    { key: 'f-plan', name: 'Lageplan Nord', fileName: 'Lageplan_Nord.txt', mimeType: 'text/plain', content: 'Plan' },
    {
      key: 'f-anlage',
      name: 'Präsentation Nord',
      fileName: 'Praesentation.txt',
      mimeType: 'text/plain',
      content: 'Folien',
    },
    {
      key: 'f-secret',
      name: marker('anlage'),
      fileName: `${marker('datei')}.txt`,
      mimeType: 'text/plain',
      content: marker('inhalt'),
    },
    {
      key: 'f-item-secret',
      name: marker('anlage-top'),
      fileName: `${marker('datei-top')}.txt`,
      mimeType: 'text/plain',
      content: marker('inhalt-top'),
    },
  ];
  town.papers = [
    ...town.papers,
    {
      key: 'bplan',
      office: 'amt20',
      year: 2024,
      paperType: 'Beschlussvorlage',
      title: 'Bebauungsplan Nord',
      text: ['Der Ausschuss möge den Bebauungsplan Nord beschließen.'],
      date: '2024-11-20',
      files: ['f-plan'],
      consultations: [{ organization: 'fa', role: 'decision', status: 'decided', meeting: 'm2', agendaNumber: '2' }],
    },
    {
      key: 'secret',
      office: 'amt20',
      year: 2024,
      paperType: 'Beschlussvorlage',
      title: marker('vorlage'),
      text: [marker('vorlagentext')],
      public: false,
      files: ['f-secret'],
      consultations: [{ organization: 'fa', role: 'decision', status: 'decided', meeting: 'm2', agendaNumber: '3' }],
    },
    {
      key: 'on-secret',
      office: 'amt20',
      year: 2024,
      paperType: 'Mitteilungsvorlage',
      title: 'Grundstücksverkehr',
      consultations: [
        { organization: 'fa', role: 'notice', status: 'noted', meeting: 'm2', agendaNumber: '3' },
        { organization: 'rat', role: 'decision', status: 'open' },
      ],
    },
    {
      key: 'planned',
      office: 'amt20',
      year: 2025,
      paperType: 'Antrag',
      title: 'Neue Radwege',
      originator: 'spd',
      consultations: [{ organization: 'fa', role: 'preliminary', meeting: 'm3', agendaNumber: '1' }],
    },
  ];
  const [held] = town.meetings;
  if (!held) throw new Error('smallTown() has no meeting');
  // Held, minutes not signed: the results and the minutes' text are not public yet.
  held.agenda = ((held.agenda ?? []) as DatasetAgendaItem[]).map((item) =>
    item.number === '2'
      ? {
          ...item,
          minutesText: [marker('entwurf-niederschrift')],
          resolution: { kind: 'decision', text: [marker('entwurf-beschluss')] },
        }
      : item.public
        ? item
        : { ...item, title: marker('top-ungezeichnet'), minutesText: [marker('top-ungezeichnet-text')] },
  );
  town.meetings = [
    held,
    {
      key: 'm2',
      organization: 'fa',
      state: 'minutes_signed',
      startAt: '2024-12-05T17:00:00+01:00',
      endAt: '2024-12-05T19:30:00+01:00',
      location: 'rh',
      room: 'r1',
      invitationSentOn: '2024-11-25',
      minutesDate: '2024-12-12',
      minutesPlace: 'Teststadt',
      attendance: [
        { person: 'a', role: 'chair', votingRight: true },
        { person: 'b', role: 'member', votingRight: true },
        { person: 'c', role: 'member', votingRight: true },
        { person: 'd', role: 'member', votingRight: true, status: 'excused' },
        { person: 'e', role: 'member', votingRight: true },
        { person: 's', role: 'administration', votingRight: false },
      ],
      agenda: [
        {
          number: '1',
          public: true,
          title: 'Bericht der Verwaltung',
          minutesText: ['Die Verwaltung berichtet öffentlich über den Stand der Dinge.'],
        },
        {
          number: '2',
          public: true,
          title: 'Bebauungsplan Nord',
          paper: 'bplan',
          minutesText: ['Der Plan wird erläutert.'],
          resolution: { kind: 'decision', text: ['Der Ausschuss beschließt den Bebauungsplan Nord.'] },
          votes: [
            {
              yes: 2,
              no: 0,
              abstain: 1,
              byFaction: [
                { faction: 'spd', yes: 2 },
                { faction: 'cdu', abstain: 1 },
              ],
            },
          ],
          conflicts: [{ person: 'e', note: 'Grundstück in der Nachbarschaft' }],
          attachments: [{ file: 'f-anlage', label: 'Anlage 1' }],
        },
        {
          number: '3',
          public: false,
          title: marker('top-titel'),
          subtitle: marker('top-untertitel'),
          paper: 'secret',
          minutesText: [marker('protokoll')],
          resolution: { kind: 'decision', text: [marker('beschluss')] },
          votes: [{ yes: 3, no: 0, abstain: 0 }],
          conflicts: [{ person: 'c', note: marker('befangen') }],
          addenda: [{ text: [marker('ergaenzung')] }],
          attachments: [{ file: 'f-item-secret', label: 'Anlage 2' }],
        },
      ],
    },
    {
      key: 'm3',
      organization: 'fa',
      state: 'planned',
      startAt: '2025-02-13T17:00:00+01:00',
      location: 'rh',
      // The draft agenda of a planned meeting is not published.
      agenda: [{ number: '1', public: true, title: marker('entwurf-top'), paper: 'planned' }],
    },
  ];
  return town;
}

/**
 * "Beispielhausen": an OParl 1.0 server with the defects real servers have, one or more of each, for
 * the importer's tests. Every object is made on the fixture server's origin (no hosts to rewrite).
 */
import type { FixtureServer, Json } from '../fixtures/oparl-server.ts';

const T = (type: string) => `https://schema.oparl.org/1.0/${type}`;

export interface Town {
  system: string;
  body: string;
  /** Absolute id of a path ("/ris/meeting/1"). */
  id(path: string): string;
  /** The same id with the other scheme (a real server's "http id"). */
  otherScheme(path: string): string;
  meetings: Json[];
  organizations: Json[];
  persons: Json[];
  papers: Json[];
}

export const RECENT = '2024-06-01T10:00:00+02:00';

export function beispielhausen(server: FixtureServer): Town {
  const id = (path: string) => server.url(`/ris${path}`);
  const otherScheme = (path: string) => id(path).replace(/^http:/, 'https:');
  const lists = {
    organization: id('/body/1/organizations'),
    person: id('/body/1/people'),
    meeting: id('/body/1/meetings'),
    paper: id('/body/1/papers'),
  };
  const system: Json = {
    id: id('/system'),
    type: T('System'),
    oparlVersion: 'https://schema.oparl.org/1.0/',
    name: 'N/A',
    body: id('/bodies'),
  };
  const body: Json = {
    id: id('/body/1'),
    type: T('Body'),
    system: system.id,
    name: 'Stadt Beispielhausen',
    shortName: '',
    website: 'N/A',
    classification: 'Stadt',
    ...lists,
    legislativeTerm: [
      {
        id: id('/term/1'),
        type: T('LegislativeTerm'),
        name: 'Wahlperiode 2020–2025',
        startDate: '2020-11-01',
        endDate: '2025-10-31',
      },
    ],
    created: '',
    modified: RECENT,
  };
  const organizations: Json[] = [
    {
      id: id('/org/1'),
      type: T('Organization'),
      body: body.id,
      name: 'Rat der Stadt',
      organizationType: 'Gremium',
      classification: 'Parlament',
      modified: RECENT,
    },
    {
      id: id('/org/2'),
      type: T('Organization'),
      body: body.id,
      name: 'Bauausschuss',
      organizationType: 'Gremium',
      classification: 'Ausschuss',
      subOrganizationOf: id('/org/1'),
      startDate: '2020-13-45',
      modified: RECENT,
    },
    {
      id: id('/org/3'),
      type: T('Organization'),
      body: body.id,
      name: 'Fraktion Grün',
      organizationType: 'Fraktion',
      modified: RECENT,
    },
    {
      id: id('/org/4'),
      type: T('Organization'),
      body: body.id,
      name: 'Fachbereich Planen',
      organizationType: 'Verwaltungsbereich',
      modified: RECENT,
    },
  ];
  // Linked by a membership, missing from the organization list (as Wuppertal's committees are).
  const missing: Json = {
    id: id('/org/5'),
    type: T('Organization'),
    body: body.id,
    name: 'Seniorenbeirat',
    classification: 'Beirat',
    modified: RECENT,
  };
  const persons: Json[] = [
    {
      id: id('/person/1'),
      type: T('Person'),
      body: body.id,
      name: 'Dr. Erika Muster',
      familyName: 'Muster',
      givenName: 'Erika',
      title: ['Dr.'],
      formOfAddress: 'N/A',
      membership: [
        {
          id: id('/membership/1'),
          type: T('Membership'),
          organization: id('/org/2'),
          role: 'Vorsitzende',
          votingRight: true,
          startDate: '2020-11-01',
          onBehalfOf: id('/org/3'),
        },
        {
          id: id('/membership/2'),
          type: T('Membership'),
          organization: otherScheme('/org/1'),
          role: 'Mitglied',
          startDate: '2021-05-01',
          endDate: '2020-01-01',
        },
      ],
      created: 'gestern',
      modified: RECENT,
    },
    {
      id: id('/person/2'),
      type: T('Person'),
      body: body.id,
      name: 'Hans Beispiel',
      membership: [
        {
          id: id('/membership/3'),
          type: T('Membership'),
          organization: id('/org/5'),
          role: 'stellv. Mitglied',
        },
      ],
      modified: RECENT,
    },
  ];
  const meetings: Json[] = [
    {
      id: id('/meeting/1'),
      type: T('Meeting'),
      name: '1. Sitzung des Bauausschusses',
      organization: [id('/org/2')],
      start: '2024-03-01T17:00:00+01:00',
      end: '2024-02-30T19:00:00+01:00',
      location: {
        id: id('/location/1'),
        type: T('Location'),
        description: 'Rathaus, Sitzungssaal, Markt 1, 12345 Beispielhausen',
        streetAddress: 'Markt 1',
        postalCode: '12345',
        locality: 'Beispielhausen',
        room: 'Sitzungssaal',
        geojson: { type: 'Feature', geometry: { type: 'Point', coordinates: [51.2, 7.1] }, properties: {} },
      },
      participant: [id('/person/1')],
      invitation: {
        id: id('/file/2'),
        type: T('File'),
        name: 'Einladung',
        fileName: 'einladung.pdf',
        mimeType: 'application/pdf',
        accessUrl: id('/files/einladung.pdf'),
      },
      agendaItem: [
        {
          id: id('/item/1'),
          type: T('AgendaItem'),
          number: '1',
          order: 1,
          name: 'Eröffnung',
          public: true,
          result: 'zur Kenntnis genommen',
        },
        {
          id: id('/item/2'),
          type: T('AgendaItem'),
          number: '2',
          order: 2,
          name: 'Bebauungsplan Nord',
          public: true,
          result: 'einstimmig beschlossen',
          resolutionText: 'Der Ausschuss beschließt den Bebauungsplan Nord.',
          auxiliaryFile: [
            {
              id: id('/file/1'),
              type: T('File'),
              name: 'Lageplan',
              fileName: 'lageplan.pdf',
              mimeType: 'application/pdf',
              accessUrl: id('/files/lageplan.pdf'),
            },
          ],
        },
        {
          id: id('/item/3'),
          type: T('AgendaItem'),
          number: '3',
          order: 3,
          name: 'Grundstücksangelegenheiten',
          public: false,
          resolutionText: '',
        },
      ],
      created: '2024-02-01T09:00:00+01:00',
      modified: RECENT,
    },
    {
      id: id('/meeting/2'),
      type: T('Meeting'),
      name: 'Sitzung ohne Datum',
      organization: [id('/org/2')],
      start: 'demnächst',
      modified: RECENT,
    },
    {
      id: id('/meeting/3'),
      type: T('Meeting'),
      name: '2. Sitzung des Rates',
      organization: [id('/org/1')],
      start: '2024-04-11T18:00:00+02:00',
      meetingState: 'durchgeführt',
      modified: RECENT,
    },
    {
      // Counts beyond an integer column: the write fails after the meeting row; nothing may remain.
      id: id('/meeting/4'),
      type: T('Meeting'),
      name: 'Kaputte Sitzung',
      organization: [id('/org/1')],
      start: '2024-05-02T18:00:00+02:00',
      agendaItem: [
        {
          id: id('/item/41'),
          type: T('AgendaItem'),
          number: '1',
          order: 0,
          name: 'Abstimmung mit zu vielen Stimmen',
          'ratsinfo:votes': [{ method: 'open', yes: 3_000_000_000, no: 0, abstain: 0, outcome: 'accepted' }],
        },
      ],
      modified: RECENT,
    },
  ];
  const papers: Json[] = [
    {
      id: id('/paper/1'),
      type: T('Paper'),
      body: body.id,
      name: 'Bebauungsplan Nord',
      reference: 'VO/2024/0012',
      date: '2024-02-01',
      paperType: 'Beschlussvorlage',
      underDirectionOf: [id('/org/4')],
      mainFile: {
        id: id('/file/3'),
        type: T('File'),
        name: 'Vorlage',
        fileName: 'vorlage.pdf',
        mimeType: 'application/pdf',
        accessUrl: id('/files/vorlage.pdf'),
      },
      consultation: [
        {
          id: id('/consultation/1'),
          type: T('Consultation'),
          agendaItem: id('/item/2'),
          meeting: id('/meeting/1'),
          organization: [id('/org/2')],
          authoritative: true,
          role: 'Entscheidung',
        },
      ],
      modified: RECENT,
    },
    {
      id: id('/paper/2'),
      type: T('Paper'),
      body: body.id,
      name: 'Anfrage zum Bebauungsplan',
      reference: 'VO/2024/0012',
      paperType: 'N/A',
      underDirectionOf: [id('/org/99')],
      modified: RECENT,
    },
  ];
  server.add(system);
  server.add(body);
  server.list(system.body as string, [body]);
  for (const o of [...organizations, missing, ...persons, ...meetings, ...papers]) server.add(o);
  server.list(lists.organization, organizations);
  server.list(lists.person, persons);
  server.list(lists.meeting, meetings);
  server.list(lists.paper, papers);
  for (const name of ['einladung.pdf', 'lageplan.pdf', 'vorlage.pdf']) {
    server.files.set(new URL(id(`/files/${name}`)).pathname, `%PDF-1.4 ${name}`);
  }
  return {
    system: system.id as string,
    body: body.id as string,
    id,
    otherScheme,
    meetings,
    organizations,
    persons,
    papers,
  };
}

/**
 * Small datasets for storage tests, and a row count of every table to prove that a rejected write
 * changed nothing.
 */
import { count } from 'drizzle-orm';
import type { Executor } from '../../src/db/open.ts';
import { schema } from '../../src/db/schema.ts';
import type { DatasetInput } from '../../src/services/dataset/schema.ts';

/** Rows per table (the audit log included). */
export async function rowCounts(db: Executor): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const [name, table] of Object.entries(schema)) {
    const [row] = await db.select({ n: count() }).from(table);
    result[name] = Number(row?.n ?? 0);
  }
  return result;
}

let sequence = 0;

/**
 * A small Gemeinde with a council, one committee (5 seats), two factions, an office "20",
 * five members, a guest, and one meeting with a public and a non-public item.
 */
export function smallTown(overrides: { slug?: string } = {}): DatasetInput {
  sequence += 1;
  const slug = overrides.slug ?? `teststadt-${process.pid}-${sequence}`;
  return {
    body: { slug, name: 'Stadt Teststadt', jurisdiction: 'nrw-gemeinde', seat: 'Teststadt' },
    terms: [{ key: 't', name: 'Wahlperiode 2020–2025', startDate: '2020-11-01', endDate: '2025-10-31' }],
    organizations: [
      { key: 'rat', kind: 'council', name: 'Rat', nameGenitive: 'des Rates' },
      {
        key: 'fa',
        kind: 'committee',
        name: 'Finanzausschuss',
        nameGenitive: 'des Finanzausschusses',
        parent: 'rat',
        statutoryMembers: 5,
      },
      { key: 'spd', kind: 'faction', name: 'SPD-Fraktion', shortName: 'SPD', parent: 'rat' },
      { key: 'cdu', kind: 'faction', name: 'CDU-Fraktion', shortName: 'CDU', parent: 'rat' },
      { key: 'amt20', kind: 'office', name: 'Kämmerei', officeNumber: '20' },
    ],
    persons: [
      { key: 'a', formOfAddress: 'Frau', givenName: 'Anna', familyName: 'Acker' },
      { key: 'b', formOfAddress: 'Herr', givenName: 'Bernd', familyName: 'Böhm' },
      { key: 'c', formOfAddress: 'Frau', title: 'Dr.', givenName: 'Clara', familyName: 'Çelik' },
      { key: 'd', formOfAddress: 'Herr', givenName: 'Dieter', familyName: 'Dörr' },
      { key: 'e', formOfAddress: 'Frau', givenName: 'Eva', familyName: 'Eßer' },
      { key: 'g', formOfAddress: 'Herr', givenName: 'Gustav', familyName: 'Gast' },
    ],
    memberships: [
      { person: 'a', organization: 'fa', term: 't', role: 'chair', votingRight: true, onBehalfOf: 'spd' },
      { person: 'b', organization: 'fa', term: 't', role: 'member', votingRight: true, onBehalfOf: 'spd' },
      { person: 'c', organization: 'fa', term: 't', role: 'member', votingRight: true, onBehalfOf: 'cdu' },
      { person: 'd', organization: 'fa', term: 't', role: 'member', votingRight: true, onBehalfOf: 'cdu' },
      { person: 'e', organization: 'fa', term: 't', role: 'member', votingRight: true, appointedCitizen: true },
    ],
    locations: [
      {
        key: 'rh',
        name: 'Rathaus',
        streetAddress: 'Marktplatz 1',
        postalCode: '12345',
        locality: 'Teststadt',
        rooms: [{ key: 'r1', name: 'Ratssaal' }],
      },
    ],
    papers: [
      {
        key: 'haushalt',
        office: 'amt20',
        year: 2024,
        paperType: 'Beschlussvorlage',
        title: 'Haushaltssatzung 2025',
        consultations: [{ organization: 'fa', role: 'preliminary', meeting: 'm', agendaNumber: '2' }],
      },
    ],
    meetings: [
      {
        key: 'm',
        organization: 'fa',
        state: 'held',
        startAt: '2024-11-14T17:00:00+01:00',
        location: 'rh',
        room: 'r1',
        attendance: [
          { person: 'a', role: 'chair', votingRight: true },
          { person: 'b', role: 'member', votingRight: true },
          { person: 'c', role: 'member', votingRight: true },
          { person: 'd', role: 'member', votingRight: true, status: 'excused' },
          { person: 'e', role: 'member', votingRight: true },
          { person: 'g', role: 'guest', votingRight: false },
        ],
        agenda: [
          { number: '1', public: true, title: 'Eröffnung der Sitzung' },
          { number: '2', public: true, title: 'Haushaltssatzung 2025', paper: 'haushalt' },
          { number: '3', public: false, title: 'Grundstücksangelegenheit' },
        ],
      },
    ],
  };
}

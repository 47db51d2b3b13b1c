/**
 * Demo data: Kreis Mettmann, meeting of the Ausschuss für Digitalisierung on 18.02.2021.
 *
 * A transcription of the real, published minutes (Niederschrift) in
 * `shared/reference/niederschrift-digitalisierung-2021-02-18.txt` of the project's shared material (public version: the non-public
 * part is left out there and here). The minutes must be reconstructable from this data, so every text
 * paragraph is copied verbatim from the reference, typos included ("beichtet", "H Herr Schölzel",
 * "Kreis-ausschuss", "Bezahlssystem"). Where the data holds something the minutes do not state outright,
 * a comment says so.
 */
import type { DatasetInput } from '../services/dataset/schema.ts';

const MEETING = 'm-digi-2021-02-18';

export const kreisMettmann: DatasetInput = {
  body: {
    slug: 'kreis-mettmann',
    name: 'Kreis Mettmann',
    jurisdiction: 'nrw-kreis',
    seat: 'Mettmann',
    website: 'https://www.kreis-mettmann.de',
    // The published minutes list the titles of the non-public items (12, 13).
    settings: { publishNonPublicAgendaTitles: true },
  },

  terms: [
    // The minutes say "Wahlperiode 2020-2025" (item 2). NRW local elections were held on 13.09.2020; the
    // term runs from 01.11.2020 to 31.10.2025 (not in the minutes).
    { key: 't-2020-2025', name: 'Wahlperiode 2020–2025', startDate: '2020-11-01', endDate: '2025-10-31' },
  ],

  organizations: [
    {
      key: 'org-kreistag',
      kind: 'council',
      name: 'Kreistag',
      nameGenitive: 'des Kreistages',
      // The letterhead prints "Der Kreistag".
      nameNominative: 'Der Kreistag',
    },
    {
      key: 'org-kreisausschuss',
      kind: 'committee',
      name: 'Kreisausschuss',
      nameGenitive: 'des Kreisausschusses',
      committeeClass: 'kreisausschuss',
      parent: 'org-kreistag',
    },
    {
      key: 'org-digitalisierung',
      kind: 'committee',
      name: 'Ausschuss für Digitalisierung',
      nameGenitive: 'des Ausschusses für Digitalisierung',
      parent: 'org-kreistag',
      // Voting seats, derived from the attendance list (the minutes do not state it): the chair (Weiß)
      // plus the 16 names under "Mitglieder", where Buchholz sits for the excused Burghaus, so that seat
      // is counted once: 1 + 16 = 17. It assumes every seat was filled (by the member or a substitute).
      statutoryMembers: 17,
    },
    {
      // The predecessor committee of the previous term, named in item 3 (its meeting of 13.08.2020).
      key: 'org-it-ausschuss',
      kind: 'committee',
      name: 'Ausschuss für Informationstechnik und digitale Verwaltung',
      nameGenitive: 'des Ausschusses für Informationstechnik und digitale Verwaltung',
      parent: 'org-kreistag',
    },
    // Factions named in the text: "1 Enthaltung AfD-Fraktion" (item 7), "Herr Gartmann (CDU)" (item 1),
    // "Anfrage der Fraktion BÜNDNIS 90/DIE GRÜNEN" (item 11.1).
    { key: 'org-cdu', kind: 'faction', name: 'CDU-Fraktion', shortName: 'CDU', parent: 'org-kreistag' },
    { key: 'org-afd', kind: 'faction', name: 'AfD-Fraktion', shortName: 'AfD', parent: 'org-kreistag' },
    {
      key: 'org-gruene',
      kind: 'faction',
      name: 'Fraktion BÜNDNIS 90/DIE GRÜNEN',
      shortName: 'GRÜNE',
      parent: 'org-kreistag',
    },
    // Offices known only by the number prefix of their papers ("10/…", "20/…"); their names are not in
    // the minutes, so they are kept plain.
    { key: 'org-amt-10', kind: 'office', name: 'Amt 10', officeNumber: '10' },
    { key: 'org-amt-20', kind: 'office', name: 'Amt 20', officeNumber: '20' },
    // Units named in item 5 ("Herr Herz, Leiter der Stabsstelle Digitalisierung"; "die IT-Steuerung.
    // Diese verantwortet Herr Schölzel"); no office number, place in the administration not stated.
    { key: 'org-stabsstelle-digitalisierung', kind: 'office', name: 'Stabsstelle Digitalisierung' },
    { key: 'org-it-steuerung', kind: 'office', name: 'IT-Steuerung' },
    {
      key: 'org-krzn',
      kind: 'external',
      name: 'Kommunales Rechenzentrum Niederrhein',
      shortName: 'KRZN',
    },
  ],

  persons: [
    // Given and family names as in the attendance list. formOfAddress from the text ("Herr KA Bösel",
    // "Frau KA Anfang", "Herrn Höing" …); for members never addressed in the text it is inferred from an
    // unambiguous given name (marked "from the given name").
    // Vorsitz
    { key: 'p-weiss', formOfAddress: 'Herr', givenName: 'Dietmar', familyName: 'Weiß' },
    // Mitglieder
    { key: 'p-anfang', formOfAddress: 'Frau', givenName: 'Nicole', familyName: 'Anfang' },
    { key: 'p-boesel', formOfAddress: 'Herr', givenName: 'Markus', familyName: 'Bösel' },
    { key: 'p-buchholz', formOfAddress: 'Herr', givenName: 'Marlon', familyName: 'Buchholz' },
    { key: 'p-el-ghanou', formOfAddress: 'Frau', givenName: 'Souhaila', familyName: 'El Ghanou' }, // from the given name
    { key: 'p-freitag', formOfAddress: 'Herr', givenName: 'Felix', familyName: 'Freitag' }, // from the given name
    { key: 'p-gartmann', formOfAddress: 'Herr', givenName: 'Christian', familyName: 'Gartmann' },
    // The list prints "Dr. Tina Guenther", the text "Frau KA Dr. Günther" (items 6, 10): the same person;
    // the list's spelling is kept.
    { key: 'p-guenther', formOfAddress: 'Frau', title: 'Dr.', givenName: 'Tina', familyName: 'Guenther' },
    { key: 'p-hoeing', formOfAddress: 'Herr', givenName: 'Sebastian', familyName: 'Höing' },
    { key: 'p-lang', formOfAddress: 'Herr', givenName: 'Roman', familyName: 'Lang' }, // from the given name
    { key: 'p-niemeyer', formOfAddress: 'Herr', givenName: 'Dirk', familyName: 'Niemeyer' },
    { key: 'p-nuese', formOfAddress: 'Herr', givenName: 'Marcus', familyName: 'Nüse' }, // from the given name
    { key: 'p-reimann', formOfAddress: 'Frau', givenName: 'Anna Meike', familyName: 'Reimann' }, // from the given name
    { key: 'p-rohden', formOfAddress: 'Herr', givenName: 'Helmut', familyName: 'Rohden' }, // from the given name
    { key: 'p-soehnchen', formOfAddress: 'Herr', givenName: 'Paul', familyName: 'Söhnchen' },
    { key: 'p-viehoever', formOfAddress: 'Herr', givenName: 'Dietmar', familyName: 'Viehöver' }, // from the given name
    { key: 'p-weber', formOfAddress: 'Herr', givenName: 'Erhard', familyName: 'Weber' },
    // Excused, represented by Buchholz ("des entschuldigten Herrn KA Burghaus"); given name not in the text.
    { key: 'p-burghaus', formOfAddress: 'Herr', givenName: null, familyName: 'Burghaus' },
    // Verwaltung
    { key: 'p-becker', formOfAddress: 'Frau', givenName: 'Heike', familyName: 'Becker' },
    {
      key: 'p-gramenz',
      formOfAddress: 'Herr',
      givenName: 'Rüdiger',
      familyName: 'Gramenz',
      phone: '02104/99-1344',
      // The minutes print an empty "Fax:" line.
      fax: null,
      email: 'ruediger.gramenz@kreis-mettmann.de',
    },
    {
      key: 'p-hendele',
      formOfAddress: 'Herr',
      givenName: 'Thomas',
      familyName: 'Hendele',
      officeTitle: 'Landrat',
    },
    { key: 'p-herz', formOfAddress: 'Herr', givenName: 'Peter', familyName: 'Herz' },
    { key: 'p-schoelzel', formOfAddress: 'Herr', givenName: 'Christian', familyName: 'Schölzel' },
    // Gäste (KRZN)
    { key: 'p-fischer', formOfAddress: 'Herr', givenName: 'Jonas', familyName: 'Fischer' },
    { key: 'p-hohl', formOfAddress: 'Herr', givenName: 'Jürgen', familyName: 'Hohl' },
    // The deputy sachkundige Bürger named as not present in item 4; given names not in the text.
    { key: 'p-horn', formOfAddress: 'Herr', givenName: null, familyName: 'Horn' },
    { key: 'p-thus', formOfAddress: 'Herr', givenName: null, familyName: 'Thus' },
    { key: 'p-zieger', formOfAddress: 'Frau', givenName: null, familyName: 'Zieger' },
    { key: 'p-duechting', formOfAddress: 'Herr', givenName: null, familyName: 'Düchting' },
    { key: 'p-simons', formOfAddress: 'Herr', givenName: null, familyName: 'Simons' },
    { key: 'p-janssen', formOfAddress: 'Frau', givenName: null, familyName: 'Janssen' },
    { key: 'p-theis', formOfAddress: 'Frau', givenName: null, familyName: 'Theis' },
    { key: 'p-meiser', formOfAddress: 'Herr', givenName: null, familyName: 'Meiser' },
    { key: 'p-kohl', formOfAddress: 'Herr', givenName: null, familyName: 'Kohl' },
  ],

  // Council and committee memberships belong to the term; their start dates are not in the minutes and
  // are left open (null), except where the minutes give them (item 2).
  memberships: [
    // Kreistag: the Landrat chairs the Kreistag in NRW (KrO, not stated in the minutes).
    {
      person: 'p-hendele',
      organization: 'org-kreistag',
      term: 't-2020-2025',
      role: 'chair',
      roleLabel: 'Landrat',
      votingRight: true,
    },
    // Kreistag members: the persons the text calls "KA" (Kreistagsabgeordnete/r).
    { person: 'p-anfang', organization: 'org-kreistag', term: 't-2020-2025', role: 'member', votingRight: true },
    { person: 'p-boesel', organization: 'org-kreistag', term: 't-2020-2025', role: 'member', votingRight: true },
    { person: 'p-buchholz', organization: 'org-kreistag', term: 't-2020-2025', role: 'member', votingRight: true },
    { person: 'p-burghaus', organization: 'org-kreistag', term: 't-2020-2025', role: 'member', votingRight: true },
    {
      // Faction inferred from item 10, where she speaks for BÜNDNIS 90/DIE GRÜNEN.
      person: 'p-guenther',
      organization: 'org-kreistag',
      term: 't-2020-2025',
      role: 'member',
      votingRight: true,
      onBehalfOf: 'org-gruene',
    },
    { person: 'p-niemeyer', organization: 'org-kreistag', term: 't-2020-2025', role: 'member', votingRight: true },
    {
      // Not called "KA" in the text, but named "Berichterstatter für den Kreistag … (CDU)" (item 1).
      person: 'p-gartmann',
      organization: 'org-kreistag',
      term: 't-2020-2025',
      role: 'member',
      votingRight: true,
      onBehalfOf: 'org-cdu',
    },

    // Ausschuss für Digitalisierung
    { person: 'p-weiss', organization: 'org-digitalisierung', term: 't-2020-2025', role: 'chair', votingRight: true },
    { person: 'p-anfang', organization: 'org-digitalisierung', term: 't-2020-2025', role: 'member', votingRight: true },
    { person: 'p-boesel', organization: 'org-digitalisierung', term: 't-2020-2025', role: 'member', votingRight: true },
    {
      // "Als Vertreter des entschuldigten Herrn KA Burghaus nimmt Herr KA Buchholz an der Sitzung teil."
      person: 'p-buchholz',
      organization: 'org-digitalisierung',
      term: 't-2020-2025',
      role: 'deputy_member',
      votingRight: true,
      deputyOf: 'p-burghaus',
    },
    {
      person: 'p-el-ghanou',
      organization: 'org-digitalisierung',
      term: 't-2020-2025',
      role: 'member',
      votingRight: true,
    },
    {
      person: 'p-freitag',
      organization: 'org-digitalisierung',
      term: 't-2020-2025',
      role: 'member',
      votingRight: true,
    },
    {
      person: 'p-gartmann',
      organization: 'org-digitalisierung',
      term: 't-2020-2025',
      role: 'member',
      votingRight: true,
      onBehalfOf: 'org-cdu',
    },
    {
      // Faction inferred from item 10.
      person: 'p-guenther',
      organization: 'org-digitalisierung',
      term: 't-2020-2025',
      role: 'member',
      votingRight: true,
      onBehalfOf: 'org-gruene',
    },
    // Sachkundige Bürger (SB): Weber, Söhnchen and Höing, verpflichtet in item 4.
    {
      person: 'p-hoeing',
      organization: 'org-digitalisierung',
      term: 't-2020-2025',
      role: 'member',
      votingRight: true,
      appointedCitizen: true,
    },
    { person: 'p-lang', organization: 'org-digitalisierung', term: 't-2020-2025', role: 'member', votingRight: true },
    {
      person: 'p-niemeyer',
      organization: 'org-digitalisierung',
      term: 't-2020-2025',
      role: 'member',
      votingRight: true,
    },
    { person: 'p-nuese', organization: 'org-digitalisierung', term: 't-2020-2025', role: 'member', votingRight: true },
    {
      person: 'p-reimann',
      organization: 'org-digitalisierung',
      term: 't-2020-2025',
      role: 'member',
      votingRight: true,
    },
    { person: 'p-rohden', organization: 'org-digitalisierung', term: 't-2020-2025', role: 'member', votingRight: true },
    {
      person: 'p-soehnchen',
      organization: 'org-digitalisierung',
      term: 't-2020-2025',
      role: 'member',
      votingRight: true,
      appointedCitizen: true,
    },
    {
      person: 'p-viehoever',
      organization: 'org-digitalisierung',
      term: 't-2020-2025',
      role: 'member',
      votingRight: true,
    },
    {
      person: 'p-weber',
      organization: 'org-digitalisierung',
      term: 't-2020-2025',
      role: 'member',
      votingRight: true,
      appointedCitizen: true,
    },
    // Excused at this meeting, represented by Buchholz.
    {
      person: 'p-burghaus',
      organization: 'org-digitalisierung',
      term: 't-2020-2025',
      role: 'member',
      votingRight: true,
    },
    // The deputy sachkundige Bürger of item 4 (whom each of them stands in for is not stated).
    ...(
      ['p-horn', 'p-thus', 'p-zieger', 'p-duechting', 'p-simons', 'p-janssen', 'p-theis', 'p-meiser', 'p-kohl'] as const
    ).map((person) => ({
      person,
      organization: 'org-digitalisierung',
      term: 't-2020-2025',
      role: 'deputy_member' as const,
      votingRight: true,
      appointedCitizen: true,
    })),
    // Schriftführer and stellvertretende Schriftführerin, appointed in item 2 of this meeting.
    {
      person: 'p-gramenz',
      organization: 'org-digitalisierung',
      term: 't-2020-2025',
      role: 'secretary',
      votingRight: false,
      startDate: '2021-02-18',
    },
    {
      person: 'p-becker',
      organization: 'org-digitalisierung',
      term: 't-2020-2025',
      role: 'deputy_secretary',
      votingRight: false,
      startDate: '2021-02-18',
    },

    // Administration and KRZN (item 5): functions as the text names them; no term, dates unknown.
    {
      person: 'p-herz',
      organization: 'org-stabsstelle-digitalisierung',
      role: 'member',
      roleLabel: 'Leiter der Stabsstelle Digitalisierung',
      votingRight: false,
    },
    {
      person: 'p-schoelzel',
      organization: 'org-it-steuerung',
      role: 'member',
      roleLabel: 'Verantwortlicher der IT-Steuerung',
      votingRight: false,
    },
    { person: 'p-fischer', organization: 'org-krzn', role: 'member', roleLabel: 'Geschäftsleiter', votingRight: false },
    {
      person: 'p-hohl',
      organization: 'org-krzn',
      role: 'member',
      roleLabel: 'Leiter des Standorts Mettmann',
      votingRight: false,
    },
  ],

  locations: [
    {
      key: 'loc-kreishaus',
      name: 'Kreishaus Mettmann',
      streetAddress: 'Düsseldorfer Straße 26',
      postalCode: '40822',
      locality: 'Mettmann',
      rooms: [{ key: 'room-1601', name: 'Zimmer 1.601', description: 'großer Sitzungssaal' }],
    },
  ],

  // The original attachments are not available; these placeholders say what they were.
  files: [
    {
      key: 'f-anlage-1',
      name: 'Positionspapier der KGSt zum Onlinezugangsgesetz (OZG)',
      fileName: 'Anlage_1_KGSt_OZG.txt',
      mimeType: 'text/plain',
      content:
        'Anlage 1 zur Niederschrift über die Sitzung des Ausschusses für Digitalisierung des Kreises Mettmann am 18.02.2021 (zu Punkt 5: Informationen der Verwaltung).\n\n' +
        'Das Original war das Positionspapier der Kommunalen Gemeinschaftsstelle für Verwaltungsmanagement (KGSt) zur Umsetzung des Onlinezugangsgesetzes (OZG), dem zwei Graphiken für die Präsentation von Herrn Herz, Leiter der Stabsstelle Digitalisierung, entnommen wurden; es wurde der Niederschrift mit freundlicher Genehmigung der KGSt beigelegt.\n\n' +
        'Das Original liegt dieser Demo nicht bei. Diese Datei ist ein Platzhalter.\n',
    },
    {
      key: 'f-anlage-2',
      name: 'Präsentation des KRZN zur aktuellen Situation',
      fileName: 'Anlage_2_KRZN_Praesentation.txt',
      mimeType: 'text/plain',
      content:
        'Anlage 2 zur Niederschrift über die Sitzung des Ausschusses für Digitalisierung des Kreises Mettmann am 18.02.2021 (zu Punkt 6: Informationen aus dem Kommunalen Rechenzentrum Niederrhein).\n\n' +
        'Das Original war die Präsentation von Herrn Fischer, Geschäftsleiter des Kommunalen Rechenzentrums Niederrhein (KRZN), zur aktuellen Situation des KRZN.\n\n' +
        'Die Präsentation liegt dieser Demo nicht bei. Diese Datei ist ein Platzhalter.\n',
    },
  ],

  // Papers: the office is the number prefix of the reference; paper dates are not in the minutes, except
  // for the inquiry of 11.02.2021. Paper types are inferred from how the committee dealt with them.
  papers: [
    {
      key: 'v-10-002-2021',
      office: 'org-amt-10',
      reference: '10/002/2021',
      year: 2021,
      paperType: 'Beschlussvorlage',
      title:
        'Bestellung eines Schriftführers und einer stellvertretenden Schriftführerin für den Ausschuss für Digitalisierung',
      consultations: [
        {
          organization: 'org-digitalisierung',
          role: 'decision',
          status: 'decided',
          meeting: MEETING,
          agendaNumber: '2',
        },
      ],
    },
    {
      key: 'v-10-006-2021',
      office: 'org-amt-10',
      reference: '10/006/2021',
      year: 2021,
      paperType: 'Mitteilungsvorlage',
      title: 'Einführung und Verpflichtung der Sachkundigen Bürger',
      consultations: [
        { organization: 'org-digitalisierung', role: 'notice', status: 'noted', meeting: MEETING, agendaNumber: '4' },
      ],
    },
    {
      key: 'v-20-003-2021',
      office: 'org-amt-20',
      reference: '20/003/2021',
      year: 2021,
      paperType: 'Beschlussvorlage',
      title: 'Nachtragshaushalt 2021',
      // The Beschlussvorschlag recommends it to the Kreisausschuss, to be passed on to the Kreistag.
      consultations: [
        {
          organization: 'org-digitalisierung',
          role: 'preliminary',
          status: 'recommended',
          meeting: MEETING,
          agendaNumber: '7',
        },
        { organization: 'org-kreisausschuss', role: 'preliminary', status: 'open' },
        { organization: 'org-kreistag', role: 'decision', status: 'open' },
      ],
    },
    {
      key: 'v-10-007-2021',
      office: 'org-amt-10',
      reference: '10/007/2021',
      year: 2021,
      paperType: 'Mitteilungsvorlage',
      title: 'Einführung in die Aufgaben des Ausschusses für Digitalisierung',
      consultations: [
        { organization: 'org-digitalisierung', role: 'notice', status: 'noted', meeting: MEETING, agendaNumber: '8' },
      ],
    },
    {
      key: 'v-10-005-2021',
      office: 'org-amt-10',
      reference: '10/005/2021',
      year: 2021,
      paperType: 'Mitteilungsvorlage',
      title:
        'Übersicht über die offenen Beschlüsse, Prüf- und Arbeitsaufträge des Ausschusses für Digitalisierung aus dem Jahr 2020',
      consultations: [
        { organization: 'org-digitalisierung', role: 'notice', status: 'noted', meeting: MEETING, agendaNumber: '9' },
      ],
    },
    {
      key: 'v-10-003-2021',
      office: 'org-amt-10',
      reference: '10/003/2021',
      year: 2021,
      paperType: 'Beschlussvorlage',
      // The agenda prints "buergerservice.org"; the heading of item 10 prints "buer-gerservice.org", a
      // hyphenation artefact of the PDF's text layer. The unhyphenated title is stored.
      title: 'Beitritt des Kreises Mettmann zum gemeinnützigen Verein buergerservice.org',
      // "1. Der Kreistag beschließt …": recommended on through the Kreisausschuss to the Kreistag.
      consultations: [
        {
          organization: 'org-digitalisierung',
          role: 'preliminary',
          status: 'recommended',
          meeting: MEETING,
          agendaNumber: '10',
        },
        { organization: 'org-kreisausschuss', role: 'preliminary', status: 'open' },
        { organization: 'org-kreistag', role: 'decision', status: 'open' },
      ],
    },
    {
      key: 'v-10-009-2021',
      office: 'org-amt-10',
      reference: '10/009/2021',
      year: 2021,
      paperType: 'Anfrage',
      title: 'Software-Umstellung Gesundheitsamt',
      date: '2021-02-11',
      originator: 'org-gruene',
      consultations: [
        {
          organization: 'org-digitalisierung',
          role: 'notice',
          status: 'noted',
          meeting: MEETING,
          agendaNumber: '11.1',
        },
      ],
    },
  ],

  meetings: [
    {
      key: MEETING,
      organization: 'org-digitalisierung',
      state: 'minutes_signed',
      startAt: '2021-02-18T16:30:00+01:00',
      // No end time: the minutes do not give one.
      endAt: null,
      location: 'loc-kreishaus',
      room: 'room-1601',
      // Not in the minutes.
      invitationSentOn: null,
      minutesPlace: 'Mettmann',
      minutesDate: '2021-03-03',
      contact: 'p-gramenz',

      // In the printed order of "Anwesend waren:". The list prints "Stellvertreter für Herrn Burghaus" at
      // its end (moved there by the PDF's layout); it annotates Buchholz (item 1).
      attendance: [
        // Vorsitz
        { person: 'p-weiss', role: 'chair', votingRight: true },
        // Mitglieder
        { person: 'p-anfang', role: 'member', votingRight: true },
        { person: 'p-boesel', role: 'member', votingRight: true },
        { person: 'p-buchholz', role: 'substitute', votingRight: true, substituteFor: 'p-burghaus' },
        { person: 'p-el-ghanou', role: 'member', votingRight: true },
        { person: 'p-freitag', role: 'member', votingRight: true },
        { person: 'p-gartmann', role: 'member', votingRight: true },
        { person: 'p-guenther', role: 'member', votingRight: true },
        { person: 'p-hoeing', role: 'member', votingRight: true },
        { person: 'p-lang', role: 'member', votingRight: true },
        { person: 'p-niemeyer', role: 'member', votingRight: true },
        { person: 'p-nuese', role: 'member', votingRight: true },
        { person: 'p-reimann', role: 'member', votingRight: true },
        { person: 'p-rohden', role: 'member', votingRight: true },
        { person: 'p-soehnchen', role: 'member', votingRight: true },
        { person: 'p-viehoever', role: 'member', votingRight: true },
        { person: 'p-weber', role: 'member', votingRight: true },
        // Excused (item 1).
        { person: 'p-burghaus', role: 'member', status: 'excused', votingRight: true },
        // The deputy sachkundige Bürger whom item 4 lists as not present ("Nicht anwesend waren …"); they
        // are deputies, not seat holders, so their absence does not reduce the committee.
        { person: 'p-horn', role: 'member', status: 'absent', votingRight: true },
        { person: 'p-thus', role: 'member', status: 'absent', votingRight: true },
        { person: 'p-zieger', role: 'member', status: 'absent', votingRight: true },
        { person: 'p-duechting', role: 'member', status: 'absent', votingRight: true },
        { person: 'p-simons', role: 'member', status: 'absent', votingRight: true },
        { person: 'p-janssen', role: 'member', status: 'absent', votingRight: true },
        { person: 'p-theis', role: 'member', status: 'absent', votingRight: true },
        { person: 'p-meiser', role: 'member', status: 'absent', votingRight: true },
        { person: 'p-kohl', role: 'member', status: 'absent', votingRight: true },
        // Verwaltung; functions as the text gives them (Gramenz and Becker: appointed in item 2).
        {
          person: 'p-becker',
          role: 'administration',
          votingRight: false,
          function: 'stellvertretende Schriftführerin',
        },
        { person: 'p-gramenz', role: 'administration', votingRight: false, function: 'Schriftführer' },
        { person: 'p-hendele', role: 'administration', votingRight: false, function: 'Landrat' },
        {
          person: 'p-herz',
          role: 'administration',
          votingRight: false,
          function: 'Leiter der Stabsstelle Digitalisierung',
        },
        {
          person: 'p-schoelzel',
          role: 'administration',
          votingRight: false,
          function: 'Verantwortlicher der IT-Steuerung',
        },
        // Gäste
        { person: 'p-fischer', role: 'guest', votingRight: false, function: 'Geschäftsleiter KRZN' },
        { person: 'p-hohl', role: 'guest', votingRight: false, function: 'Leiter des Standorts Mettmann, KRZN' },
      ],

      agenda: [
        // Öffentlicher Teil
        {
          number: '1',
          public: true,
          title: 'Formalien',
          minutesText: [
            'Um 16:30 Uhr eröffnet der Ausschussvorsitzende, Herr Weiß, die Sitzung und begrüßt die Anwesenden.',
            'Es folgt die Feststellung der ordnungsgemäßen Ladung und der Anwesenheit.',
            'Als Vertreter des entschuldigten Herrn KA Burghaus nimmt Herr KA Buchholz an der Sitzung teil. Im Anschluss daran stellt der Vorsitzende die Beschlussfähigkeit des Ausschusses fest.',
            'Daraufhin wird die Tagesordnung festgestellt.',
            'Als Berichterstatter für den Kreistag wird Herr Gartmann (CDU) benannt.',
          ],
          items: [
            { number: '1.1', public: true, title: 'Eröffnung der Sitzung' },
            { number: '1.2', public: true, title: 'Feststellung der ordnungsgemäßen Ladung' },
            { number: '1.3', public: true, title: 'Feststellung der Anwesenheit' },
            { number: '1.4', public: true, title: 'Feststellung der Beschlussfähigkeit' },
            { number: '1.5', public: true, title: 'Feststellung der Tagesordnung' },
            {
              number: '1.6',
              public: true,
              title: 'Benennung von Berichterstatterinnen / Berichterstattern für den Kreistag',
            },
          ],
        },
        {
          number: '2',
          public: true,
          title:
            'Bestellung eines Schriftführers und einer stellvertretenden Schriftführerin für den Ausschuss für Digitalisierung',
          paper: 'v-10-002-2021',
          resolution: {
            kind: 'decision',
            text: [
              'Der Ausschuss für Digitalisierung bestellt für die Wahlperiode 2020-2025 Herrn Rüdiger Gramenz zum Schriftführer und Frau Heike Becker zur stellvertretenden Schriftführerin.',
            ],
          },
          // "Abstimmungsergebnis: einstimmig angenommen"
          votes: [{ unanimous: true, yes: 17, no: 0, abstain: 0 }],
        },
        {
          number: '3',
          public: true,
          title:
            'Kenntnisnahme der Niederschrift der Sitzung des Ausschusses für Informationstechnik und digitale Verwaltung am 13.08.2020',
          resolution: {
            kind: 'notice',
            text: [
              'Die Niederschrift der Sitzung des Ausschusses für Informationstechnik und digitale Verwaltung vom 13.08.2020 wird zur Kenntnis genommen.',
            ],
          },
          // No "Abstimmungsergebnis" in the minutes: no vote.
        },
        {
          number: '4',
          public: true,
          title: 'Einführung und Verpflichtung der Sachkundigen Bürger',
          paper: 'v-10-006-2021',
          minutesText: [
            'Der Vorsitzende verpflichtet – coronabedingt - ohne Handschlag, nach Verlesung der Verpflichtungsformel:',
            '„Ich verpflichte mich, dass ich meine Aufgaben nach bestem Wissen und Können wahrnehmen, das Grundgesetz, die Verfassung des Landes und die Gesetze beachten und meine Pflichten zum Wohle des Kreises erfüllen werde“,',
            'die Sachkundigen Bürger (SB) Herrn Weber, Herrn Söhnchen und Herrn Höing.',
            'Nicht anwesend waren die stellvertretenden Sachkundigen Bürger im Ausschuss für Digitalisierung: Herr Horn, Herr Thus, Frau Zieger, Herr Düchting, Herr Simons, Frau Janssen, Frau Theis, Herr Meiser und Herr Kohl.',
          ],
          resolution: {
            kind: 'notice',
            text: ['Der Ausschuss für Digitalisierung nimmt die Inhalte der Vorlage zur Kenntnis.'],
          },
          // "Abstimmungsergebnis: zur Kenntnis genommen"
          votes: [{ outcome: 'noted' }],
        },
        {
          number: '5',
          public: true,
          title: 'Informationen der Verwaltung',
          minutesText: [
            'Herr Schölzel berichtet in einer Kurzinfo als Verantwortlicher der IT-Steuerung über die Herausforderungen, die die Corona-Pandemie an diese stellt.',
            'Die Verwaltung des Kreises Mettmann ist derzeit mit ca. 800 Homeoffice-Arbeitsplätzen ausgestattet. Die Mitarbeiter sind mehrheitlich mit VPN ausgestattet, welches ein stabiles Arbeiten von zu Haus aus ermöglicht. Ein Ausbau der Homeoffice-Arbeitsplätzen erfolgt in Kürze.',
            'An den Schulen wird die Ausstattung mit WLAN weiter vorangetrieben. Bei drei Berufskollegs ist die erste Ausbaustufe abgeschlossen. Im Sommer werden auch die zweite und dritte Ausbaustufe (Vollausbau) erfolgt sein. Das Berufskolleg in Ratingen, für das ein Mietverhältnis besteht, folgt.',
            'Für die Schulen wurden ca. 2700 mobile Arbeitsgeräte beschafft und eingerichtet. In der 10./11. Kalenderwoche erfolgt der Roll-out.',
            'Im Zuge der Coronamaßnahmen muss als weitere aktuelle Herausforderung das neu angemietete „ADP-Gebäude“ mit der Netzinfrastruktur der Kreisverwaltung ausgestattet werden. In diesem Gebäude müssen ca. 60. Arbeitsplätze mit entsprechenden Arbeitsgeräten bereitgestellt werden.',
            'Hinzu kommt das Impfzentrum des Kreises Mettmann in Erkrath. Hier war es ebenfalls erforderlich, dieses Gebäude mit der notwendigen IT-Ausstattung auszurüsten und an die Infrastruktur der Kreisverwaltung anzuschließen.',
            'Herr Herz, Leiter der Stabsstelle Digitalisierung, stellt eine kurze Präsentation zur Umsetzung des Onlinezugangsgesetz (OZG) vor. Das Positionspapier der Kommunale Gemeinschaftsstelle für Verwaltungsmanagement (KGSt), dem zwei Graphiken entnommen wurden, ist mit freundlicher Genehmigung der KGSt der Niederschrift beigelegt (Anlage 1).',
            'Bis Ende 2022 müssen durch die Verwaltungen auf allen Ebenen (Bund, Land und Kommunen) ca. 575 sog. Leistungsbündel online angeboten werden.',
            'Für den Kreis Mettmann und die kreisangehörigen Städte sind dies jeweils ca. 1200 einzelne Leistungen, die umgesetzt werden müssen. Hierzu ist es vor allem wichtig, die Verwaltungsprozesse zu optimieren durch möglichst medienbruchfreie Prozesse.',
            'Als eine der ersten Umsetzungsmaßnahmen im Sinne der Schaffung von Basisinfrastruktur wurde der Formularserver „FormSolutions“ in der Kreisverwaltung eingerichtet. Eine Anbindung an ein Bezahlssystem steht kurz vor dem Abschluss. Mithilfe dieses Formularsystems konnten bereits mehrere Fachthemen unterstützt werden (u.a. Ausländer- und KFZ-Wesen, Umfrage zur Kreisstraße 5, Meldeformulare zur Corona-Pandemie und Gastronomieförderung).',
            'Ferner ist u.a. die Einführung eines DMS mit allen dazugehörigen Komponenten, sowie eines Servicekontos für die Bürger_innen des Kreises Mettmann geplant. Hierzu werden die Fachbereiche der Verwaltung eng eingebunden.',
            'Die Kreisverwaltung steht zu allen bisher anstehenden Projekten in einem regen und engen Austausch mit entsprechenden Ansprechpartnern der kreisangehörigen Städte und Kreise.',
            'Ferner prüft der Kreis Mettmann, neben der Stadt Köln als Pilotkommune, die Umsetzung der OZG-Leistung „Ersterteilung Führerschein“ im Rahmen eines sog. „EFA-Projekts“ („Einer für Alle“). Hier hat das Land Hessen die bundesweite Federführung.',
            'Abschließend wird von verschiedenen Fachportalen (z.B. WirtschaftsServicePortal und Bau-Portal) sowie dem Kommunalportal.NRW berichtet.',
            'Herr Landrat Hendele gibt insbesondere für die neuen Ausschussmitglieder ergänzende Informationen. Die Kreisverwaltung hat sich zum 01.01.2019 dem KRZN (Kommunales Rechenzentrum Niederrhein) mit Beschluss des Kreistages angeschlossen. In diesem Zusammenhang stellt Herr Hendele die beiden anwesenden Vertreter, Herrn Fischer (Geschäftsleiter) und Herrn Hohl (Leiter des Standorts Mettmann) vor.',
            'Er führt zum Tagesordnungspunkt weiter aus, dass die Stabsstelle Digitalisierung, unter Leitung von Herrn Herz, u.a. eine generelle Beratungsfunktion zur strategischen Entwicklung der Digitalisierung bei der Kreisverwaltung hat und wirkt eng mit der IT-Steuerung zusammen. Diese verantwortet Herr Schölzel. Sie ist für die operative Umsetzung zuständig und bildet die Hauptschnittstelle zum KRZN.',
          ],
          attachments: [{ file: 'f-anlage-1', label: 'Anlage 1' }],
        },
        {
          number: '6',
          public: true,
          title: 'Informationen aus dem Kommunalen Rechenzentrum Niederrhein',
          minutesText: [
            'Herr Fischer beichtet anhand der anliegenden Präsentation zur aktuellen Situation des KRZN (Anlage 2). Hierzu hebt Herr Fischer hervor, dass die Corona-Pandemie das KRZN vor besondere Aufgaben stellt.',
            'Als eine besondere Herausforderung stellt er fest, dass in einem entsprechenden Vergleichszeitraum ca. viermal so viele mobile Endgeräte für die Mitglieder im Verbund des KRZN beschafft werden mussten, als vor der Pandemie. Als besonders schwierig hierzu erweisen sich die durch die Pandemie verlängerten Lieferzeiten aufgrund der weltweiten Nachfrage.',
            'Die erhöhte Netzlast durch Homeoffice und Distanzunterricht (Webkonferenzen und Nutzung Lernplattformen) ist deutlich spürbar. Der Faktor beträgt etwa sieben, die Bandbreite des Internetanschlusses wurde vorsorglich auf die 10-fache Kapazität erhöht.',
            'Weiter fügt Herr Fischer an, dass das KRZN den jährlichen „E-Government-Tag“ im letzten Jahr virtuell durchgeführt hat. Die Rückmeldungen waren sehr positiv. Dieses Konzept wird auch in diesem Jahr umgesetzt, ggf. angereichert mit gezielten Präsenzveranstaltungen.',
            'Das neue Dokumenten-Management-System (DMS) der Firma Fabasoft wird in diesem Jahr bei der Kreisverwaltung Mettmann implementiert.',
            'Das Sitzungsdienstverfahren im KRZN-Verbund soll vereinheitlicht werden. Es ist geplant, dass der Kreis Mettmann dieses im Jahre 2022 in Betrieb nehmen kann.',
            'Zum Thema Rechnungsworkflow führt Herr Fischer weiter aus, dass die Kreisverwaltung Mettmann erster Anwender dieses Produktes war. Fast alle Mitglieder des KRZN-Verbundes sind im Workflow mit eingebunden.',
            'Die Stadt Mettmann ist zum 01.01.2021 dem KRZN beigetreten.',
            'Herr KA Bösel fragt in diesem Zusammenhang, ob es weitere Interessenten für den Anschluss an das KRZN gibt.',
            'Herr Fischer antwortet, dass weitere drei Beitrittskandidaten im Raum stehen.',
            'Herr KA Buchholz stellt die Frage, warum diese Ausschusssitzung nicht digital durchgeführt wird.',
            'Herr Landrat Hendele antwortet daraufhin, dass die bisherige rechtliche Lage es nicht erlaubt, Sitzungen des Kreistages oder seiner Ausschüsse, virtuell durchzuführen, da u.a. das Gebot der Öffentlichkeit damit nicht gewahrt werden kann. Dies wurde kürzlich durch das zuständige Ministerium bestätigt.',
            'Herr SB Söhnchen merkt an, dass der Beitritt des Kreises Mettmann zum KRZN aus seiner Sicht exzellent gelaufen sei. Er lobt die Zusammenarbeit mit dem KRZN und die Ausstattung der Kreisverwaltung.',
            'Er führt aus, dass digitales Lernen nicht nur auf die genutzte Hardware zu reduzieren sei. Es sei auch wichtig, dass eine geeignete Software bereitgestellt wird. Es müsse zudem sichergestellt werden, dass Administration bereitstehe, wenn diese benötigt würde. Dies müsse durch das KRZN, bzw. durch den Kreis Mettmann angeboten werden.',
            'Herr Landrat Hendele entgegnet darauf, dass nicht in den pädagogischen Teil des Schulbetriebs eingegriffen werden dürfe. Die Aufgaben Kreises Mettmann als Schulträger und des beauftragten KRZN bestünden darin, die Schulen mit der notwendigen Infrastruktur auszustatten. Es herrsche hier eine Arbeitsteilung zwischen den Kommunen und dem Land NRW.',
            'Frau KA Dr. Günther fragt, wer an den Schulen in den Genuss der erwähnten 2.700 Geräte komme.',
            'H Herr Schölzel antwortet hierauf, dass es um eine bedarfsbezogene Verteilung gehe, welche von den Schulen selbst vorgenommen werde.',
            'Herr Weiß fragt in Richtung KRZN, dass er mitbekommen habe, dass ein Hackerangriff auf das KRZN stattgefunden habe und ob diesem so sei.',
            'Herr Fischer berichtet, dass seitdem die Schulen Distanzunterricht anbieten, das KRZN Hackerangriffen vermehrt ausgesetzt sei. Zusammen mit dem Provider Telekom würden diese jeweils sehr schnell abgewehrt und analysiert.',
            'Herr KA Niemeyer fragt an, ob die 500 Mio. € für Administratoren (Bund-Länder-Vereinbarung) bereits beantragt sind.',
            'Herr Schölzel antwortete darauf, dass für Anfang der Woche die Richtlinien angekündigt seien. Die Berücksichtigung erfolge im Rahmen der Haushaltsberatungen im kommenden Kreis-ausschuss über einen Veränderungsantrag.',
            'Herr Hohl vom KRZN stellt sich kurz vor.',
            'Er berichtet, dass neben den bekannten aktuellen Herausforderungen u.a. der Migrationsprozess fortgesetzt wird. Damit einher gehe die Anpassung von Prozessen sowie die Harmonisierung und Konsolidierung der Anwendungen. Gleichzeitig müssten die originären Standortaufgaben sichergestellt werden. Ferner stelle die Bereitstellung von Infrastruktur für die Schulen und neuen Verwaltungsstandorte, sowie die Ausstattung der Schüler/innen und Lehrer/innen mit mobilen Endgeräten, bei aktuell gleicher Personalstärke, eine große Herausforderung dar.',
            'Zusätzliche Ressourcen sind vorgesehen, Personalgewinnung erfordere jedoch eine längere Vorbereitung und Planung.',
            'Herr Schölzel ergänzt in diesem Zusammenhang, dass das Impfzentrum des Kreises Mettmann eröffnet sei. Er fügt weiter an, dass das KRZN, in Zusammenarbeit mit dem entsprechenden Softwarehersteller, es geschafft habe, den sehr kurzfristigen Bedarf einer Lösung und den Druck von Anschreiben für die Terminvergabe bewältigt zu haben. Hierfür dankt er dem KRZN für das schnelle Handeln.',
            'Der Ausschussvorsitzende bedankt sich bei den Gästen vom KRZN für die Beiträge.',
          ],
          attachments: [{ file: 'f-anlage-2', label: 'Anlage 2' }],
        },
        {
          number: '7',
          public: true,
          title: 'Nachtragshaushalt 2021',
          paper: 'v-20-003-2021',
          minutesText: [
            'Frau KA Anfang stellt zu Zeile 16 die Frage, ob die drei weiteren Schul-IT-Koordinatoren für ein Jahr oder für einen längeren Zeitraum vorgesehen seien.',
            'Herr Schölzel antwortet, dass bis zu fünf Stellen dauerhaft geplant seien aufgrund der umfangreichen Anforderungen. Die Einstellung erfolge über das KRZN.',
            'Herr KA Buchholz stellt die Frage, wie sich die zusätzlichen 2 Mio. € (Zeile 167) im Nachtragshaushalt für 2021 zusammensetzen.',
            'Herr Schölzel antwortet hierauf, dass der Aufwand für die WLAN-Projekte deutlich höher ausgefallen sei, als erwartet. Die weiteren Aufschlüsselungen wurden für die Niederschrift zugesagt.',
          ],
          addenda: [
            {
              // "Ergänzende Antwort zur Niederschrift:" (the default heading)
              text: [
                "Die Haushaltsposition beinhaltet für die Jahre 2020 und 2021 den WLAN-Ausbau an den Berufskollegs und den Förderschulen des Kreises. Dargestellt ist der IT-Bedarf für die WLAN-Projekte insbesondere die aktiven Netzkomponenten und die dafür notwendige Verkabelung. Während die BK's Hilden, Velbert und Mettmann überwiegend aus dem HH-Jahr 2020 finanziert werden (teilweise durch Mittelübertragungen ins Jahr 2021), beinhaltet der Haushaltsansatz des Jahres 2021 den WLAN-Ausbau am BK Ratingen mit 700.000 € und 11*150.000 € für die 11 Förderschulstandorte. Absprachen zur konkreten Ausfinanzierung des WLANs am BK Ratingen mit dem Eigentümer Stadt Ratingen laufen aktuell. Hierzu wird es im Kreisausschuss einen Veränderungsantrag geben, durch den der Ansatz von 700.000 € angepasst wird.",
              ],
            },
          ],
          resolution: {
            kind: 'recommendation',
            text: [
              'Der Ausschuss für Digitalisierung nimmt den vorliegenden Entwurf des Nachtragshaushalts für das Haushaltsjahr 2021 – soweit er in seine Zuständigkeit fällt – zur Kenntnis und empfiehlt dem Kreisausschuss, den Entwurf mit den beratenen Änderungen zuzustimmen und an den Kreistag zur Beschlussfassung weiterzuleiten.',
            ],
          },
          // "Abstimmungsergebnis: einstimmig angenommen" / "1 Enthaltung AfD-Fraktion": 16 of the 17
          // voting members present for it, one abstention; "einstimmig" as printed (no votes against).
          votes: [
            {
              unanimous: true,
              yes: 16,
              no: 0,
              abstain: 1,
              byFaction: [{ faction: 'org-afd', abstain: 1 }],
            },
          ],
        },
        {
          number: '8',
          public: true,
          title: 'Einführung in die Aufgaben des Ausschusses für Digitalisierung',
          paper: 'v-10-007-2021',
          // The reference prints this sentence without a final period.
          resolution: {
            kind: 'notice',
            text: ['Der Ausschuss für Digitalisierung nimmt die Inhalte der Vorlage zur Kenntnis'],
          },
          votes: [{ outcome: 'noted' }],
        },
        {
          number: '9',
          public: true,
          title:
            'Übersicht über die offenen Beschlüsse, Prüf- und Arbeitsaufträge des Ausschusses für Digitalisierung aus dem Jahr 2020',
          paper: 'v-10-005-2021',
          minutesText: [
            'Herr SB Söhnchen stellt die Frage, ob das im Vortrag von Herrn Fischer erwähnte DMS relevant sei für die elektronische Ausländerakte.',
            'Dies wird von Herrn Herz bejaht. Die Migration des Ausländerfachverfahrens zum KRZN ist inzwischen erfolgt. Im weiteren Schritt wird zurzeit die Anbindung des DMS projektiert. Mit dem Verbandsmitglied Stadt Bottrop, das als Pilot diese Konstellation bereits umgesetzt hat, ist bereits eine Kontaktaufnahme erfolgt.',
          ],
          resolution: {
            kind: 'notice',
            text: [
              'Die Übersicht über offene Beschlüsse, Prüf- und Arbeitsaufträge des Ausschusses für Digitalisierung respektive dem Ausschuss für Informationstechnik und digitale Verwaltung aus dem Jahre 2020 wird zur Kenntnis genommen.',
            ],
          },
          votes: [{ outcome: 'noted' }],
        },
        {
          number: '10',
          public: true,
          title: 'Beitritt des Kreises Mettmann zum gemeinnützigen Verein buergerservice.org',
          paper: 'v-10-003-2021',
          minutesText: [
            'Herr KA Buchholz fragt, ob die Leistungen des Vereins nicht auch selber umgesetzt werden könnten.',
            'Herr Herz erläutert dazu, dass der Kreis Mettmann auf das große Erfahrungswissen zurückgreifen kann. Zudem würde entsprechende Soft- und Hardware ohne weitere Kosten bereitgestellt. Das in der Vorlage dargestellte Terminal sei grundsätzlich direkt einsatzfähig.',
            'Frau Dr. Günther führt an, dass die Partei BÜNDNIS90/DIE GRÜNEN eine Mitgliedschaft begrüßen. Sie stellt die Frage, ob angedacht sei, die Terminals auch in kreisangehörigen Städten aufzustellen.',
            'Herr Herz bejaht dies - die Terminals sollen gerade auch dort aufgestellt werden, wo die e-ID „ausgegeben“ wird, nämlich in den Bürgerbüros.',
            'Herr Gartmann fragt, ob es eine Zahl der bisher freigeschalteten e-ID gäbe.',
            'Es wurde zugesagt, dass diese Frage im Rahmen der Niederschrift beantwortet würde.',
          ],
          addenda: [
            {
              // "Ergänzende Antwort zur Niederschrift:" (the default heading)
              text: [
                'Aktuell sind ca. 35 Mio eID freigeschaltet. Seit 2017 ist diese grundsätzlich immer freigeschaltet, man muss dieser Freischaltung seitdem aktiv widersprechen. Die Bereitstellung entsprechender Angebote, die diese Funktion zu nutzen, ist weiterhin eine wichtige Maßnahme.',
              ],
            },
          ],
          resolution: {
            kind: 'recommendation',
            text: [
              '1. Der Kreistag beschließt, dem gemeinnützigen Verein buergerservice.org als ordentliches Mitglied beizutreten.',
              '2. Die Verwaltung wird beauftragt alles dafür Notwendige zu veranlassen.',
            ],
          },
          votes: [{ unanimous: true, yes: 17, no: 0, abstain: 0 }],
        },
        {
          number: '11',
          public: true,
          title: 'Nachträge',
          supplement: false,
          items: [
            {
              number: '11.1',
              public: true,
              title: 'Software-Umstellung Gesundheitsamt',
              subtitle: 'hier: Anfrage der Fraktion BÜNDNIS 90/DIE GRÜNEN vom 11.02.2021',
              paper: 'v-10-009-2021',
              supplement: true,
              minutesText: [
                'Herr SB Weber trägt den Fragenkomplex kurz vor mit dem Hinweis, dass damit keine Kritik an der Arbeit des Gesundheitsamtes verbunden sei.',
                'Herr Landrat Hendele führt zu der Anfrage aus, dass die Organisationshoheit hinsichtlich der Softwareausstattung grundsätzlich bei den Kommunen liege. Seitens des Bundes bestehe das nachvollziehbare Ziel an einer Vergleichbarkeit der Informationen, die durch die eingesetzten Programme bereitgestellt werden.',
                'Der Kreis betreibe bei der Kontaktverfolgung noch eine Eigenentwicklung auf Sharepointbasis. Die elektronischen Meldesysteme des Robert-Koch-Instituts SURVNET und DEMIS werden ebenfalls genutzt.',
                'Die Vorbereitungen zur Einführung von SORMAS bei der Kreisverwaltung Mettmann seien eingeleitet. Die entsprechenden Verträge seien gezeichnet. Herr Hendele betont, dass das bisherige System mehr Daten vorhalte, als es in SORMAS vorgesehen sei und diese erhalten werden sollen.',
                'Er habe sich beim Kreis Warendorf persönlich ein positives Bild von SORMAS machen können insbesondere von der Bedienerfreundlichkeit und den Auswertungsmöglichkeiten.',
                'Das KRZN verfügt direkt über keine Erfahrungen mit SORMAS, insoweit ein Einsatz erfolgt obliegt die Betreuung der jeweiligen örtlichen IT. Von den Verbandsmitgliedern setzen die Städte Krefeld und Bottrop sowie der Kreis Wesel SORMAS ein. Die Kreise Kleve und Viersen befinden sich in der Vorbereitungsphase.',
              ],
              resolution: {
                kind: 'notice',
                text: ['Der Ausschuss für Digitalisierung nimmt die Antwort der Verwaltung zur Kenntnis.'],
              },
              // The minutes print "Abstimmungsergebnis: einstimmig angenommen" for this Kenntnisnahme.
              votes: [{ unanimous: true, yes: 17, no: 0, abstain: 0 }],
            },
          ],
        },
        // Nicht öffentlicher Teil: the public version of the minutes shows only the titles.
        { number: '12', public: false, title: 'Informationen der Verwaltung' },
        { number: '13', public: false, title: 'Nachträge', supplement: false },
      ],

      rapporteurs: [{ person: 'p-gartmann', to: 'org-kreistag', faction: 'org-cdu', agendaNumber: '1.6' }],

      publicPartClosingNote: [
        'Die Vertreterin der Presse sowie die Gäste des KRZN, Herr Fischer und Herr Hohl, verlassen den Sitzungsraum. Der Ausschussvorsitzende stellt die Nichtöffentlichkeit der Sitzung her.',
      ],

      // "gez. Dietmar Weiß / gez. Rüdiger Gramenz". The minutes are dated 03.03.2021; the time of signing
      // is not in the document (12:00 is a placeholder).
      signatures: [
        { role: 'chair', person: 'p-weiss', signedAt: '2021-03-03T12:00:00+01:00' },
        { role: 'secretary', person: 'p-gramenz', signedAt: '2021-03-03T12:00:00+01:00' },
      ],
    },
  ],
};

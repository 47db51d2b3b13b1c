/**
 * The permission matrix over every back office route: each route Hono knows under /verwaltung is in
 * the route table with the access it declares (checked against the list below, so loosening a route
 * fails here), and each is requested by the public, every role, an installation admin, an account
 * without roles and the admin of another body. The public is sent to the login (GET) or refused (403);
 * an account without the permission gets 403 with a German explanation; a refused request changes
 * nothing (row counts of every table, the audit log and the sessions included).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../src/db/open.ts';
import { agendaItems, bodies, meetings, organizations } from '../../src/db/schema.ts';
import { type Actor, can } from '../../src/domain/permissions.ts';
import { createApp } from '../../src/http/app.tsx';
import { OFFICE_ROUTES, office } from '../../src/http/office/index.ts';
import { type AccountView, actorOf, createSession } from '../../src/services/accounts.ts';
import { importDataset } from '../../src/services/dataset/import.ts';
import { addOfficeAgendaItem, createOfficeMeeting } from '../../src/services/meetings-office.ts';
import {
  addItemAddendum,
  addItemAttachments,
  declareItemConflict,
  loadMeetingRecord,
  recordItemVote,
  saveAttendance,
  saveItemTexts,
} from '../../src/services/meetings-record.ts';
import { signMinutes, submitMinutes } from '../../src/services/minutes-finish.ts';
import { addPaperConsultation, createOfficePaper } from '../../src/services/papers-office.ts';
import { loadOfficePaper } from '../../src/services/papers-read.ts';
import { createTrackedResolution } from '../../src/services/resolutions.ts';
import { backends } from '../helpers/db.ts';
import { rowCounts, smallTown } from '../helpers/fixtures.ts';
import { textOf } from '../helpers/html.ts';
import { csrfOf, makeAccount, PASSWORD, setCookies } from './helpers.ts';
import { masterdataIds, masterdataUrl } from './masterdata-matrix.ts';

/** The access every route must declare. */
const declared: Record<string, string> = {
  'GET /verwaltung/anmelden': 'public',
  'POST /verwaltung/anmelden': 'public',
  'POST /verwaltung/abmelden': 'login',
  'GET /verwaltung': 'office.enter',
  'GET /verwaltung/passwort': 'login',
  'POST /verwaltung/passwort': 'login',
  'GET /verwaltung/konten': 'account.manage',
  'POST /verwaltung/konten': 'account.manage',
  'GET /verwaltung/konten/:id': 'account.manage',
  'POST /verwaltung/konten/:id': 'account.manage',
  'POST /verwaltung/konten/:id/passwort': 'account.manage',
  'POST /verwaltung/konten/:id/rollen': 'account.manage',
  'GET /verwaltung/stammdaten': 'masterdata.read',
  'GET /verwaltung/stammdaten/:body/organisationen': 'masterdata.read',
  'GET /verwaltung/stammdaten/:body/organisationen/neu': 'masterdata.edit',
  'POST /verwaltung/stammdaten/:body/organisationen': 'masterdata.edit',
  'GET /verwaltung/stammdaten/:body/organisationen/:id': 'masterdata.read',
  'POST /verwaltung/stammdaten/:body/organisationen/:id': 'masterdata.edit',
  'GET /verwaltung/stammdaten/:body/wahlperioden': 'masterdata.read',
  'GET /verwaltung/stammdaten/:body/wahlperioden/neu': 'masterdata.edit',
  'POST /verwaltung/stammdaten/:body/wahlperioden': 'masterdata.edit',
  'GET /verwaltung/stammdaten/:body/wahlperioden/:id': 'masterdata.read',
  'POST /verwaltung/stammdaten/:body/wahlperioden/:id': 'masterdata.edit',
  'GET /verwaltung/stammdaten/:body/personen': 'masterdata.read',
  'GET /verwaltung/stammdaten/:body/personen/neu': 'masterdata.edit',
  'POST /verwaltung/stammdaten/:body/personen': 'masterdata.edit',
  'GET /verwaltung/stammdaten/:body/personen/:id': 'masterdata.read',
  'POST /verwaltung/stammdaten/:body/personen/:id': 'masterdata.edit',
  'GET /verwaltung/stammdaten/:body/mitgliedschaften': 'masterdata.read',
  'GET /verwaltung/stammdaten/:body/mitgliedschaften/neu': 'masterdata.edit',
  'POST /verwaltung/stammdaten/:body/mitgliedschaften': 'masterdata.edit',
  'GET /verwaltung/stammdaten/:body/mitgliedschaften/:id': 'masterdata.read',
  'POST /verwaltung/stammdaten/:body/mitgliedschaften/:id': 'masterdata.edit',
  'GET /verwaltung/stammdaten/:body/orte': 'masterdata.read',
  'GET /verwaltung/stammdaten/:body/orte/neu': 'masterdata.edit',
  'POST /verwaltung/stammdaten/:body/orte': 'masterdata.edit',
  'GET /verwaltung/stammdaten/:body/orte/:id': 'masterdata.read',
  'POST /verwaltung/stammdaten/:body/orte/:id': 'masterdata.edit',
  'POST /verwaltung/stammdaten/:body/orte/:id/raeume': 'masterdata.edit',
  'GET /verwaltung/stammdaten/:body/orte/:id/raeume/:room': 'masterdata.read',
  'POST /verwaltung/stammdaten/:body/orte/:id/raeume/:room': 'masterdata.edit',
  'GET /verwaltung/vorlagen': 'paper.read',
  'GET /verwaltung/vorlagen/neu': 'paper.create',
  'POST /verwaltung/vorlagen': 'paper.create',
  'GET /verwaltung/vorlagen/:id': 'paper.read',
  'GET /verwaltung/vorlagen/:id/dateien/:fileId': 'paper.read',
  'GET /verwaltung/vorlagen/:id/bearbeiten': 'paper.edit',
  'POST /verwaltung/vorlagen/:id': 'paper.edit',
  'POST /verwaltung/vorlagen/:id/dateien': 'paper.edit',
  'POST /verwaltung/vorlagen/:id/beratungen': 'paper.edit',
  'POST /verwaltung/vorlagen/:id/beratungen/:consultationId': 'paper.edit',
  'POST /verwaltung/vorlagen/:id/beratungen/:consultationId/verschieben': 'paper.edit',
  'POST /verwaltung/vorlagen/:id/beratungen/:consultationId/entfernen': 'paper.edit',
  'GET /verwaltung/sitzungen': 'meeting.read',
  'GET /verwaltung/sitzungen/neu': 'meeting.plan',
  'POST /verwaltung/sitzungen': 'meeting.plan',
  'GET /verwaltung/sitzungen/:id/bearbeiten': 'meeting.plan',
  'POST /verwaltung/sitzungen/:id': 'meeting.plan',
  'GET /verwaltung/sitzungen/:id': 'meeting.read',
  'POST /verwaltung/sitzungen/:id/absagen': 'meeting.plan',
  'POST /verwaltung/sitzungen/:id/verlegen': 'meeting.plan',
  'POST /verwaltung/sitzungen/:id/punkte': 'agenda.edit',
  'POST /verwaltung/sitzungen/:id/punkte/:itemId/verschieben': 'agenda.edit',
  'POST /verwaltung/sitzungen/:id/punkte/:itemId/entfernen': 'agenda.edit',
  'POST /verwaltung/sitzungen/:id/einladung': 'meeting.invite',
  'POST /verwaltung/sitzungen/:id/nachtrag': 'meeting.invite',
  'GET /verwaltung/sitzungen/:id/punkte/:itemId': 'agenda.edit',
  'POST /verwaltung/sitzungen/:id/punkte/:itemId': 'agenda.edit',
  'GET /verwaltung/sitzungen/:id/niederschrift': 'meeting.read',
  'POST /verwaltung/sitzungen/:id/anwesenheit': 'attendance.record',
  'GET /verwaltung/sitzungen/:id/niederschrift/:itemId': 'meeting.read',
  'POST /verwaltung/sitzungen/:id/niederschrift/:itemId': 'minutes.edit',
  'POST /verwaltung/sitzungen/:id/niederschrift/:itemId/abstimmung': 'vote.record',
  'POST /verwaltung/sitzungen/:id/niederschrift/:itemId/befangenheit': 'vote.record',
  'POST /verwaltung/sitzungen/:id/niederschrift/:itemId/ergaenzung': 'minutes.edit',
  'GET /verwaltung/sitzungen/:id/niederschrift/:itemId/abstimmung/:voteId/entfernen': 'vote.record',
  'POST /verwaltung/sitzungen/:id/niederschrift/:itemId/abstimmung/:voteId/entfernen': 'vote.record',
  'GET /verwaltung/sitzungen/:id/niederschrift/:itemId/befangenheit/:personId/entfernen': 'vote.record',
  'POST /verwaltung/sitzungen/:id/niederschrift/:itemId/befangenheit/:personId/entfernen': 'vote.record',
  'GET /verwaltung/sitzungen/:id/niederschrift/:itemId/ergaenzung/:addendumId': 'minutes.edit',
  'POST /verwaltung/sitzungen/:id/niederschrift/:itemId/ergaenzung/:addendumId': 'minutes.edit',
  'GET /verwaltung/sitzungen/:id/niederschrift/:itemId/ergaenzung/:addendumId/entfernen': 'minutes.edit',
  'POST /verwaltung/sitzungen/:id/niederschrift/:itemId/ergaenzung/:addendumId/entfernen': 'minutes.edit',
  'POST /verwaltung/sitzungen/:id/niederschrift/:itemId/anlagen': 'minutes.edit',
  'GET /verwaltung/sitzungen/:id/niederschrift/:itemId/anlagen/:fileId': 'meeting.read',
  'POST /verwaltung/sitzungen/:id/niederschrift/:itemId/anlagen/:fileId': 'minutes.edit',
  'GET /verwaltung/sitzungen/:id/niederschrift/:itemId/anlagen/:fileId/entfernen': 'minutes.edit',
  'POST /verwaltung/sitzungen/:id/niederschrift/:itemId/anlagen/:fileId/entfernen': 'minutes.edit',
  'GET /verwaltung/sitzungen/:id/niederschrift/abschluss': 'meeting.read',
  'POST /verwaltung/sitzungen/:id/niederschrift/abschluss/vorlegen': 'minutes.submit',
  'POST /verwaltung/sitzungen/:id/niederschrift/abschluss/zuruecknehmen': 'minutes.submit',
  'POST /verwaltung/sitzungen/:id/niederschrift/abschluss/unterschreiben': 'minutes.sign',
  'POST /verwaltung/sitzungen/:id/niederschrift/abschluss/veroeffentlichen': 'minutes.publish',
  'POST /verwaltung/sitzungen/:id/niederschrift/abschluss/veroeffentlichung-zuruecknehmen': 'minutes.unpublish',
  'GET /verwaltung/sitzungen/:id/niederschrift/berichtigung': 'minutes.correct',
  'POST /verwaltung/sitzungen/:id/niederschrift/berichtigung': 'minutes.correct',
  'GET /verwaltung/sitzungen/:id/niederschrift/fassungen': 'meeting.read',
  'GET /verwaltung/sitzungen/:id/niederschrift/fassungen/:number': 'meeting.read',
  'GET /verwaltung/sitzungen/:id/niederschrift/fassungen/:number/niederschrift.html': 'meeting.read',
  'GET /verwaltung/sitzungen/:id/niederschrift/fassungen/:number/niederschrift.pdf': 'meeting.read',
  'GET /verwaltung/verlauf': 'audit.read',
  'GET /verwaltung/verlauf/:entity/:id': 'audit.read',
  'GET /verwaltung/konto': 'login',
  'POST /verwaltung/konto/sitzungen': 'login',
  'GET /verwaltung/konto/token': 'login',
  'POST /verwaltung/konto/token': 'login',
  'POST /verwaltung/konto/token/:tokenId/widerrufen': 'login',
  'GET /verwaltung/konten/:id/token': 'account.manage',
  'POST /verwaltung/konten/:id/token/:tokenId/widerrufen': 'account.manage',
  'GET /verwaltung/beschlusskontrolle': 'resolution.read',
  'GET /verwaltung/beschlusskontrolle/druck': 'resolution.read',
  'GET /verwaltung/beschlusskontrolle/uebersicht.pdf': 'resolution.read',
  'GET /verwaltung/beschlusskontrolle/neu/:itemId': 'resolution.track',
  'POST /verwaltung/beschlusskontrolle/neu/:itemId': 'resolution.track',
  'GET /verwaltung/beschlusskontrolle/:id': 'resolution.read',
  'POST /verwaltung/beschlusskontrolle/:id': 'resolution.track',
  'POST /verwaltung/beschlusskontrolle/:id/status': 'resolution.track',
};

test('every /verwaltung route is in the route table with its declared access', () => {
  const known = new Set(office.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`));
  const table = new Set(OFFICE_ROUTES.map((r) => `${r.method} ${r.path}`));
  assert.deepEqual([...known].sort(), [...table].sort(), 'no route outside the table');
  assert.deepEqual(Object.fromEntries(OFFICE_ROUTES.map((r) => [`${r.method} ${r.path}`, r.access])), declared);
});

type Who = 'public' | 'member' | 'chair' | 'clerk' | 'admin' | 'root' | 'norole' | 'foreign-admin';
const WHO: Who[] = ['public', 'member', 'chair', 'clerk', 'admin', 'root', 'norole', 'foreign-admin'];

for (const backend of backends()) {
  describe(`permission matrix over the routes (${backend.name})`, () => {
    let database: Database;
    let app: ReturnType<typeof createApp>;
    let bodyId: number;
    let target: AccountView;
    /** Rows of the body for the master data routes' :body, :id and :room. */
    let masterdata: Awaited<ReturnType<typeof masterdataIds>>;
    /** A non-public paper of the body with two consultations and a file (members read it, the public never). */
    const paper = { id: 0, consultationId: 0, fileId: 0, office: 0, committee: 0 };
    /** A planned meeting of the body with a public and a non-public item (the forms sent are empty: 4xx). */
    const meeting = { id: 0, itemId: 0 };
    /** A meeting whose minutes are signed (version 1 stored), not published: the routes of its versions. */
    const signedMeeting = { id: 0, itemId: 0, chairId: 0, secretaryId: 0, voteId: 0, addendumId: 0, fileId: 0 };
    /** A tracked task from the held meeting's non-public item (members read it; the public never). */
    let resolutionId = 0;
    const accounts = new Map<Who, AccountView>();
    let sequence = 0;

    before(async () => {
      database = await backend.open();
      app = createApp({ db: database.db, logError: () => {} });
      bodyId = (await importDataset({ db: database.db, actor: 'test' }, smallTown())).bodyId;
      const otherBodyId = (await importDataset({ db: database.db, actor: 'test' }, smallTown())).bodyId;
      for (const role of ['member', 'chair', 'clerk', 'admin'] as const) {
        accounts.set(role, await makeAccount(database.db, `m-${role}`, [{ bodyId, role }]));
      }
      accounts.set('root', await makeAccount(database.db, 'm-root', [], { installationAdmin: true }));
      accounts.set('norole', await makeAccount(database.db, 'm-norole', []));
      accounts.set(
        'foreign-admin',
        await makeAccount(database.db, 'm-foreign', [{ bodyId: otherBodyId, role: 'admin' }]),
      );
      target = await makeAccount(database.db, 'm-ziel', [{ bodyId, role: 'member' }]);
      masterdata = await masterdataIds(database.db, bodyId);
      const clerk = { installationAdmin: false, roles: [{ bodyId, role: 'clerk' as const }] };
      const ctx = { db: database.db, actor: 'test' };
      const orgs = await database.db.select().from(organizations).where(eq(organizations.bodyId, bodyId));
      paper.office = orgs.find((o) => o.kind === 'office')?.id ?? 0;
      paper.committee = orgs.find((o) => o.kind === 'committee')?.id ?? 0;
      const created = await createOfficePaper(ctx, clerk, {
        bodyId,
        officeId: paper.office,
        year: 2026,
        paperType: 'Beschlussvorlage',
        title: 'Grundstücksverkauf (nicht öffentlich)',
        public: false,
        files: [{ fileName: 'Lageplan.txt', mimeType: 'text/plain', content: new TextEncoder().encode('Lageplan') }],
      });
      paper.id = created.id;
      for (const role of ['preliminary', 'decision'] as const) {
        const added = await addPaperConsultation(ctx, clerk, created.id, { organizationId: paper.committee, role });
        paper.consultationId = added.id;
      }
      paper.fileId = (await loadOfficePaper(database.db, created.id))?.files[0]?.id ?? 0;
      const planned = await createOfficeMeeting(ctx, clerk, {
        bodyId,
        organizationId: paper.committee,
        date: '2027-03-04',
        startTime: '17:00',
      });
      meeting.id = planned.id;
      const first = await addOfficeAgendaItem(ctx, clerk, planned.id, {
        version: planned.version,
        title: 'Formalien',
        public: true,
      });
      const secret = await addOfficeAgendaItem(ctx, clerk, planned.id, {
        version: first.meeting.version,
        title: 'Grundstücksverkauf',
        public: false,
        paperId: created.id,
      });
      meeting.itemId = secret.item.id;
      await signedMinutes(ctx, clerk);
      const [held] = await database.db
        .select()
        .from(meetings)
        .where(and(eq(meetings.bodyId, bodyId), eq(meetings.state, 'held')));
      const [heldItem] = await database.db
        .select()
        .from(agendaItems)
        .where(and(eq(agendaItems.meetingId, held?.id ?? 0), eq(agendaItems.public, false)));
      resolutionId = (
        await createTrackedResolution(ctx, clerk, {
          agendaItemId: heldItem?.id ?? 0,
          kind: 'review',
          text: 'Die Verwaltung prüft den Verkauf (nicht öffentlich).',
        })
      ).id;
    });
    after(async () => {
      await database?.close();
    });

    /** A held meeting with attendance (chair, Schriftführer), submitted and signed by both: version 1. */
    async function signedMinutes(ctx: { db: Database['db']; actor: string }, clerk: Actor) {
      const held = await createOfficeMeeting(ctx, clerk, {
        bodyId,
        organizationId: paper.committee,
        date: '2024-12-12',
        startTime: '17:00',
      });
      const { item, meeting: withItem } = await addOfficeAgendaItem(ctx, clerk, held.id, {
        version: held.version,
        title: 'Haushalt',
        public: true,
      });
      const record = await loadMeetingRecord(database.db, held.id);
      const chair = record?.roster.find((r) => r.role === 'chair');
      const secretary = record?.persons.find((p) => p.name === 'Gustav Gast');
      assert.ok(chair && secretary);
      const saved = await saveAttendance(ctx, clerk, held.id, {
        version: withItem.version,
        entries: [
          { personId: chair.personId, role: 'chair', status: 'present' },
          { personId: secretary.id, role: 'administration', status: 'present', function: 'Schriftführer' },
        ],
      });
      const texts = await saveItemTexts(ctx, clerk, held.id, item.id, {
        version: saved.meeting.version,
        minutesText: 'Öffentlich beraten.',
      });
      // A vote, a conflict, an addendum and an attachment: the removal and attachment pages read them.
      const vote = await recordItemVote(ctx, clerk, held.id, item.id, { version: texts.meeting.version, noted: true });
      const conflict = await declareItemConflict(ctx, clerk, held.id, item.id, {
        version: vote.meeting.version,
        personId: secretary.id,
      });
      const addendum = await addItemAddendum(ctx, clerk, held.id, item.id, {
        version: conflict.meeting.version,
        text: 'Nachgereicht.',
      });
      const attached = await addItemAttachments(ctx, clerk, held.id, item.id, {
        version: addendum.meeting.version,
        files: [{ fileName: 'Folien.txt', mimeType: 'text/plain', content: new TextEncoder().encode('Folien') }],
      });
      const submitted = await submitMinutes(ctx, clerk, held.id, { version: attached.meeting.version });
      const signer = { installationAdmin: false, roles: [{ bodyId, role: 'chair' as const }] };
      const first = await signMinutes(ctx, { actor: signer, personId: chair.personId }, held.id, {
        version: submitted.meeting.version,
      });
      await signMinutes(ctx, { actor: clerk, personId: secretary.id }, held.id, { version: first.meeting.version });
      Object.assign(signedMeeting, {
        id: held.id,
        itemId: item.id,
        chairId: chair.personId,
        secretaryId: secretary.id,
        voteId: vote.vote.id,
        addendumId: addendum.addendum.id,
        fileId: attached.attachments[0]?.fileId ?? 0,
      });
    }

    /** A request to a route as someone: a fresh session each time (logout ends one). */
    async function request(who: Who, method: string, path: string): Promise<Response> {
      // The versions' routes on the signed meeting's version 1.
      if (path.includes(':number')) {
        return request(who, method, path.replace(':id', String(signedMeeting.id)).replace(':number', '1'));
      }
      // The pages of one vote, conflict, addendum or attachment: those of the signed meeting's item (read only).
      if (method === 'GET' && /:voteId|:personId|:addendumId|\/anlagen\/:fileId/.test(path)) {
        const url = path
          .replace(':id', String(signedMeeting.id))
          .replace(':itemId', String(signedMeeting.itemId))
          .replace(':voteId', String(signedMeeting.voteId))
          .replace(':personId', String(signedMeeting.secretaryId))
          .replace(':addendumId', String(signedMeeting.addendumId))
          .replace(':fileId', String(signedMeeting.fileId));
        return request(who, method, url);
      }
      // The audit view of the body's planned meeting (its body decides who may).
      if (path === '/verwaltung/verlauf/:entity/:id') {
        return request(who, method, `/verwaltung/verlauf/meeting/${meeting.id}`);
      }
      const cookies: string[] = [];
      let csrf = '';
      const account = accounts.get(who);
      if (account) {
        const session = await createSession({ db: database.db, actor: 'test' }, account.id);
        cookies.push(`ratsinfo_session=${session.token}`);
        csrf = session.csrfToken;
      }
      const papers = path.startsWith('/verwaltung/vorlagen');
      const meetings = path.startsWith('/verwaltung/sitzungen');
      const resolutions = path.startsWith('/verwaltung/beschlusskontrolle');
      const url = path
        .replace(':id', String(papers ? paper.id : meetings ? meeting.id : resolutions ? resolutionId : target.id))
        .replace(':itemId', String(meeting.itemId))
        .replace(':consultationId', String(paper.consultationId))
        .replace(':fileId', String(paper.fileId));
      if (path.includes(':body')) return masterdataRequest(method, masterdataUrl(path, masterdata), cookies, csrf);
      if (method === 'GET') return app.request(url, { headers: { cookie: cookies.join('; ') } });
      sequence += 1;
      let form: Record<string, string> = {};
      if (path === '/verwaltung/anmelden') {
        // The login form's own token, from an anonymous visit.
        const page = await app.request('/verwaltung/anmelden');
        csrf = csrfOf(await page.text()) ?? '';
        const login = setCookies(page).get('ratsinfo_login')?.value ?? '';
        cookies.push(`ratsinfo_login=${login}`);
        form = { anmeldename: 'm-member', passwort: PASSWORD };
      } else if (path === '/verwaltung/passwort') {
        form = { bisher: 'falsch-falsch-falsch', neu: 'ein-neues-passwort', wiederholung: 'ein-anderes-passwort' };
      } else if (path === '/verwaltung/konten') {
        form = { anmeldename: `matrix-${sequence}`, name: 'Neu', koerperschaft: String(bodyId), rolle: 'member' };
      } else if (path === '/verwaltung/konten/:id') {
        form = { name: 'Konto m-ziel', person: '' };
      } else if (path.endsWith('/rollen')) {
        form = { rolle: `${bodyId}:member` };
      } else if (path === '/verwaltung/vorlagen' || path === '/verwaltung/vorlagen/:id') {
        const version = String((await loadOfficePaper(database.db, paper.id))?.version ?? 0);
        form = {
          koerperschaft: String(bodyId),
          amt: String(paper.office),
          jahr: '2026',
          art: 'Beschlussvorlage',
          titel: `Matrix ${sequence}`,
          oeffentlich: 'nein',
          version,
        };
      } else if (meetings) {
        form = { koerperschaft: String(bodyId) };
      } else if (path.startsWith('/verwaltung/vorlagen/:id/')) {
        const version = String((await loadOfficePaper(database.db, paper.id))?.version ?? 0);
        form = { version, gremium: String(paper.committee), rolle: 'notice', status: 'decided', richtung: 'hoch' };
      }
      return app.request(url, {
        method,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          origin: 'http://localhost',
          cookie: cookies.join('; '),
        },
        body: new URLSearchParams({ ...form, _csrf: csrf }),
      });
    }

    /** A master data page; POSTs send an empty form (refused before it is read, or answered 4xx). */
    function masterdataRequest(method: string, url: string, cookies: string[], csrf: string) {
      if (method === 'GET') return app.request(url, { headers: { cookie: cookies.join('; ') } });
      return app.request(url, {
        method,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          origin: 'http://localhost',
          cookie: cookies.join('; '),
        },
        body: new URLSearchParams({ _csrf: csrf }),
      });
    }

    /**
     * Whether `who` may use a route, by the rules: routes on an account or creating one in a body ask
     * for that body (the account is in `bodyId`, the form creates there).
     */
    function allowed(who: Who, access: string, method: string, path: string): boolean {
      if (access === 'public') return true;
      const account = accounts.get(who);
      if (!account) return false;
      if (access === 'login') return true;
      const actor: Actor = actorOf(account);
      const creates =
        method === 'POST' &&
        (path === '/verwaltung/konten' || path === '/verwaltung/vorlagen' || path === '/verwaltung/sitzungen');
      const t = path.includes(':id') || path.includes(':body') || creates ? { bodyId } : {};
      return can(actor, access as 'office.enter', t);
    }

    for (const route of OFFICE_ROUTES) {
      test(`${route.method} ${route.path}`, async () => {
        for (const who of WHO) {
          const before = await rowCounts(database.db);
          const res = await request(who, route.method, route.path);
          const body = await res.text();
          const label = `${who} ${route.method} ${route.path}: ${res.status} ${textOf(body).slice(0, 200)}`;
          if (allowed(who, route.access, route.method, route.path)) {
            assert.ok(res.status !== 401 && res.status !== 403 && res.status < 500, label);
            if (route.method === 'GET' && who !== 'public' && route.path !== '/verwaltung/anmelden') {
              assert.equal(res.status, 200, label);
            }
            continue;
          }
          if (who === 'public' && route.method === 'GET') {
            assert.equal(res.status, 303, label);
            assert.match(res.headers.get('location') ?? '', /^\/verwaltung\/anmelden\?weiter=/, label);
          } else {
            assert.equal(res.status, 403, label);
            assert.match(textOf(body), /Berechtigung|anmelden|verwalten/i, label);
            assert.match(body, /<html lang="de"/, label);
          }
          const afterCounts = await rowCounts(database.db);
          // The request's own fresh session is the only new row.
          const sessionsAdded = accounts.has(who) ? 1 : 0;
          assert.deepEqual(
            { ...afterCounts, sessions: (afterCounts.sessions ?? 0) - sessionsAdded },
            before,
            `${label}: nothing changed`,
          );
        }
      });
    }

    test('the API: the public gets 401 JSON, any account its own data', async () => {
      for (const who of WHO) {
        const res = await request(who, 'GET', '/api/v1/konto');
        if (who === 'public') {
          assert.equal(res.status, 401);
          assert.equal(((await res.json()) as { error: { id: string } }).error.id, 'auth.required');
        } else {
          assert.equal(res.status, 200, who);
          assert.equal(((await res.json()) as { login: string }).login, accounts.get(who)?.login);
        }
      }
    });

    test('signed minutes: attendance, votes, texts, conflicts, addenda and attachments (adding, changing, removing) refused (403, pages and API), nothing written', async () => {
      const clerk = { installationAdmin: false, roles: [{ bodyId, role: 'clerk' as const }] };
      const ctx = { db: database.db, actor: 'test' };
      const planned = await createOfficeMeeting(ctx, clerk, {
        bodyId,
        organizationId: paper.committee,
        date: '2027-03-11',
        startTime: '17:00',
      });
      const { item } = await addOfficeAgendaItem(ctx, clerk, planned.id, {
        version: planned.version,
        title: 'Haushalt',
        public: true,
      });
      await database.db.update(meetings).set({ state: 'minutes_signed' }).where(eq(meetings.id, planned.id));
      const [signed] = await database.db.select().from(meetings).where(eq(meetings.id, planned.id));
      const version = String(signed?.version ?? 0);
      const forms: Array<[string, Record<string, string>]> = [
        ['anwesenheit', { version, 'p0-status': 'present' }],
        [`niederschrift/${item.id}`, { version, niederschrift: 'Text', beschluss: 'Beschluss' }],
        [`niederschrift/${item.id}/abstimmung`, { version, ergebnis: 'stimmen', ja: '1', nein: '0', enthaltung: '0' }],
        [`niederschrift/${item.id}/befangenheit`, { version, person: String(target.personId ?? 1) }],
        [`niederschrift/${item.id}/ergaenzung`, { version, ergaenzung: 'Nachgereicht' }],
        [`niederschrift/${item.id}/abstimmung/1/entfernen`, { version }],
        [`niederschrift/${item.id}/befangenheit/1/entfernen`, { version }],
        [`niederschrift/${item.id}/ergaenzung/1/entfernen`, { version }],
        [`niederschrift/${item.id}/anlagen`, { version }],
        [`niederschrift/${item.id}/anlagen/1`, { version, bezeichnung: 'Anlage 1' }],
        [`niederschrift/${item.id}/anlagen/1/entfernen`, { version }],
      ];
      const account = accounts.get('clerk');
      assert.ok(account);
      for (const [path, form] of forms) {
        const before = await rowCounts(database.db);
        const session = await createSession({ db: database.db, actor: 'test' }, account.id);
        const res = await app.request(`/verwaltung/sitzungen/${planned.id}/${path}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            origin: 'http://localhost',
            cookie: `ratsinfo_session=${session.token}`,
          },
          body: new URLSearchParams({ ...form, _csrf: session.csrfToken }),
        });
        const body = await res.text();
        assert.equal(res.status, 403, `${path}: ${textOf(body).slice(0, 200)}`);
        assert.match(textOf(body), /Niederschrift ist unterschrieben/, path);
        const afterCounts = await rowCounts(database.db);
        assert.deepEqual(
          { ...afterCounts, sessions: (afterCounts.sessions ?? 0) - 1 },
          before,
          `${path}: nothing changed`,
        );
      }
      const session = await createSession({ db: database.db, actor: 'test' }, account.id);
      const before = await rowCounts(database.db);
      const res = await app.request(`/api/v1/meetings/${planned.id}/items/${item.id}/vote`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          origin: 'http://localhost',
          cookie: `ratsinfo_session=${session.token}`,
          'x-csrf-token': session.csrfToken,
        },
        body: JSON.stringify({ version: Number(version), yes: 1, no: 0, abstain: 0 }),
      });
      assert.equal(res.status, 403);
      assert.equal(((await res.json()) as { error: { id: string } }).error.id, 'minutes.signed');
      assert.deepEqual(await rowCounts(database.db), before);
      const [after] = await database.db.select().from(meetings).where(eq(meetings.id, planned.id));
      assert.equal(after?.version, signed?.version);
    });

    test('finishing the minutes: a member signs, the chair edits signed minutes, the clerk publishes unsigned ones, the public reads unpublished ones: refused, nothing changed', async () => {
      const [signed] = await database.db.select().from(meetings).where(eq(meetings.id, signedMeeting.id));
      assert.equal(signed?.state, 'minutes_signed');
      const version = String(signed?.version ?? 0);
      const cases: Array<[Who, string, Record<string, string>, RegExp]> = [
        [
          'member',
          `/verwaltung/sitzungen/${meeting.id}/niederschrift/abschluss/unterschreiben`,
          { version },
          /Berechtigung/,
        ],
        [
          'member',
          `/verwaltung/sitzungen/${signedMeeting.id}/niederschrift/abschluss/unterschreiben`,
          { version },
          /unterschrieben/,
        ],
        [
          'chair',
          `/verwaltung/sitzungen/${signedMeeting.id}/niederschrift/${signedMeeting.itemId}`,
          { version, niederschrift: 'Anders' },
          /Berechtigung/,
        ],
        [
          'clerk',
          `/verwaltung/sitzungen/${signedMeeting.id}/niederschrift/${signedMeeting.itemId}`,
          { version, niederschrift: 'Anders' },
          /Niederschrift ist unterschrieben/,
        ],
        [
          'chair',
          `/verwaltung/sitzungen/${signedMeeting.id}/niederschrift/berichtigung`,
          { version, begruendung: 'x', punkt: String(signedMeeting.itemId), niederschrift: 'Anders' },
          /Berechtigung/,
        ],
        [
          'clerk',
          `/verwaltung/sitzungen/${meeting.id}/niederschrift/abschluss/veroeffentlichen`,
          { version },
          /erst möglich, wenn die Niederschrift unterschrieben ist/,
        ],
        [
          'clerk',
          `/verwaltung/sitzungen/${meeting.id}/niederschrift/berichtigung`,
          { version, begruendung: 'x' },
          /erst möglich, wenn die Niederschrift unterschrieben ist/,
        ],
      ];
      for (const [who, url, form, message] of cases) {
        const account = accounts.get(who);
        assert.ok(account);
        const before = await rowCounts(database.db);
        const session = await createSession({ db: database.db, actor: 'test' }, account.id);
        const res = await app.request(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            origin: 'http://localhost',
            cookie: `ratsinfo_session=${session.token}`,
          },
          body: new URLSearchParams({ ...form, _csrf: session.csrfToken }),
        });
        const body = await res.text();
        const label = `${who} ${url}: ${res.status} ${textOf(body).slice(0, 300)}`;
        assert.equal(res.status, 403, label);
        assert.match(textOf(body), message, label);
        const afterCounts = await rowCounts(database.db);
        assert.deepEqual(
          { ...afterCounts, sessions: (afterCounts.sessions ?? 0) - 1 },
          before,
          `${label}: nothing changed`,
        );
      }
      const [unchanged] = await database.db.select().from(meetings).where(eq(meetings.id, signedMeeting.id));
      assert.equal(unchanged?.version, signed?.version);
      assert.equal(unchanged?.minutesPublishedAt, null);
      // The public: the signed, unpublished minutes are nowhere (the API wants a login, the portal has no document).
      const api = await app.request(`/api/v1/meetings/${signedMeeting.id}/minutes/versions/1`);
      assert.equal(api.status, 401);
      const [body] = await database.db.select().from(bodies).where(eq(bodies.id, bodyId));
      const document = await app.request(`/${body?.slug}/sitzungen/${signedMeeting.id}/niederschrift.pdf`);
      assert.equal(document.status, 404);
      const page = await app.request(`/verwaltung/sitzungen/${signedMeeting.id}/niederschrift/fassungen/1`);
      assert.equal(page.status, 303, 'the public is sent to the login');
    });
  });
}

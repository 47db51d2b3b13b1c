/**
 * The JSON API for papers (/api/v1/papers) on every storage backend: API tokens and sessions (with the
 * CSRF header), list, get, create with the next number, update with optimistic locking, the consultation
 * path; stable error ids (validation.failed with fields, conflict.stale, permission.denied, not_found,
 * auth.required); and a matrix over every API route and caller in which every refusal changes nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../src/db/open.ts';
import { organizations } from '../../src/db/schema.ts';
import type { Actor } from '../../src/domain/permissions.ts';
import { createApp } from '../../src/http/app.tsx';
import { createApiToken, createSession } from '../../src/services/accounts.ts';
import { importDataset } from '../../src/services/dataset/import.ts';
import { addPaperConsultation, createOfficePaper } from '../../src/services/papers-office.ts';
import { backends } from '../helpers/db.ts';
import { rowCounts, smallTown } from '../helpers/fixtures.ts';
import { makeAccount } from './helpers.ts';

type Json = Record<string, unknown> & { error?: { id: string; message: string; fields?: Record<string, string> } };

for (const backend of backends()) {
  describe(`papers API (${backend.name})`, () => {
    let database: Database;
    let app: ReturnType<typeof createApp>;
    let bodyId: number;
    let otherBodyId: number;
    let office: number;
    let committee: number;
    let council: number;
    const tokens = new Map<string, string>();

    before(async () => {
      database = await backend.open();
      app = createApp({ db: database.db, logError: (e) => console.error(e), pageCacheBytes: false });
      bodyId = (await importDataset({ db: database.db, actor: 'test' }, smallTown())).bodyId;
      otherBodyId = (await importDataset({ db: database.db, actor: 'test' }, smallTown())).bodyId;
      const org = async (name: string) => {
        const [row] = await database.db
          .select({ id: organizations.id })
          .from(organizations)
          .where(and(eq(organizations.bodyId, bodyId), eq(organizations.name, name)));
        return row?.id ?? 0;
      };
      office = await org('Kämmerei');
      committee = await org('Finanzausschuss');
      council = await org('Rat');
      const accounts = {
        clerk: [{ bodyId, role: 'clerk' as const }],
        member: [{ bodyId, role: 'member' as const }],
        chair: [{ bodyId, role: 'chair' as const }],
        admin: [{ bodyId, role: 'admin' as const }],
        'foreign-clerk': [{ bodyId: otherBodyId, role: 'clerk' as const }],
        norole: [],
      };
      for (const [name, roles] of Object.entries(accounts)) {
        const account = await makeAccount(database.db, `api-${name}`, roles);
        tokens.set(name, (await createApiToken({ db: database.db, actor: 'test' }, account.id, 'Test')).token);
      }
    });
    after(async () => {
      await database?.close();
    });

    async function call(who: string | null, method: string, path: string, body?: unknown) {
      const headers: Record<string, string> = {};
      if (who) headers.authorization = `Bearer ${tokens.get(who)}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await app.request(path, {
        method,
        headers,
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      return { status: res.status, json: (await res.json()) as Json };
    }

    const newPaper = {
      officeId: 0,
      year: 2026,
      paperType: 'Beschlussvorlage',
      title: 'Neue Bushaltestelle',
      text: 'Begründung.',
      date: '2026-04-01',
      public: false,
    };

    test('create, get, list, update with optimistic locking, stale update refused', async () => {
      const created = await call('clerk', 'POST', '/api/v1/papers', { ...newPaper, bodyId, officeId: office });
      assert.equal(created.status, 201, JSON.stringify(created.json));
      assert.equal(created.json.reference, '20/001/2026');
      assert.equal(created.json.version, 1);
      assert.equal(created.json.public, false);
      const id = created.json.id as number;

      const got = await call('member', 'GET', `/api/v1/papers/${id}`);
      assert.equal(got.status, 200, 'members read non-public papers');
      assert.equal(got.json.title, 'Neue Bushaltestelle');
      assert.deepEqual(got.json.consultations, []);

      const list = await call('member', 'GET', `/api/v1/papers?bodyId=${bodyId}&q=bushalte&sort=title&direction=asc`);
      assert.equal(list.status, 200);
      assert.equal(list.json.total, 1);
      assert.equal((list.json.items as Array<{ reference: string }>)[0]?.reference, '20/001/2026');
      const bad = await call('member', 'GET', `/api/v1/papers?bodyId=${bodyId}&sort=farbe&page=0`);
      assert.equal(bad.status, 422);
      assert.equal(bad.json.error?.id, 'validation.failed');
      assert.deepEqual(Object.keys(bad.json.error?.fields ?? {}).sort(), ['page', 'sort']);

      const updated = await call('clerk', 'PATCH', `/api/v1/papers/${id}`, { version: 1, title: 'Bushaltestelle Süd' });
      assert.equal(updated.status, 200, JSON.stringify(updated.json));
      assert.equal(updated.json.version, 2);
      assert.equal(updated.json.title, 'Bushaltestelle Süd');
      assert.equal(updated.json.text, 'Begründung.', 'fields not sent stay');

      const before = await rowCounts(database.db);
      const stale = await call('clerk', 'PATCH', `/api/v1/papers/${id}`, { version: 1, title: 'Bushaltestelle Nord' });
      assert.equal(stale.status, 409);
      assert.equal(stale.json.error?.id, 'conflict.stale');
      assert.equal((stale.json.error as unknown as { currentVersion: number }).currentVersion, 2);
      assert.match(stale.json.error?.message ?? '', /inzwischen von Konto api-clerk am .* geändert/);
      const invalid = await call('clerk', 'PATCH', `/api/v1/papers/${id}`, { version: 2, title: ' ', date: 'morgen' });
      assert.equal(invalid.status, 422);
      assert.deepEqual(Object.keys(invalid.json.error?.fields ?? {}).sort(), ['date', 'title']);
      const noVersion = await call('clerk', 'PATCH', `/api/v1/papers/${id}`, { title: 'Ohne Fassung' });
      assert.equal(noVersion.status, 422);
      assert.ok(noVersion.json.error?.fields?.version);
      assert.deepEqual(await rowCounts(database.db), before);
      assert.equal((await call('clerk', 'GET', `/api/v1/papers/${id}`)).json.title, 'Bushaltestelle Süd');
    });

    test('errors: validation.failed with fields, bad JSON, not_found, permission.denied, auth.required', async () => {
      const before = await rowCounts(database.db);
      const invalid = await call('clerk', 'POST', '/api/v1/papers', {
        bodyId,
        officeId: council,
        year: 2026,
        title: '',
      });
      assert.equal(invalid.status, 422);
      assert.equal(invalid.json.error?.id, 'validation.failed');
      assert.match(invalid.json.error?.fields?.title ?? '', /Titel/);
      assert.match(invalid.json.error?.fields?.paperType ?? '', /Art/);
      const notJson = await call('clerk', 'POST', '/api/v1/papers', '{kein json');
      assert.equal(notJson.status, 400);
      assert.equal(notJson.json.error?.id, 'validation.failed');
      const missing = await call('clerk', 'GET', '/api/v1/papers/999999');
      assert.equal(missing.status, 404);
      assert.equal(missing.json.error?.id, 'not_found');
      const member = await call('member', 'POST', '/api/v1/papers', { ...newPaper, bodyId, officeId: office });
      assert.equal(member.status, 403);
      assert.equal(member.json.error?.id, 'permission.denied');
      const foreign = await call('foreign-clerk', 'POST', '/api/v1/papers', { ...newPaper, bodyId, officeId: office });
      assert.equal(foreign.status, 403);
      assert.equal(foreign.json.error?.id, 'permission.denied');
      const anonymous = await call(null, 'GET', '/api/v1/papers');
      assert.equal(anonymous.status, 401);
      assert.equal(anonymous.json.error?.id, 'auth.required');
      assert.deepEqual(await rowCounts(database.db), before);
    });

    test('the consultation path: add, reorder, change status, remove', async () => {
      const created = await call('clerk', 'POST', '/api/v1/papers', { ...newPaper, bodyId, officeId: office });
      const id = created.json.id as number;
      const first = await call('clerk', 'POST', `/api/v1/papers/${id}/consultations`, {
        organizationId: committee,
        role: 'preliminary',
      });
      assert.equal(first.status, 201, JSON.stringify(first.json));
      const second = await call('clerk', 'POST', `/api/v1/papers/${id}/consultations`, {
        organizationId: council,
        role: 'decision',
        version: first.json.version,
      });
      assert.equal(second.status, 201);
      const items = second.json.items as Array<{ id: number; position: number; organization: { name: string } }>;
      assert.deepEqual(
        items.map((k) => [k.position, k.organization.name]),
        [
          [1, 'Finanzausschuss'],
          [2, 'Rat'],
        ],
      );
      const [a, b] = items.map((k) => k.id) as [number, number];
      const stale = await call('clerk', 'POST', `/api/v1/papers/${id}/consultations`, {
        organizationId: council,
        role: 'notice',
        version: first.json.version,
      });
      assert.equal(stale.status, 409);
      assert.equal(stale.json.error?.id, 'conflict.stale');
      const wrongOrder = await call('clerk', 'PUT', `/api/v1/papers/${id}/consultations/order`, { order: [b] });
      assert.equal(wrongOrder.status, 422);
      assert.ok(wrongOrder.json.error?.fields?.order);
      const reordered = await call('clerk', 'PUT', `/api/v1/papers/${id}/consultations/order`, { order: [b, a] });
      assert.equal(reordered.status, 200);
      assert.deepEqual(
        (reordered.json.items as Array<{ id: number }>).map((k) => k.id),
        [b, a],
      );
      const changed = await call('clerk', 'PATCH', `/api/v1/papers/${id}/consultations/${a}`, {
        status: 'recommended',
      });
      assert.equal(changed.status, 200);
      assert.equal((changed.json.items as Array<{ id: number; status: string }>)[1]?.status, 'recommended');
      const badStatus = await call('clerk', 'PATCH', `/api/v1/papers/${id}/consultations/${a}`, { status: 'egal' });
      assert.equal(badStatus.status, 422);
      const member = await call('member', 'DELETE', `/api/v1/papers/${id}/consultations/${b}`);
      assert.equal(member.status, 403);
      const removed = await call('clerk', 'DELETE', `/api/v1/papers/${id}/consultations/${b}`);
      assert.equal(removed.status, 200);
      assert.deepEqual(
        (removed.json.items as Array<{ id: number; position: number }>).map((k) => [k.id, k.position]),
        [[a, 1]],
      );
      const gone = await call('clerk', 'DELETE', `/api/v1/papers/${id}/consultations/${b}`);
      assert.equal(gone.status, 404);
      assert.equal(gone.json.error?.id, 'not_found');
      const listed = await call('chair', 'GET', `/api/v1/papers/${id}/consultations`);
      assert.equal(listed.status, 200);
      assert.equal((listed.json.items as unknown[]).length, 1);
    });

    test('a browser session works with the X-CSRF-Token header, not without', async () => {
      const [account] = await Promise.all([makeAccount(database.db, 'api-session', [{ bodyId, role: 'clerk' }])]);
      const session = await createSession({ db: database.db, actor: 'test' }, account.id);
      const request = (headers: Record<string, string>) =>
        app.request('/api/v1/papers', {
          method: 'POST',
          headers: {
            cookie: `ratsinfo_session=${session.token}`,
            origin: 'http://localhost',
            'content-type': 'application/json',
            ...headers,
          },
          body: JSON.stringify({ ...newPaper, bodyId, officeId: office, title: 'Über die Sitzung' }),
        });
      const before = await rowCounts(database.db);
      const refused = await request({});
      assert.equal(refused.status, 403);
      assert.equal(((await refused.json()) as Json).error?.id, 'csrf.invalid');
      assert.deepEqual(await rowCounts(database.db), before);
      const ok = await request({ 'x-csrf-token': session.csrfToken });
      assert.equal(ok.status, 201);
    });

    test('matrix: every API route × caller; allowed callers are served, refusals change nothing', async () => {
      const clerk: Actor = { installationAdmin: false, roles: [{ bodyId, role: 'clerk' }] };
      const ctx = { db: database.db, actor: 'test' };
      const paper = await createOfficePaper(ctx, clerk, { ...newPaper, bodyId, officeId: office, title: 'Matrix' });
      const consultation = await addPaperConsultation(ctx, clerk, paper.id, {
        organizationId: committee,
        role: 'decision',
      });
      const routes: Array<[string, string, 'paper.read' | 'paper.edit' | 'paper.create', unknown?]> = [
        ['GET', `/api/v1/papers?bodyId=${bodyId}`, 'paper.read'],
        ['GET', `/api/v1/papers/${paper.id}`, 'paper.read'],
        ['GET', `/api/v1/papers/${paper.id}/consultations`, 'paper.read'],
        ['POST', '/api/v1/papers', 'paper.create', { ...newPaper, bodyId, officeId: office }],
        ['PATCH', `/api/v1/papers/${paper.id}`, 'paper.edit', { version: 999, title: 'x' }],
        [
          'POST',
          `/api/v1/papers/${paper.id}/consultations`,
          'paper.edit',
          { organizationId: council, role: 'notice', version: 999 },
        ],
        ['PUT', `/api/v1/papers/${paper.id}/consultations/order`, 'paper.edit', { order: [], version: 999 }],
        ['PATCH', `/api/v1/papers/${paper.id}/consultations/${consultation.id}`, 'paper.edit', { version: 999 }],
        ['DELETE', `/api/v1/papers/${paper.id}/consultations/${consultation.id}`, 'paper.edit', { version: 999 }],
      ];
      const allowed: Record<string, string[]> = {
        'paper.read': ['clerk', 'member', 'chair', 'admin'],
        'paper.create': ['clerk'],
        'paper.edit': ['clerk'],
      };
      for (const [method, path, action, body] of routes) {
        for (const who of [null, 'member', 'chair', 'clerk', 'admin', 'foreign-clerk', 'norole']) {
          const before = await rowCounts(database.db);
          const res = await call(who, method, path, body);
          const label = `${who ?? 'public'} ${method} ${path}: ${res.status} ${JSON.stringify(res.json).slice(0, 200)}`;
          if (who && allowed[action]?.includes(who)) {
            assert.ok(res.status < 400 || res.status === 409, label);
            continue;
          }
          if (who) {
            assert.equal(res.status, 403, label);
            assert.equal(res.json.error?.id, 'permission.denied', label);
          } else {
            // Without a token or cookie every method is told to authenticate (there is nothing to forge).
            assert.equal(res.status, 401, label);
            assert.equal(res.json.error?.id, 'auth.required', label);
          }
          const afterCounts = await rowCounts(database.db);
          assert.deepEqual(afterCounts, before, label);
        }
      }
    });
  });
}

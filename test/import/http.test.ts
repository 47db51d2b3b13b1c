/**
 * The importer's HTTP client against the fixture server: the polite rate limit spaces requests,
 * Retry-After is read as seconds or as a date, 5xx and 429 are asked again, a file above the size
 * limit is refused with a reason, gzip answers are read.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { HttpClient, HttpError, retryAfterMs } from '../../src/import/http.ts';
import { type FixtureServer, startFixtureServer } from '../fixtures/oparl-server.ts';

describe('importer HTTP client', () => {
  let server: FixtureServer;

  before(async () => {
    server = await startFixtureServer();
    server.add({ id: server.url('/x'), type: 'https://schema.oparl.org/1.1/System', body: server.url('/b') });
    server.files.set('/datei.pdf', 'x'.repeat(5000));
  });

  after(async () => {
    await server?.close();
  });

  test('requests are spaced to the rate (here 10 per second)', async () => {
    const http = new HttpClient({ rate: 10 });
    const started = Date.now();
    for (let i = 0; i < 6; i++) await http.json(server.url('/x'));
    // Six requests at 10/s: the sixth starts 500 ms after the first.
    assert.ok(Date.now() - started >= 480, `${Date.now() - started} ms`);
    assert.equal(http.stats.requests, 6);
  });

  test('Retry-After as seconds or as an HTTP date', () => {
    assert.equal(retryAfterMs('3'), 3000);
    assert.equal(retryAfterMs('0.5'), 500);
    const now = Date.parse('2026-11-28T10:00:00Z');
    assert.equal(retryAfterMs('Sat, 28 Nov 2026 10:00:05 GMT', now), 5000);
    assert.equal(retryAfterMs('bald'), undefined);
    assert.equal(retryAfterMs(null), undefined);
  });

  test('5xx and 429 are asked again; after the last attempt a clear error', async () => {
    server.faults.failures.set('/x', [{ status: 502 }, { status: 429, retryAfter: '0' }]);
    const http = new HttpClient({ rate: 1000, backoffMs: 1 });
    const system = (await http.json(server.url('/x'))) as { type: string };
    assert.equal(system.type, 'https://schema.oparl.org/1.1/System');
    assert.equal(http.stats.retries, 2);

    server.faults.failures.set('/x', [{ status: 500 }, { status: 500 }, { status: 500 }]);
    const impatient = new HttpClient({ rate: 1000, backoffMs: 1, attempts: 3 });
    await assert.rejects(impatient.json(server.url('/x')), (error: unknown) => {
      return error instanceof HttpError && error.message.endsWith('HTTP 500 (nach 3 Versuchen)');
    });
    server.faults.failures.delete('/x');
  });

  test('a 404 is not asked again', async () => {
    const http = new HttpClient({ rate: 1000, backoffMs: 1 });
    await assert.rejects(http.json(server.url('/gibt-es-nicht')), (error: unknown) => {
      return error instanceof HttpError && error.status === 404;
    });
    assert.equal(http.stats.requests, 1);
  });

  test('a file above the size limit is refused with a reason; below it, read completely', async () => {
    const http = new HttpClient({ rate: 1000 });
    const small = await http.bytes(server.url('/datei.pdf'), 10_000);
    assert.ok('content' in small);
    assert.equal(small.content.byteLength, 5000);
    assert.equal(small.mimeType, 'application/pdf');
    const large = await http.bytes(server.url('/datei.pdf'), 1000);
    assert.deepEqual(large, { problem: 'größer als 1000 Bytes' });
  });

  test('gzip answers are read (the fixture server compresses when asked)', async () => {
    const response = await fetch(server.url('/x'), { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(response.headers.get('content-encoding'), 'gzip');
    await response.body?.cancel();
    const http = new HttpClient({ rate: 1000 });
    const system = (await http.json(server.url('/x'))) as { body: string };
    assert.equal(system.body, server.url('/b'));
  });
});

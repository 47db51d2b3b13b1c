/**
 * Configuration from the environment, and PUBLIC_URL reaching the served app: absolute links in feeds,
 * calendars and sitemaps use the configured origin, whatever host the request came in on.
 */

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadConfig } from '../src/config.ts';
import { isDomainError } from '../src/domain/errors.ts';
import { startServer } from '../src/server.ts';

function configError(env: NodeJS.ProcessEnv): { id: string; message: string } {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(isDomainError(error), String(error));
    return { id: error.id, message: error.message };
  }
  assert.fail(`no error for ${JSON.stringify(env)}`);
}

describe('PUBLIC_URL', () => {
  test('unset or empty: undefined (each request uses its own origin)', () => {
    assert.equal(loadConfig({}).publicUrl, undefined);
    assert.equal(loadConfig({ PUBLIC_URL: '  ' }).publicUrl, undefined);
  });

  test('an http or https origin, normalised without the trailing slash', () => {
    const cases: [string, string][] = [
      ['https://ratsinfo.kreis-mettmann.de', 'https://ratsinfo.kreis-mettmann.de'],
      ['https://ratsinfo.kreis-mettmann.de/', 'https://ratsinfo.kreis-mettmann.de'],
      [' HTTPS://Ratsinfo.Example.DE:8443/ ', 'https://ratsinfo.example.de:8443'],
      ['http://127.0.0.1:3000', 'http://127.0.0.1:3000'],
      ['https://ratsinfo.example.de:443', 'https://ratsinfo.example.de'],
      ['https://bürgerinfo.example.de', 'https://xn--brgerinfo-q9a.example.de'],
    ];
    for (const [value, expected] of cases) assert.equal(loadConfig({ PUBLIC_URL: value }).publicUrl, expected, value);
  });

  test('anything else is refused with a German message naming the problem', () => {
    const cases: [string, string][] = [
      ['ratsinfo.example.de', 'ist keine gültige Adresse'],
      ['ftp://ratsinfo.example.de', 'beginnt nicht mit http:// oder https://'],
      ['https:ratsinfo.example.de', 'hat keinen Rechnernamen'],
      ['https://ratsinfo.example.de/?a=1', 'enthält eine Abfrage'],
      ['https://ratsinfo.example.de?', 'enthält eine Abfrage'],
      ['https://ratsinfo.example.de/#top', 'enthält einen Anker'],
      ['https://ratsinfo.example.de/ratsinfo', 'enthält einen Pfad'],
      ['https://admin:geheim@ratsinfo.example.de', 'enthält Benutzername oder Passwort'],
    ];
    for (const [value, problem] of cases) {
      const error = configError({ PUBLIC_URL: value });
      assert.equal(error.id, 'config.invalid_public_url', value);
      assert.ok(error.message.startsWith('PUBLIC_URL muss eine http- oder https-Adresse'), error.message);
      assert.ok(error.message.includes(problem), `${value}: ${error.message}`);
    }
    assert.ok(!configError({ PUBLIC_URL: 'https://admin:geheim@x.de' }).message.includes('geheim'), 'no password');
  });

  test('the other settings are unaffected', () => {
    const config = loadConfig({ PORT: '8080', PUBLIC_URL: 'https://ratsinfo.example.de' });
    assert.equal(config.port, 8080);
    assert.equal(config.databaseUrl, undefined);
    assert.equal(configError({ PORT: 'x' }).id, 'config.invalid_port');
  });

  test('reaches the served app: feeds and robots.txt link to the configured host', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ratsinfo-config-'));
    const config = loadConfig({
      PUBLIC_URL: 'https://ratsinfo.example.de/',
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
    });
    const server = await startServer(config, () => {});
    try {
      const robots = await (await fetch(`${server.url}/robots.txt`)).text();
      assert.match(robots, /^Sitemap: https:\/\/ratsinfo\.example\.de\/sitemap\.xml$/m);
      const feed = await (await fetch(`${server.url}/kreis-mettmann/niederschriften.atom`)).text();
      assert.ok(
        feed.includes('<link rel="self" href="https://ratsinfo.example.de/kreis-mettmann/niederschriften.atom"'),
      );
      assert.ok(!feed.includes('127.0.0.1'));
    } finally {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('PAGE_CACHE_MB', () => {
  test('default 64, 0 turns the cache off, fractions allowed', () => {
    assert.equal(loadConfig({}).pageCacheMb, 64);
    assert.equal(loadConfig({ PAGE_CACHE_MB: '0' }).pageCacheMb, 0);
    assert.equal(loadConfig({ PAGE_CACHE_MB: ' 0.5 ' }).pageCacheMb, 0.5);
  });

  test('anything else is refused with a German message naming the value', () => {
    for (const value of ['-1', 'viel', '1e9', 'Infinity']) {
      const error = configError({ PAGE_CACHE_MB: value });
      assert.equal(error.id, 'config.invalid_page_cache', value);
      assert.ok(error.message.includes(`„${value}“`), error.message);
    }
  });
});

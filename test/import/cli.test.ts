/**
 * `ratsinfo import oparl` as an operator runs it: a real process on an embedded database in a temporary
 * DATA_DIR, against the local fixture server. German output and exit codes: 0 with a summary and the
 * defects, 1 with one clear line when the URL is unreachable or the data directory is in use, 2 on
 * wrong arguments.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { acquireDataDirLock } from '../../src/db/lock.ts';
import { type FixtureServer, specWorld, startFixtureServer } from '../fixtures/oparl-server.ts';
import { type CliResult, runCli } from '../helpers/cli.ts';

const _root = fileURLToPath(new URL('../..', import.meta.url));

function run(args: string[], dataDir: string): Promise<CliResult> {
  return runCli(args, { DATA_DIR: dataDir });
}

describe('ratsinfo import oparl (command)', () => {
  let server: FixtureServer;
  let dataDir: string;
  let system: string;

  before(async () => {
    server = await startFixtureServer({ pageSize: 2 });
    system = specWorld(server).system.id as string;
    dataDir = mkdtempSync(join(tmpdir(), 'ratsinfo-import-'));
  });

  after(async () => {
    await server?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('imports, prints a German summary and the defects, exit code 0', async () => {
    const result = await run(['import', 'oparl', system, '--rate=200'], dataDir);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, new RegExp(`OParl-Import von ${system.replace(/[.?]/g, '\\$&')}`));
    assert.match(result.stdout, /Körperschaft .* → Nr\. 1 \(vollständig\)/);
    assert.match(
      result.stdout,
      /Geschrieben: 1 Körperschaften, 1 Wahlperioden, 1 Gebäude, 1 Gremien und Organisationen, 1 Personen, 1 Vorlagen, 6 Dateien, 1 Sitzungen, 1 Tagesordnungspunkte\n/,
    );
    assert.match(result.stdout, /Mängel in den Quelldaten \(\d+\):/);
    assert.match(
      result.stdout,
      /location\/0: GeoJSON \[lat, lon\] erkannt \(\[50\.1234, 10\.4321\]\) → getauscht zu \[10\.4321, 50\.1234\]/,
    );
    // Without a terminal the progress comes as lines.
    assert.match(result.stderr, /\d+ Anfragen · \d+ Mängel/);

    const again = await run(['import', 'oparl', system, '--rate=200'], dataDir);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /\(Änderungen seit \d{4}-\d{2}-\d{2}T/);
    assert.match(again.stdout, /Geschrieben: nichts \(keine Änderungen\)/);
  });

  test('an unreachable URL: one German line, exit code 1', async () => {
    const closed = await startFixtureServer();
    const url = closed.url('/oparl/v1.1');
    await closed.close();
    const result = await run(['import', 'oparl', url], dataDir);
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      new RegExp(`Fehler: Die OParl-Schnittstelle ${url.replace(/[.]/g, '\\.')} ist nicht erreichbar`),
    );
    assert.doesNotMatch(result.stderr, /at .*\.ts:\d+/);
  });

  test('a data directory in use by a running Ratsinfo: a clear message, exit code 1', async () => {
    const release = acquireDataDirLock(dataDir);
    try {
      const result = await run(['import', 'oparl', system], dataDir);
      assert.equal(result.code, 1);
      assert.match(result.stderr, /wird bereits von einem anderen Ratsinfo-Prozess verwendet/);
    } finally {
      release();
    }
  });

  test('wrong arguments: usage, exit code 2', async () => {
    const result = await run(['import', 'oparl', '--full'], dataDir);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Die Adresse fehlt/);
    assert.match(result.stderr, /--no-files/);
  });
});

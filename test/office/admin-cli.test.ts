/**
 * `ratsinfo admin create` as an operator runs it: a real process on an embedded database in a temporary
 * DATA_DIR. The first admin of an installation: created with the password from RATSINFO_ADMIN_PASSWORD
 * (exit 0), refused with one German line when the name is taken, the password too short or missing
 * (exit 1, nothing written), wrong arguments explained with the usage (exit 2).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../../src/db/open.ts';
import { accounts } from '../../src/db/schema.ts';
import { login } from '../../src/services/accounts.ts';
import { type CliResult, runCli } from '../helpers/cli.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The terminal test needs util-linux `script` (Debian: package bsdutils). */
function scriptSkip(): string | false {
  return existsSync('/usr/bin/script') ? false : 'util-linux script fehlt (apt-get install bsdutils)';
}

/** `ratsinfo admin …` without a terminal: the password only from RATSINFO_ADMIN_PASSWORD (or none). */
function run(args: string[], dataDir: string, password: string | undefined): Promise<CliResult> {
  return runCli(['admin', ...args], { DATA_DIR: dataDir, RATSINFO_ADMIN_PASSWORD: password });
}

async function accountRows(dataDir: string) {
  const database = await openDatabase({ dataDir });
  try {
    return await database.db.select().from(accounts);
  } finally {
    await database.close();
  }
}

describe('ratsinfo admin create (command)', () => {
  let dataDir: string;
  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'ratsinfo-admin-'));
  });
  after(() => {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('creates an installation admin with the password from the environment; it logs in', async () => {
    const result = await run(
      ['create', '--name', 'Chefin', '--display-name', 'Carla Chefin'],
      dataDir,
      'ein-sicheres-passwort',
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Administrationskonto „chefin“ angelegt/);
    assert.ok(!`${result.stdout}${result.stderr}`.includes('ein-sicheres-passwort'), 'the password is not echoed');
    const database = await openDatabase({ dataDir });
    try {
      const [row] = await database.db.select().from(accounts);
      assert.equal(row?.login, 'chefin');
      assert.equal(row?.displayName, 'Carla Chefin');
      assert.equal(row?.installationAdmin, true);
      assert.equal(row?.mustChangePassword, false);
      assert.match(row?.passwordHash ?? '', /^scrypt\$32768\$8\$3\$/);
      const ok = await login(
        { db: database.db, actor: 'test' },
        { login: 'chefin', password: 'ein-sicheres-passwort', address: 't' },
      );
      assert.equal(ok.account.installationAdmin, true);
    } finally {
      await database.close();
    }
  });

  test('refusals: name taken, password too short, no password without a terminal; nothing written', async () => {
    const taken = await run(['create', '--name', 'chefin'], dataDir, 'noch-ein-passwort');
    assert.equal(taken.code, 1);
    assert.equal(taken.stderr.trim(), 'Fehler: Den Anmeldenamen „chefin“ gibt es bereits.');
    const short = await run(['create', '--name', 'kurz'], dataDir, 'kurz');
    assert.equal(short.code, 1);
    assert.equal(short.stderr.trim(), 'Fehler: Das Passwort muss mindestens 12 Zeichen lang sein.');
    const none = await run(['create', '--name', 'ohne'], dataDir, undefined);
    assert.equal(none.code, 1);
    assert.match(
      none.stderr,
      /Kein Passwort: Setzen Sie RATSINFO_ADMIN_PASSWORD oder rufen Sie den Befehl in einem Terminal auf/,
    );
    const rows = await accountRows(dataDir);
    assert.deepEqual(
      rows.map((r) => r.login),
      ['chefin'],
    );
  });

  test('on a terminal: the password is asked twice without echo (too short: asked again)', {
    skip: scriptSkip(),
  }, async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
    delete env.DATABASE_URL;
    delete env.NODE_TEST_CONTEXT;
    delete env.RATSINFO_ADMIN_PASSWORD;
    // util-linux `script` gives the command a pseudo-terminal; what we write is typed on it.
    const child = spawn(
      'script',
      ['-qec', `${process.execPath} --import tsx src/cli.ts admin create --name terminal`, '/dev/null'],
      {
        cwd: root,
        env,
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    const answers = ['kurz\r', 'im-terminal-geheim\r', 'im-terminal-geheim\r'];
    let output = '';
    let prompts = 0;
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const seen = (output.match(/Passwort( wiederholen)?: /g) ?? []).length;
      while (prompts < seen && answers.length > 0) {
        prompts += 1;
        child.stdin.write(answers.shift());
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    clearTimeout(timer);
    assert.equal(code, 0, output);
    assert.match(output, /Das Passwort muss mindestens 12 Zeichen lang sein\./);
    assert.match(output, /Passwort wiederholen: /);
    assert.match(output, /Administrationskonto „terminal“ angelegt/);
    assert.ok(!output.includes('im-terminal-geheim') && !output.includes('kurz'), 'nothing typed is echoed');
    const database = await openDatabase({ dataDir });
    try {
      const ok = await login(
        { db: database.db, actor: 'test' },
        { login: 'terminal', password: 'im-terminal-geheim', address: 't' },
      );
      assert.equal(ok.account.installationAdmin, true);
    } finally {
      await database.close();
    }
  });

  test('wrong arguments: the usage, exit 2', async () => {
    for (const [args, message] of [
      [['create'], /Bitte geben Sie mit --name den Anmeldenamen an\./],
      [['create', '--name', 'x', '--password', 'geheim-geheim-geheim'], /nicht als Argument übergeben/],
      [['loeschen'], /Unbekannter Unterbefehl „loeschen“/],
      [['create', '--name'], /--name braucht einen Wert/],
    ] as const) {
      const result = await run([...args], dataDir, 'ein-sicheres-passwort');
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, message);
      assert.match(result.stderr, /Aufruf: ratsinfo admin create --name <anmeldename>/);
    }
  });
});

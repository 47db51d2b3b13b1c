/**
 * `ratsinfo admin cleanup`: deletes ended sessions and login failures older than the throttling window
 * (the server does the same at start and every 15 minutes; this is for cron jobs and maintenance).
 *
 * `ratsinfo admin create --name <login> [--display-name <name>]`: the first administrator of an
 * installation (an installation admin: administers every body). The password comes from the
 * environment (RATSINFO_ADMIN_PASSWORD) or is asked twice on a terminal without echo; it is never taken
 * from the command line (process lists and shell histories would show it).
 * Exit codes: 0 created, 1 refused (name taken, password too short, no password), 2 wrong arguments.
 */
import type { Config } from '../config.ts';
import { openDatabase } from '../db/open.ts';
import { DomainError, isDomainError } from '../domain/errors.ts';
import { cleanupExpired } from '../services/account-access.ts';
import { createAccount, passwordProblem } from '../services/accounts.ts';

export const ADMIN_USAGE = `Aufruf: ratsinfo admin create --name <anmeldename> [--display-name <name>]
       ratsinfo admin cleanup

  --name            Anmeldename des Kontos (Kleinbuchstaben, Ziffern, . _ - @)
  --display-name    angezeigter Name (Standard: der Anmeldename)

Das Passwort kommt aus der Umgebungsvariable RATSINFO_ADMIN_PASSWORD oder wird im Terminal
(ohne Anzeige) abgefragt. Es muss mindestens 12 Zeichen lang sein.

"cleanup" löscht abgelaufene Sitzungen und alte Fehlversuche der Anmeldung (das tut der Server
auch selbst beim Start und alle 15 Minuten).`;

function usage(message: string): DomainError {
  return new DomainError('admin.usage', `${message}\n\n${ADMIN_USAGE}`);
}

function parseArgs(args: string[]): { name: string; displayName: string | undefined } {
  const [sub, ...rest] = args;
  if (sub !== 'create') throw usage(`Unbekannter Unterbefehl „${sub ?? ''}“.`);
  let name: string | undefined;
  let displayName: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    const eq = arg.indexOf('=');
    const key = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const value = () => {
      const v = arg.startsWith('--') && eq > 0 ? arg.slice(eq + 1) : rest[++i];
      if (v === undefined || v === '') throw usage(`${key} braucht einen Wert.`);
      return v;
    };
    if (key === '--name') name = value();
    else if (key === '--display-name') displayName = value();
    else if (key === '--password') {
      throw usage(
        'Das Passwort wird nicht als Argument übergeben (es stünde in der Prozessliste). Setzen Sie RATSINFO_ADMIN_PASSWORD oder geben Sie es im Terminal ein.',
      );
    } else throw usage(`Unbekannte Option „${arg}“.`);
  }
  if (!name) throw usage('Bitte geben Sie mit --name den Anmeldenamen an.');
  return { name, displayName };
}

/**
 * Reads lines from the terminal without echoing them. The terminal stays in raw mode from the first
 * question to the last, so nothing typed ahead (before a prompt appears) is echoed, and a line typed
 * ahead answers the next question.
 */
class HiddenInput {
  private readonly lines: string[] = [];
  private current = '';
  private waiting: { resolve: (line: string) => void; reject: (error: Error) => void } | undefined;
  private cancelled = false;
  private readonly onData = (chunk: string) => {
    for (const ch of chunk) {
      if (ch === '\r' || ch === '\n') {
        this.lines.push(this.current);
        this.current = '';
      } else if (ch === '\u0003') {
        this.cancelled = true;
      } else if (ch === '\u007f' || ch === '\b') {
        this.current = this.current.slice(0, -1);
      } else {
        this.current += ch;
      }
    }
    this.deliver();
  };

  constructor(private readonly stdin: NodeJS.ReadStream) {
    stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    stdin.on('data', this.onData);
    stdin.resume();
  }

  ask(prompt: string): Promise<string> {
    process.stderr.write(prompt);
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.deliver();
    });
  }

  close(): void {
    this.stdin.off('data', this.onData);
    this.stdin.setRawMode(false);
    this.stdin.pause();
  }

  private deliver(): void {
    const waiting = this.waiting;
    if (!waiting) return;
    if (this.cancelled) {
      this.waiting = undefined;
      process.stderr.write('\n');
      waiting.reject(new DomainError('admin.cancelled', 'Abgebrochen.'));
      return;
    }
    const line = this.lines.shift();
    if (line === undefined) return;
    this.waiting = undefined;
    process.stderr.write('\n');
    waiting.resolve(line);
  }
}

async function password(): Promise<string> {
  const fromEnv = process.env.RATSINFO_ADMIN_PASSWORD;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!process.stdin.isTTY) {
    throw new DomainError(
      'admin.no_password',
      'Kein Passwort: Setzen Sie RATSINFO_ADMIN_PASSWORD oder rufen Sie den Befehl in einem Terminal auf, um es einzugeben.',
    );
  }
  const input = new HiddenInput(process.stdin);
  try {
    for (;;) {
      const first = await input.ask('Passwort: ');
      const problem = passwordProblem(first);
      if (problem) {
        process.stderr.write(`${problem}\n`);
        continue;
      }
      if ((await input.ask('Passwort wiederholen: ')) === first) return first;
      process.stderr.write('Die Eingaben stimmen nicht überein. Bitte noch einmal.\n');
    }
  } finally {
    input.close();
  }
}

async function runCleanup(config: Config): Promise<number> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const removed = await cleanupExpired(database.db);
    console.log(
      `Aufgeräumt: ${removed.sessions} abgelaufene Sitzung(en), ${removed.loginFailures} alte Fehlversuch(e) der Anmeldung und ${removed.submissions} alte Einmal-Schlüssel von Formularen gelöscht.`,
    );
    return 0;
  } finally {
    await database.close();
  }
}

export async function runAdmin(args: string[], config: Config): Promise<number> {
  if (args[0] === 'cleanup') {
    if (args.length > 1) {
      console.error(`Unbekannte Option „${args[1]}“.\n\n${ADMIN_USAGE}`);
      return 2;
    }
    return runCleanup(config);
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs(args);
  } catch (error) {
    if (isDomainError(error)) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  const secret = await password();
  const problem = passwordProblem(secret);
  if (problem) throw new DomainError('validation.invalid_input', problem);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const account = await createAccount(
      { db: database.db, actor: 'cli:admin' },
      {
        login: parsed.name,
        displayName: parsed.displayName ?? parsed.name,
        password: secret,
        installationAdmin: true,
      },
    );
    console.log(
      `Administrationskonto „${account.login}“ angelegt. Anmeldung unter /verwaltung/anmelden; weitere Konten legen Sie dort unter „Konten“ an.`,
    );
    return 0;
  } finally {
    await database.close();
  }
}

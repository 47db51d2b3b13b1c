/**
 * The `ratsinfo` command: serve | migrate | demo | generate | import | admin | help. Configuration comes from the environment
 * (see config.ts). Errors are printed as one German line, without a stack trace.
 */
import { loadConfig } from './config.ts';
import { openDatabase } from './db/open.ts';
import { loadDemo } from './demo/load.ts';
import { isDomainError } from './domain/errors.ts';
import { startServer } from './server.ts';

const usage = `Ratsinfo – Sitzungsdienst, Ratsinformationssystem und OParl-Schnittstelle

Aufruf: ratsinfo <befehl>

Befehle:
  serve     Server starten (Portal, Verwaltung, API) – Standard für "npm start"
  migrate   Datenbank-Migrationen anwenden und beenden
  demo      Demodaten (Kreis Mettmann, Sitzung vom 18.02.2021) laden, falls noch nicht vorhanden
  generate  Testdaten erzeugen: generate large-city [--scale=1] [--seed=1] [--slug=grossstadt] [--until-year=2027]
  import    Daten übernehmen: import oparl <adresse> [--rate=N] [--since=ZEITPUNKT] [--full] [--no-files] [--body-slug=S]
  admin     Erstes Administrationskonto anlegen: admin create --name <anmeldename> [--display-name <name>]
            Aufräumen (abgelaufene Sitzungen, alte Fehlversuche): admin cleanup
  help      Diese Hilfe

Umgebung:
  PORT          Port des Servers (Standard 3000)
  HOST          Adresse, an die der Server bindet (Standard: alle)
  DATA_DIR      Verzeichnis der eingebetteten Datenbank (Standard ./data)
  DATABASE_URL  PostgreSQL-Verbindung (postgres://…); dann wird DATA_DIR nicht verwendet
  PUBLIC_URL    externe Adresse (https://…, ohne Pfad) für absolute Links in Feeds, Kalendern, Sitemap
  PAGE_CACHE_MB Speicher für fertig gerenderte öffentliche Seiten in MiB (Standard 64, 0 = aus)
  RATSINFO_ADMIN_PASSWORD  Passwort für "admin create" (sonst Abfrage im Terminal)
`;

/** One German line for the errors a user can meet when starting Ratsinfo. */
function describeError(error: unknown): string {
  if (isDomainError(error)) return error.message;
  const { code, port, address, path } = (error ?? {}) as {
    code?: string;
    port?: number;
    address?: string;
    path?: string;
  };
  switch (code) {
    case 'EADDRINUSE':
      return `Der Port ${port ?? ''} ist bereits belegt. Beenden Sie das andere Programm oder wählen Sie mit PORT einen anderen.`;
    case 'EACCES':
    case 'EPERM':
      return path
        ? `Keine Berechtigung für ${path}. Wählen Sie mit DATA_DIR ein Verzeichnis, in das Ratsinfo schreiben darf.`
        : `Keine Berechtigung (${port ? `Port ${port}` : 'Zugriff verweigert'}). Wählen Sie mit PORT einen Port ab 1024.`;
    case 'EADDRNOTAVAIL':
      return `Die Adresse ${address ?? ''} gibt es auf diesem Rechner nicht. Prüfen Sie HOST.`;
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'ETIMEDOUT':
      return 'Die PostgreSQL-Datenbank aus DATABASE_URL ist nicht erreichbar. Prüfen Sie Adresse, Port und ob der Server läuft.';
    case '28P01':
    case '28000':
      return 'Die Anmeldung an der PostgreSQL-Datenbank aus DATABASE_URL ist fehlgeschlagen (Benutzer oder Passwort).';
    case '3D000':
      return 'Die Datenbank aus DATABASE_URL gibt es nicht. Legen Sie sie an (createdb) oder prüfen Sie den Namen.';
    default:
      return `${error instanceof Error ? error.message : String(error)} (mit DEBUG=1 ausführlich)`;
  }
}

async function main(argv: string[]): Promise<number> {
  const [command = 'help'] = argv;
  switch (command) {
    case 'serve': {
      const server = await startServer(loadConfig());
      const stop = () => {
        console.log('Ratsinfo wird beendet …');
        server.stop().then(
          () => process.exit(0),
          (error: unknown) => {
            console.error(`Fehler beim Beenden: ${error instanceof Error ? error.message : String(error)}`);
            process.exit(1);
          },
        );
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      return -1; // keep running
    }
    case 'migrate': {
      const config = loadConfig();
      const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      await database.close();
      console.log('Die Datenbank ist auf dem neuesten Stand.');
      return 0;
    }
    case 'demo': {
      const config = loadConfig();
      const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        const result = await loadDemo(database.db);
        console.log(result.loaded ? 'Demodaten geladen (Kreis Mettmann).' : 'Die Demodaten sind bereits vorhanden.');
      } finally {
        await database.close();
      }
      return 0;
    }
    case 'generate': {
      const { runGenerate } = await import('./generate/command.ts');
      return runGenerate(argv.slice(1), loadConfig());
    }
    case 'import': {
      const { runImport } = await import('./import/command.ts');
      return runImport(argv.slice(1), loadConfig());
    }
    case 'admin': {
      const { runAdmin } = await import('./admin/command.ts');
      return runAdmin(argv.slice(1), loadConfig());
    }
    case 'help':
    case '--help':
    case '-h':
      console.log(usage);
      return 0;
    default:
      console.error(`Unbekannter Befehl „${command}“.\n\n${usage}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`Fehler: ${describeError(error)}`);
    if (process.env.DEBUG) console.error(error);
    process.exit(1);
  },
);

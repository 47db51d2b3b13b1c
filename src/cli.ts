/**
 * The `ratsinfo` command: serve | migrate | demo | help. Configuration comes from the environment
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
  help      Diese Hilfe

Umgebung:
  PORT          Port des Servers (Standard 3000)
  HOST          Adresse, an die der Server bindet (Standard: alle)
  DATA_DIR      Verzeichnis der eingebetteten Datenbank (Standard ./data)
  DATABASE_URL  PostgreSQL-Verbindung (postgres://…); dann wird DATA_DIR nicht verwendet
`;

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
    if (isDomainError(error)) {
      console.error(`Fehler: ${error.message}`);
    } else {
      console.error(`Fehler: ${error instanceof Error ? error.message : String(error)}`);
      if (process.env.DEBUG) console.error(error);
    }
    process.exit(1);
  },
);

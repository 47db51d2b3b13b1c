/**
 * `ratsinfo import oparl <system-or-body-url> [--rate N] [--since ISO] [--full] [--no-files] [--body-slug S]`
 * on the database of `serve` (DATA_DIR / DATABASE_URL). German output: progress on stderr (one updating
 * line on a terminal, a line every few seconds otherwise), the summary and the defects at the end.
 * Exit code 0 when the import ran (defects are reported, not fatal), 2 on bad arguments; an unreachable
 * or non-OParl URL throws a DomainError that the CLI prints as one line (exit 1).
 */
import type { Config } from '../config.ts';
import { openDatabase } from '../db/open.ts';
import { DomainError } from '../domain/errors.ts';
import { importOparl } from './crawl.ts';
import { formatDefects, formatProgress, ProgressPrinter, type Report } from './report.ts';

export const IMPORT_USAGE = `Aufruf: ratsinfo import oparl <adresse> [optionen]

  <adresse>          Adresse des OParl-System-Objekts (alle Körperschaften) oder eines Body-Objekts
  --rate=N           höchstens N Anfragen je Sekunde (Standard 4)
  --since=ZEITPUNKT  nur Änderungen seit diesem Zeitpunkt (ISO 8601); Standard: seit dem letzten Lauf
  --full             alles lesen, auch wenn schon einmal importiert wurde
  --no-files         Dateien nur mit Metadaten übernehmen, Inhalte nicht herunterladen
  --body-slug=S      Kurzname der Körperschaft in Ratsinfo-Adressen (Standard: aus dem Namen)`;

interface Parsed {
  url: string;
  rate?: number;
  since?: string;
  full: boolean;
  noFiles: boolean;
  bodySlug?: string;
}

function parseArgs(args: string[]): Parsed {
  const [kind, ...rest] = args;
  if (kind !== 'oparl')
    throw new DomainError('import.usage', `Unbekannte Importart „${kind ?? ''}“.\n\n${IMPORT_USAGE}`);
  const parsed: Parsed = { url: '', full: false, noFiles: false };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    const [name, inline] = arg.startsWith('--')
      ? arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined]
      : [arg, undefined];
    const value = () => {
      const v = inline ?? rest[++i];
      if (v === undefined) throw new DomainError('import.usage', `${name} braucht einen Wert.\n\n${IMPORT_USAGE}`);
      return v;
    };
    switch (name) {
      case '--rate': {
        const rate = Number(value());
        if (!(rate > 0)) throw new DomainError('import.usage', '--rate muss eine Zahl größer als 0 sein.');
        parsed.rate = rate;
        break;
      }
      case '--since':
        parsed.since = value();
        break;
      case '--full':
        parsed.full = true;
        break;
      case '--no-files':
        parsed.noFiles = true;
        break;
      case '--body-slug':
        parsed.bodySlug = value();
        break;
      default:
        if (name?.startsWith('--'))
          throw new DomainError('import.usage', `Unbekannte Option ${name}.\n\n${IMPORT_USAGE}`);
        if (parsed.url) throw new DomainError('import.usage', `Nur eine Adresse bitte.\n\n${IMPORT_USAGE}`);
        parsed.url = arg;
    }
  }
  if (!parsed.url) throw new DomainError('import.usage', `Die Adresse fehlt.\n\n${IMPORT_USAGE}`);
  if (parsed.full && parsed.since) throw new DomainError('import.usage', '--full und --since schließen sich aus.');
  return parsed;
}

const LOCAL_LABELS: Record<string, string> = {
  bodies: 'Körperschaften',
  legislative_terms: 'Wahlperioden',
  organizations: 'Gremien und Organisationen',
  persons: 'Personen',
  memberships: 'Mitgliedschaften',
  locations: 'Gebäude',
  rooms: 'Räume',
  meetings: 'Sitzungen',
  agenda_items: 'Tagesordnungspunkte',
  papers: 'Vorlagen',
  consultations: 'Beratungen',
  files: 'Dateien',
};

export function formatSummary(report: Report, elapsedMs: number): string {
  const p = report.progress;
  const written = Object.entries(p.written)
    .map(([k, n]) => `${n} ${LOCAL_LABELS[k] ?? k}`)
    .join(', ');
  return [
    `Gelesen: ${formatProgress(report, elapsedMs)}`,
    `Geschrieben: ${written || 'nichts (keine Änderungen)'}`,
    `Unverändert: ${p.unchanged} · gelöscht: ${p.deleted} · fehlgeschlagen: ${p.failed}`,
    `Dauer: ${(elapsedMs / 1000).toFixed(1)} s`,
  ].join('\n');
}

export async function runImport(args: string[], config: Config): Promise<number> {
  let parsed: Parsed;
  try {
    parsed = parseArgs(args);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 2;
  }
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  let printer: ProgressPrinter | undefined;
  try {
    console.error(`OParl-Import von ${parsed.url} …`);
    const result = await importOparl(database.db, {
      url: parsed.url,
      ...(parsed.rate ? { rate: parsed.rate } : {}),
      since: parsed.since,
      full: parsed.full,
      noFiles: parsed.noFiles,
      bodySlug: parsed.bodySlug,
      onProgress: (report) => {
        printer ??= new ProgressPrinter(report);
        printer.tick();
      },
    });
    printer?.done();
    for (const b of result.bodies) {
      console.log(
        `Körperschaft ${b.source} → Nr. ${b.bodyId}${b.since ? ` (Änderungen seit ${b.since})` : ' (vollständig)'}`,
      );
    }
    console.log(formatSummary(result.report, result.elapsedMs));
    console.log(formatDefects(result.report.defects));
    return 0;
  } finally {
    await database.close();
  }
}

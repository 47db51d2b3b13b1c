/**
 * The `ratsinfo generate <datensatz> [optionen]` command. Only `large-city` exists.
 */
import type { Config } from '../config.ts';
import { openDatabase } from '../db/open.ts';
import { DomainError } from '../domain/errors.ts';
import { describeSummary, generateLargeCity, parseOptions } from './large-city.ts';

export const GENERATE_USAGE = `Aufruf: ratsinfo generate large-city [--scale=1] [--seed=1] [--slug=grossstadt] [--until-year=2027] [--as-of=JJJJ-MM-TT]

Erzeugt reproduzierbar eine Großstadt als Testdatensatz: 20 Jahre bis --until-year, 60 Gremien,
25.000 Sitzungen, 250.000 Tagesordnungspunkte, 120.000 Vorlagen (mal --scale). Gleiche Angaben ergeben
gleiche Daten. Stichtag (--as-of, Standard 1. Dezember des Vorjahres): frühere Sitzungen sind
durchgeführt, spätere geplant oder eingeladen. Bricht ab, ohne etwas zu schreiben, wenn es den
Kurznamen schon gibt.`;

export async function runGenerate(args: readonly string[], config: Config): Promise<number> {
  const [dataset, ...rest] = args;
  if (dataset !== 'large-city') {
    throw new DomainError(
      'validation.invalid_input',
      `${dataset ? `Unbekannter Datensatz „${dataset}“.` : 'Es fehlt der Datensatz.'} Möglich ist: large-city.\n\n${GENERATE_USAGE}`,
    );
  }
  const options = parseOptions(rest);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const summary = await generateLargeCity(database, options);
    console.log(describeSummary(summary));
  } finally {
    await database.close();
  }
  return 0;
}

/**
 * German texts for the generated city, built from building blocks: titles of papers and agenda items
 * (Haushalt, Bebauungsplan, Straßenausbau, Radweg, Kita, Feuerwehrgerätehaus …), paper texts, and the
 * phrases of the minutes. Everything is a pure function of a `Random` and its inputs.
 */
import type { Random } from './random.ts';
import { CITY_NAME, DISTRICTS, type Domain, PLACE_FEATURES, PLAN_NAMES, SCHOOL_KINDS, STREETS } from './vocabulary.ts';

export interface TopicContext {
  year: number;
  /** The district of a Bezirksvertretung; otherwise one is picked. */
  district: string | null;
}

/** What a paper is about. */
export interface Topic {
  title: string;
  /** The predicate of a resolution, after its subject: "beschließt die Neufassung der Baumschutzsatzung." */
  decision: string;
  /** Sentences for the "Sachverhalt". */
  facts: string[];
  /** Costs in euro, if any. */
  cost: number | null;
  /** Short name for the minutes ("die Ausbauplanung Lindenallee"). */
  short: string;
}

// ---------------------------------------------------------------------------------------------------
// Small helpers

/** "1.250.000 €" */
export function euro(amount: number): string {
  return `${String(amount).replace(/\B(?=(\d{3})+(?!\d))/g, '.')} €`;
}

/** A rounded amount between min and max euro. */
function money(r: Random, min: number, max: number): number {
  const raw = r.real(min, max);
  const step = raw >= 1_000_000 ? 10_000 : raw >= 100_000 ? 1_000 : 100;
  return Math.round(raw / step) * step;
}

const ADJECTIVE_START = /^(Lange|Breite|Hohe|Große|Alte|Neue|Äußere|Obere|Untere) /;

/** "an der Lindenallee", "am Mühlenweg", "in der Langen Straße", "am Markt". */
export function streetPhrase(preposition: 'an' | 'in', street: string): string {
  if (/^(Am|Im) /.test(street)) return street.replace(/^Am /, 'am ').replace(/^Im /, 'im ');
  if (/(weg|ring|platz)$/i.test(street)) return `${preposition === 'an' ? 'am' : 'im'} ${street}`;
  const dative = street.replace(ADJECTIVE_START, (m) => `${m.trim()}n `);
  return `${preposition === 'an' ? 'an der' : 'in der'} ${dative}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function street(r: Random): string {
  return r.pick(STREETS);
}

function district(r: Random, c: TopicContext): string {
  return c.district ?? r.pick(DISTRICTS);
}

/** A school: name and its genitive and dative phrases. */
function school(r: Random, c: TopicContext): { name: string; genitive: string; dative: string } {
  const kind = r.pick(SCHOOL_KINDS);
  const place = r.chance(0.6) ? district(r, c) : street(r).replace(/^(Am|Im) /, '');
  const name = `${kind} ${place}`;
  const neuter = kind === 'Gymnasium' || kind === 'Berufskolleg';
  return {
    name,
    genitive: neuter ? `des ${kind}s ${place}` : `der ${name}`,
    dative: neuter ? `am ${name}` : `an der ${name}`,
  };
}

function planNumber(r: Random): number {
  return r.int(1100, 8999);
}

function parcel(r: Random, c: TopicContext): string {
  return `Gemarkung ${district(r, c)}, Flur ${r.int(1, 48)}, Flurstück ${r.int(12, 2400)}`;
}

type Template = (r: Random, c: TopicContext) => Topic;

function topic(title: string, decision: string, facts: string[], cost: number | null, short = title): Topic {
  return { title, decision, facts, cost, short };
}

// ---------------------------------------------------------------------------------------------------
// Beschlussvorlagen by domain

const PLAN_STAGES = [
  ['Aufstellungsbeschluss', (n: string) => `beschließt gemäß § 2 Abs. 1 BauGB die Aufstellung des ${n}.`],
  [
    'Beschluss zur frühzeitigen Beteiligung',
    (n: string) => `beschließt die frühzeitige Beteiligung der Öffentlichkeit gemäß § 3 Abs. 1 BauGB zum ${n}.`,
  ],
  [
    'Offenlagebeschluss',
    (n: string) => `beschließt, den Entwurf des ${n} gemäß § 3 Abs. 2 BauGB öffentlich auszulegen.`,
  ],
  [
    'Satzungsbeschluss',
    (n: string) =>
      `beschließt den ${n.replace(/^Bebauungsplans/, 'Bebauungsplan')} gemäß § 10 Abs. 1 BauGB als Satzung.`,
  ],
] as const;

const TEMPLATES: Partial<Record<Domain, Template[]>> = {
  planning: [
    (r) => {
      const number = planNumber(r);
      const name = r.pick(PLAN_NAMES);
      const [stage, decide] = r.pick(PLAN_STAGES);
      const genitive = `Bebauungsplans Nr. ${number} „${name}“`;
      return topic(
        `Bebauungsplan Nr. ${number} „${name}“ – ${stage}`,
        decide(genitive),
        [
          `Der Geltungsbereich des Bebauungsplans Nr. ${number} umfasst eine Fläche von rund ${r.int(2, 40)} Hektar.`,
          r.pick([
            'Ziel der Planung ist die Entwicklung eines gemischt genutzten Quartiers mit Wohnungen, Kita und Nahversorgung.',
            'Die Planung soll die planungsrechtlichen Voraussetzungen für rund ' +
              `${r.int(40, 600)} Wohneinheiten schaffen, davon mindestens 30 Prozent öffentlich gefördert.`,
            'Mit der Planung sollen die brachliegenden Gewerbeflächen einer neuen Nutzung zugeführt werden.',
            'Die Planung sichert die vorhandenen Grünflächen und den Baumbestand entlang des Mühlenbachs.',
          ]),
          'Die Stellungnahmen aus der Beteiligung der Behörden und sonstigen Träger öffentlicher Belange sind in der Abwägungstabelle (Anlage 2) zusammengefasst.',
        ],
        null,
        `der Bebauungsplan Nr. ${number}`,
      );
    },
    (r, c) => {
      const n = r.int(12, 240);
      const name = r.pick(PLAN_NAMES);
      return topic(
        `${n}. Änderung des Flächennutzungsplans im Bereich „${name}“`,
        `beschließt die ${n}. Änderung des Flächennutzungsplans im Bereich „${name}“ in der Fassung der Anlage 1.`,
        [
          `Die Änderung betrifft eine Fläche im Stadtbezirk ${district(r, c)}, die bisher als Fläche für die Landwirtschaft dargestellt ist.`,
          'Die Bezirksregierung hat die Anpassung an die Ziele der Raumordnung bestätigt.',
        ],
        null,
      );
    },
    (r, c) => {
      const d = district(r, c);
      return topic(
        `Integriertes Stadtentwicklungskonzept ${d}`,
        `beschließt das Integrierte Stadtentwicklungskonzept ${d} als Grundlage für die Beantragung von Städtebaufördermitteln.`,
        [
          `Das Konzept bündelt Maßnahmen zur Aufwertung des öffentlichen Raums, zur Stärkung des Stadtteilzentrums und zur Verbesserung der Freiflächen in ${d}.`,
          'Es wurde in drei Stadtteilwerkstätten mit der Bürgerschaft erarbeitet.',
        ],
        money(r, 2_000_000, 18_000_000),
      );
    },
    (r) => {
      const name = r.pick(PLAN_NAMES);
      return topic(
        `Veränderungssperre für den Bereich „${name}“`,
        `beschließt die Satzung über eine Veränderungssperre für den Bereich „${name}“.`,
        ['Die Veränderungssperre sichert die Planung während des laufenden Bebauungsplanverfahrens.'],
        null,
      );
    },
  ],
  housing: [
    (r, c) =>
      topic(
        `Handlungskonzept Wohnen ${c.year}`,
        `beschließt das Handlungskonzept Wohnen ${c.year} und beauftragt die Verwaltung, jährlich über die Umsetzung zu berichten.`,
        [
          `Bis ${c.year + 10} werden in ${CITY_NAME} rund ${r.int(8, 25)}.000 zusätzliche Wohnungen benötigt.`,
          'Das Konzept sieht eine Quote von 30 Prozent öffentlich geförderter Wohnungen bei neuen Baugebieten vor.',
        ],
        null,
      ),
    (r, c) =>
      topic(
        `Mietspiegel ${c.year}`,
        `nimmt den qualifizierten Mietspiegel ${c.year} zur Kenntnis und beschließt seine Veröffentlichung.`,
        [`Die durchschnittliche Nettokaltmiete beträgt ${r.int(7, 12)},${r.int(10, 99)} € je Quadratmeter.`],
        money(r, 40_000, 120_000),
      ),
    (r, c) =>
      topic(
        `Satzung über das Verbot der Zweckentfremdung von Wohnraum`,
        'beschließt die Satzung über das Verbot der Zweckentfremdung von Wohnraum in der Fassung der Anlage 1.',
        [`Nach Schätzungen der Verwaltung werden rund ${r.int(300, 1500)} Wohnungen als Ferienwohnungen angeboten.`],
        null,
        `die Zweckentfremdungssatzung ${c.year}`,
      ),
  ],
  traffic: [
    (r) => {
      const s = street(r);
      let a = street(r);
      let b = street(r);
      if (a === s) a = 'Hauptstraße';
      if (b === s || b === a) b = 'Bahnhofstraße';
      const cost = money(r, 400_000, 6_500_000);
      return topic(
        `Straßenausbau ${s} zwischen ${a} und ${b} – Ausbauplanung`,
        `beschließt die Ausbauplanung für die ${s} zwischen ${a} und ${b} und beauftragt die Verwaltung mit der Ausschreibung der Bauleistungen.`,
        [
          `Die Fahrbahn ${streetPhrase('in', s)} weist erhebliche Schäden auf; die Gehwege entsprechen nicht den Anforderungen an die Barrierefreiheit.`,
          'Vorgesehen sind beidseitige Radfahrstreifen, die Neuordnung der Parkplätze und zwölf neue Straßenbäume.',
        ],
        cost,
        `der Ausbau der ${s}`,
      );
    },
    (r) => {
      const s = street(r);
      return topic(
        `Radweg ${streetPhrase('an', s)} – Planungsbeschluss`,
        `beschließt die Planung eines durchgehenden Radwegs ${streetPhrase('an', s)} nach den Empfehlungen für Radverkehrsanlagen.`,
        [
          `${capitalize(streetPhrase('in', s))} werden werktags rund ${r.int(2, 14)}.${r.int(100, 999)} Radfahrende gezählt.`,
          'Der Radweg schließt eine Lücke im Radverkehrsnetz zwischen Innenstadt und den nördlichen Stadtteilen.',
        ],
        money(r, 300_000, 3_000_000),
        `der Radweg ${streetPhrase('an', s)}`,
      );
    },
    (r) => {
      const s = street(r);
      return topic(
        `Einrichtung einer Fahrradstraße ${streetPhrase('in', s)}`,
        `beschließt die Einrichtung einer Fahrradstraße ${streetPhrase('in', s)}.`,
        ['Kraftfahrzeuge bleiben als Anliegerverkehr zugelassen; die Höchstgeschwindigkeit beträgt 30 km/h.'],
        money(r, 50_000, 400_000),
      );
    },
    (r, c) =>
      topic(
        `Radverkehrskonzept ${c.year}`,
        `beschließt das Radverkehrskonzept ${c.year} mit dem Zielnetz und dem Maßnahmenprogramm bis ${c.year + 8}.`,
        [`Der Anteil des Radverkehrs an allen Wegen soll von ${r.int(11, 18)} auf ${r.int(22, 30)} Prozent steigen.`],
        money(r, 5_000_000, 40_000_000),
      ),
    (r, c) => {
      const d = district(r, c);
      return topic(
        `Parkraumbewirtschaftung in ${d}`,
        `beschließt die Einführung von Bewohnerparken und Parkgebühren in ${d} ab dem 1. ${r.pick(['März', 'April', 'September', 'Oktober'])} ${c.year + 1}.`,
        [
          `In ${d} stehen rund ${r.int(1, 6)}.${r.int(100, 999)} öffentliche Stellplätze zur Verfügung; die Auslastung liegt abends bei über 100 Prozent.`,
        ],
        null,
      );
    },
    (r) => {
      const s = street(r);
      return topic(
        `Barrierefreier Ausbau der Bushaltestellen ${streetPhrase('in', s)}`,
        `beschließt den barrierefreien Ausbau von ${r.int(2, 9)} Bushaltestellen ${streetPhrase('in', s)}.`,
        ['Die Maßnahme wird zu 90 Prozent aus Mitteln des Landes gefördert.'],
        money(r, 80_000, 900_000),
      );
    },
    (r) => {
      const a = street(r);
      const b = street(r);
      return topic(
        `Umgestaltung des Knotenpunkts ${a}/${b === a ? 'Kirchstraße' : b}`,
        `beschließt die Umgestaltung des Knotenpunkts zu einem Kreisverkehr entsprechend der Vorplanung.`,
        [`An dem Knotenpunkt wurden in den letzten drei Jahren ${r.int(8, 45)} Unfälle polizeilich erfasst.`],
        money(r, 500_000, 2_500_000),
      );
    },
    (r, c) =>
      topic(
        `Nahverkehrsplan – ${r.int(2, 4)}. Fortschreibung`,
        'beschließt die Fortschreibung des Nahverkehrsplans in der Fassung der Anlage 1.',
        [`Der Plan sieht einen 10-Minuten-Takt auf allen Stadtbahnlinien ab ${c.year + 2} vor.`],
        null,
      ),
  ],
  environment: [
    (r, c) =>
      topic(
        r.chance(0.5) ? 'Neufassung der Baumschutzsatzung' : `${r.int(1, 4)}. Änderung der Baumschutzsatzung`,
        'beschließt die Baumschutzsatzung der Stadt in der Fassung der Anlage 1.',
        [
          `Geschützt sind künftig Bäume mit einem Stammumfang ab ${r.pick([80, 100, 120])} Zentimetern.`,
          `Im Jahr ${c.year - 1} wurden ${r.int(200, 1400)} Anträge auf Fällgenehmigung gestellt.`,
        ],
        null,
        'die Baumschutzsatzung',
      ),
    (r, c) => {
      const feature = r.pick(PLACE_FEATURES);
      return topic(
        `Pflege- und Entwicklungskonzept ${feature}`,
        `beschließt das Pflege- und Entwicklungskonzept für den Bereich ${feature} in ${district(r, c)}.`,
        ['Das Konzept verbindet Naherholung mit dem Schutz wertvoller Biotope.'],
        money(r, 100_000, 1_500_000),
      );
    },
    (r) => {
      const s = street(r);
      return topic(
        `Neugestaltung des Spielplatzes ${streetPhrase('an', s)}`,
        `beschließt die Neugestaltung des Spielplatzes ${streetPhrase('an', s)} nach dem Ergebnis der Kinderbeteiligung.`,
        ['An der Planung haben sich rund 120 Kinder aus den umliegenden Schulen und Kitas beteiligt.'],
        money(r, 80_000, 600_000),
      );
    },
    (r, c) =>
      topic(
        `Friedhofsgebührensatzung ${c.year + 1}`,
        `beschließt die Satzung über die Gebühren für die Friedhöfe der Stadt ${CITY_NAME} für ${c.year + 1}.`,
        [`Die Gebühren steigen im Durchschnitt um ${r.int(1, 6)},${r.int(0, 9)} Prozent.`],
        null,
      ),
    (r, c) =>
      topic(
        `Renaturierung des Mühlenbachs im Abschnitt ${district(r, c)}`,
        'beschließt die Entwurfsplanung zur Renaturierung des Mühlenbachs.',
        [`Auf ${r.int(400, 2400)} Metern wird der Bach aus seinem Betonbett befreit.`],
        money(r, 600_000, 4_000_000),
      ),
  ],
  climate: [
    (r, c) =>
      topic(
        `Klimaschutzkonzept ${c.year}`,
        `beschließt das Klimaschutzkonzept ${c.year} mit dem Ziel der Klimaneutralität bis ${r.pick([2035, 2040, 2045])}.`,
        [
          `Die Treibhausgasemissionen der Stadt lagen zuletzt bei rund ${r.int(2, 6)},${r.int(0, 9)} Millionen Tonnen CO₂-Äquivalenten.`,
        ],
        null,
      ),
    (r, c) =>
      topic(
        `Photovoltaik auf städtischen Dächern – Ausbauprogramm ${c.year}`,
        `beschließt das Ausbauprogramm für Photovoltaikanlagen auf ${r.int(12, 80)} städtischen Gebäuden.`,
        [`Die installierte Leistung soll um ${r.int(2, 15)} Megawatt-Peak wachsen.`],
        money(r, 1_000_000, 12_000_000),
      ),
    (r) =>
      topic(
        'Kommunale Wärmeplanung',
        'beschließt die Aufstellung eines kommunalen Wärmeplans nach dem Wärmeplanungsgesetz.',
        [`Rund ${r.int(55, 80)} Prozent der Gebäude werden heute mit Erdgas beheizt.`],
        money(r, 300_000, 1_200_000),
      ),
    (r) =>
      topic(
        'Hitzeaktionsplan',
        'beschließt den Hitzeaktionsplan mit Maßnahmen zum Schutz besonders gefährdeter Menschen.',
        [`Im vergangenen Sommer gab es ${r.int(12, 35)} Tage mit Temperaturen über 30 Grad.`],
        money(r, 50_000, 400_000),
      ),
  ],
  schools: [
    (r, c) =>
      topic(
        `Schulentwicklungsplanung ${c.year}–${c.year + 5}`,
        `beschließt die Schulentwicklungsplanung ${c.year}–${c.year + 5} als Grundlage für Schulbau und Schulorganisation.`,
        [
          `Die Zahl der Schülerinnen und Schüler an Grundschulen steigt bis ${c.year + 5} um rund ${r.int(4, 14)} Prozent.`,
          `Es werden ${r.int(12, 60)} zusätzliche Klassenräume benötigt.`,
        ],
        null,
        'die Schulentwicklungsplanung',
      ),
    (r, c) => {
      const s = school(r, c);
      return topic(
        `Erweiterung ${s.genitive}`,
        `beschließt die Erweiterung ${s.genitive} um einen ${r.int(2, 4)}-zügigen Anbau und beauftragt die Gebäudewirtschaft mit der Entwurfsplanung.`,
        [`Die Schule ist mit ${r.int(300, 1400)} Schülerinnen und Schülern deutlich über ihrer Kapazität.`],
        money(r, 2_000_000, 24_000_000),
        `die Erweiterung ${s.genitive}`,
      );
    },
    (r, c) => {
      const s = school(r, c);
      return topic(
        `Sanierung der Turnhalle ${s.genitive}`,
        `beschließt die Sanierung der Turnhalle ${s.genitive}.`,
        ['Dach, Sanitäranlagen und Hallenboden sind erneuerungsbedürftig.'],
        money(r, 400_000, 4_000_000),
      );
    },
    (r, c) => {
      const s = school(r, c);
      return topic(
        `Errichtung einer Mensa ${s.dative}`,
        `beschließt die Errichtung einer Mensa ${s.dative}.`,
        [`Täglich nehmen rund ${r.int(120, 600)} Kinder am Mittagessen teil.`],
        money(r, 900_000, 5_000_000),
      );
    },
    (r, c) =>
      topic(
        `Ausbau des Offenen Ganztags an Grundschulen zum Schuljahr ${c.year}/${c.year + 1}`,
        `beschließt den Ausbau um ${r.int(150, 900)} Plätze im Offenen Ganztag.`,
        ['Ab dem Schuljahr 2026/2027 besteht ein Rechtsanspruch auf ganztägige Betreuung im Grundschulalter.'],
        money(r, 500_000, 6_000_000),
      ),
    (r, c) => {
      const s = school(r, c);
      return topic(
        `Digitalisierung ${s.genitive} – Ausstattung mit WLAN und Präsentationstechnik`,
        'beschließt die Ausstattung der Schule mit WLAN und digitaler Präsentationstechnik.',
        ['Die Maßnahme wird aus dem DigitalPakt Schule gefördert.'],
        money(r, 80_000, 700_000),
      );
    },
  ],
  youth: [
    (r) => {
      const s = street(r);
      return topic(
        `Neubau einer Kita ${streetPhrase('an', s)}`,
        `beschließt den Neubau einer sechsgruppigen Kindertageseinrichtung ${streetPhrase('an', s)}.`,
        [`In dem Stadtteil fehlen rund ${r.int(60, 300)} Betreuungsplätze für Kinder unter drei Jahren.`],
        money(r, 3_000_000, 9_000_000),
        `der Neubau der Kita ${streetPhrase('an', s)}`,
      );
    },
    (r, c) =>
      topic(
        `Kita-Bedarfsplanung ${c.year}/${c.year + 1}`,
        `beschließt die Kita-Bedarfsplanung für das Kindergartenjahr ${c.year}/${c.year + 1}.`,
        [`Die Versorgungsquote für Kinder unter drei Jahren liegt bei ${r.int(38, 55)} Prozent.`],
        null,
        'die Kita-Bedarfsplanung',
      ),
    (r, c) =>
      topic(
        `Kinder- und Jugendförderplan ${c.year}–${c.year + 4}`,
        `beschließt den Kinder- und Jugendförderplan ${c.year}–${c.year + 4}.`,
        [
          `Für die offene Kinder- und Jugendarbeit stehen jährlich ${euro(money(r, 3_000_000, 9_000_000))} zur Verfügung.`,
        ],
        null,
      ),
    (r, c) => {
      const d = district(r, c);
      return topic(
        `Sanierung des Jugendzentrums ${d}`,
        `beschließt die Sanierung des Jugendzentrums ${d}.`,
        [
          'Das Gebäude aus den 1970er-Jahren entspricht nicht mehr den Anforderungen an Brandschutz und Energieeffizienz.',
        ],
        money(r, 300_000, 2_500_000),
      );
    },
    (r) =>
      topic(
        'Satzung über Elternbeiträge für Kindertageseinrichtungen',
        'beschließt die Satzung über Elternbeiträge für Kindertageseinrichtungen und Kindertagespflege.',
        [`Familien mit einem Jahreseinkommen bis ${euro(r.pick([30000, 37000, 45000]))} bleiben beitragsfrei.`],
        null,
      ),
  ],
  social: [
    (r, c) =>
      topic(
        `Förderung der Schuldnerberatung ${c.year + 1}`,
        `beschließt die Förderung der Schuldnerberatung der freien Träger für ${c.year + 1}.`,
        [`Im Jahr ${c.year - 1} wurden ${r.int(1, 4)}.${r.int(100, 999)} Haushalte beraten.`],
        money(r, 300_000, 1_200_000),
      ),
    (r) =>
      topic(
        'Gesamtkonzept Wohnungslosenhilfe',
        'beschließt das Gesamtkonzept Wohnungslosenhilfe.',
        [`Derzeit sind rund ${r.int(400, 2500)} Menschen ordnungsbehördlich untergebracht.`],
        money(r, 500_000, 3_000_000),
      ),
    (r, c) => {
      const d = district(r, c);
      return topic(
        `Seniorenbegegnungsstätte ${d}`,
        `beschließt die Einrichtung einer Seniorenbegegnungsstätte in ${d}.`,
        [`In ${d} leben rund ${r.int(3, 12)}.${r.int(100, 999)} Menschen über 65 Jahre.`],
        money(r, 100_000, 800_000),
      );
    },
    (r, c) =>
      topic(
        `Sozialbericht ${c.year}`,
        `nimmt den Sozialbericht ${c.year} zur Kenntnis und beauftragt die Verwaltung, die Handlungsempfehlungen umzusetzen.`,
        [`Die SGB-II-Quote liegt bei ${r.int(8, 16)},${r.int(0, 9)} Prozent.`],
        null,
      ),
  ],
  health: [
    (r, c) =>
      topic(
        `Gesundheitsbericht ${c.year}`,
        `nimmt den Gesundheitsbericht ${c.year} zur Kenntnis.`,
        [`Der Bericht stellt die Schuleingangsuntersuchungen von ${r.int(4, 7)}.${r.int(100, 999)} Kindern dar.`],
        null,
      ),
    (r) =>
      topic(
        'Einrichtung eines Drogenkonsumraums',
        'beschließt die Einrichtung eines Drogenkonsumraums in Trägerschaft eines freien Trägers.',
        ['Die Landesverordnung über den Betrieb von Drogenkonsumräumen ist zu beachten.'],
        money(r, 400_000, 1_500_000),
      ),
  ],
  culture: [
    (r, c) => {
      const d = district(r, c);
      return topic(
        `Sanierung des Bürgerhauses ${d}`,
        `beschließt die Sanierung des Bürgerhauses ${d} auf Grundlage der Entwurfsplanung.`,
        [`Das Bürgerhaus ${d} wird jährlich von rund ${r.int(20, 90)}.000 Besucherinnen und Besuchern genutzt.`],
        money(r, 1_000_000, 12_000_000),
        `die Sanierung des Bürgerhauses ${d}`,
      );
    },
    (r) =>
      topic(
        'Richtlinie zur Förderung der freien Kulturszene',
        'beschließt die Richtlinie zur Förderung der freien Kulturszene in der Fassung der Anlage 1.',
        [`Das jährliche Fördervolumen beträgt ${euro(money(r, 400_000, 2_000_000))}.`],
        null,
      ),
    (_r, c) =>
      topic(
        `Kulturentwicklungsplan ${c.year}`,
        `beschließt den Kulturentwicklungsplan ${c.year}.`,
        ['Der Plan wurde in einem zweijährigen Beteiligungsprozess mit Kulturschaffenden erarbeitet.'],
        null,
      ),
    (r) =>
      topic(
        'Öffnungszeiten der Stadtbibliothek',
        'beschließt die Ausweitung der Öffnungszeiten der Stadtbibliothek auf den Sonntag.',
        [`Die Stadtbibliothek verzeichnete zuletzt ${r.int(300, 900)}.000 Besuche im Jahr.`],
        money(r, 100_000, 500_000),
      ),
  ],
  sport: [
    (r, c) => {
      const d = district(r, c);
      return topic(
        `Umwandlung des Tennenplatzes in ${d} in einen Kunstrasenplatz`,
        `beschließt die Umwandlung des Tennenplatzes in ${d} in einen Kunstrasenplatz mit Kork-Einstreu.`,
        [`Der Platz wird von ${r.int(3, 9)} Vereinen mit rund ${r.int(200, 900)} Mitgliedern genutzt.`],
        money(r, 600_000, 1_400_000),
      );
    },
    (r, c) => {
      const d = district(r, c);
      return topic(
        `Sanierung des Hallenbads ${d}`,
        `beschließt die Sanierung des Hallenbads ${d}.`,
        ['Technik und Becken sind nach über 40 Jahren Betrieb abgängig.'],
        money(r, 4_000_000, 25_000_000),
        `die Sanierung des Hallenbads ${d}`,
      );
    },
    (r, c) =>
      topic(
        `Sportstättenentwicklungsplan ${c.year}`,
        `beschließt den Sportstättenentwicklungsplan ${c.year}.`,
        [`Es fehlen rund ${r.int(10, 40)} Hallendrittel für den Schul- und Vereinssport.`],
        null,
      ),
  ],
  economy: [
    (r) =>
      topic(
        'Gewerbeflächenkonzept',
        'beschließt das Gewerbeflächenkonzept als Leitlinie für die Flächenentwicklung.',
        [`Der Bedarf an Gewerbeflächen wird bis 2035 auf ${r.int(40, 160)} Hektar geschätzt.`],
        null,
      ),
    (r, c) =>
      topic(
        `Weihnachtsmarkt ${c.year} – Vergabe der Standplätze`,
        `beschließt die Richtlinien für die Vergabe der Standplätze auf dem Weihnachtsmarkt ${c.year}.`,
        [`Für ${r.int(80, 160)} Standplätze gingen über ${r.int(200, 500)} Bewerbungen ein.`],
        null,
      ),
    (r) =>
      topic(
        'Innenstadtkonzept – Sofortprogramm gegen Leerstand',
        'beschließt das Sofortprogramm gegen Leerstand in der Innenstadt.',
        [`In der Innenstadt stehen derzeit ${r.int(20, 90)} Ladenlokale leer.`],
        money(r, 200_000, 2_000_000),
      ),
  ],
  digital: [
    () =>
      topic(
        `Digitalisierungsstrategie der Stadt ${CITY_NAME}`,
        `beschließt die Digitalisierungsstrategie der Stadt ${CITY_NAME}.`,
        ['Die Strategie umfasst die Handlungsfelder digitale Verwaltung, Bildung, Mobilität und Beteiligung.'],
        null,
        'die Digitalisierungsstrategie',
      ),
    (r) =>
      topic(
        'Einführung der elektronischen Akte in der Stadtverwaltung',
        'beschließt die stufenweise Einführung der elektronischen Akte in allen Ämtern.',
        [`Rund ${r.int(3, 9)}.${r.int(100, 999)} Arbeitsplätze werden umgestellt.`],
        money(r, 2_000_000, 9_000_000),
      ),
    (r, c) => {
      const d = district(r, c);
      return topic(
        `Breitbandausbau in ${d}`,
        `beschließt den geförderten Glasfaserausbau in den unterversorgten Bereichen von ${d}.`,
        [`${r.int(400, 4000)} Haushalte verfügen bisher über weniger als 30 Mbit/s.`],
        money(r, 800_000, 6_000_000),
      );
    },
    (r) =>
      topic(
        'WLAN in städtischen Gebäuden',
        'beschließt die Ausstattung aller öffentlich zugänglichen städtischen Gebäude mit freiem WLAN.',
        [`Betroffen sind ${r.int(40, 150)} Gebäude.`],
        money(r, 300_000, 2_000_000),
      ),
  ],
  safety: [
    (r, c) => {
      const d = district(r, c);
      return topic(
        `Neubau des Feuerwehrgerätehauses ${d}`,
        `beschließt den Neubau des Feuerwehrgerätehauses ${d} auf Grundlage der Entwurfsplanung.`,
        [
          `Das bestehende Gerätehaus der Löschgruppe ${d} entspricht nicht den Anforderungen der Unfallkasse.`,
          'Der Neubau erhält vier Stellplätze für Einsatzfahrzeuge sowie getrennte Umkleiden.',
        ],
        money(r, 2_500_000, 9_000_000),
        `der Neubau des Feuerwehrgerätehauses ${d}`,
      );
    },
    (r, c) =>
      topic(
        `Brandschutzbedarfsplan ${c.year}`,
        `beschließt den Brandschutzbedarfsplan ${c.year}.`,
        [`Das Schutzziel wird derzeit in ${r.int(78, 94)} Prozent der Einsätze erreicht.`],
        null,
      ),
    (r) =>
      topic(
        `Beschaffung von ${r.int(2, 6)} Löschfahrzeugen`,
        'beschließt die Beschaffung der Löschfahrzeuge im Wege einer europaweiten Ausschreibung.',
        ['Die Fahrzeuge ersetzen Fahrzeuge, die älter als 20 Jahre sind.'],
        money(r, 800_000, 3_500_000),
      ),
    (_r, c) =>
      topic(
        `Ordnungsbehördliche Verordnung über die öffentliche Sicherheit ${c.year}`,
        'beschließt die Ordnungsbehördliche Verordnung in der Fassung der Anlage 1.',
        ['Neu geregelt werden das Mitführen von Glasflaschen und das Grillen in Grünanlagen.'],
        null,
      ),
  ],
  finance: [
    (r, c) =>
      topic(
        `Haushaltssatzung und Haushaltsplan ${c.year + 1}`,
        `beschließt die Haushaltssatzung mit dem Haushaltsplan für das Haushaltsjahr ${c.year + 1}.`,
        [
          `Der Ergebnisplan weist Erträge von ${euro(money(r, 2_400_000_000, 3_900_000_000))} aus.`,
          `Das geplante Defizit beträgt ${euro(money(r, 20_000_000, 180_000_000))}.`,
        ],
        null,
        `der Haushalt ${c.year + 1}`,
      ),
    (r, c) =>
      topic(
        `Nachtragshaushaltssatzung ${c.year}`,
        `beschließt die Nachtragshaushaltssatzung für das Haushaltsjahr ${c.year}.`,
        [
          `Mehraufwendungen von ${euro(money(r, 5_000_000, 80_000_000))} werden durch Mehrerträge bei der Gewerbesteuer gedeckt.`,
        ],
        null,
        `der Nachtragshaushalt ${c.year}`,
      ),
    (r, c) =>
      topic(
        `Jahresabschluss ${c.year - 2}`,
        `stellt den Jahresabschluss ${c.year - 2} fest und beschließt die Verwendung des Jahresergebnisses.`,
        [`Das Jahresergebnis beträgt ${euro(money(r, 1_000_000, 60_000_000))}.`],
        null,
      ),
    (r, c) =>
      topic(
        `Hebesätze der Grundsteuer und der Gewerbesteuer ${c.year + 1}`,
        `beschließt die Hebesatzsatzung für das Jahr ${c.year + 1}.`,
        [`Der Hebesatz der Gewerbesteuer bleibt bei ${r.pick([450, 475, 490, 515])} Prozent.`],
        null,
      ),
    (r, c) =>
      topic(
        `Überplanmäßige Aufwendungen im Haushaltsjahr ${c.year}`,
        'stimmt den überplanmäßigen Aufwendungen zu.',
        [`Die Aufwendungen von ${euro(money(r, 200_000, 9_000_000))} sind unabweisbar.`],
        null,
      ),
    (_r, c) =>
      topic(
        `Haushaltsbegleitbeschluss ${c.year + 1}`,
        `beschließt den Haushaltsbegleitbeschluss zum Haushalt ${c.year + 1}.`,
        ['Der Beschluss enthält Prüfaufträge zur Haushaltskonsolidierung.'],
        null,
      ),
  ],
  property: [
    (r) => {
      const s = street(r);
      return topic(
        `Grundsatzbeschluss zur Vermarktung städtischer Grundstücke ${streetPhrase('an', s)}`,
        `beschließt, die städtischen Grundstücke ${streetPhrase('an', s)} im Wege der Konzeptvergabe zu vermarkten.`,
        [`Die Flächen umfassen rund ${r.int(2, 30)}.${r.int(100, 999)} Quadratmeter.`],
        null,
      );
    },
  ],
  audit: [
    (r, c) =>
      topic(
        `Schlussbericht über die Prüfung des Jahresabschlusses ${c.year - 1}`,
        `nimmt den Schlussbericht zur Kenntnis und empfiehlt, dem Oberbürgermeister Entlastung zu erteilen.`,
        [`Das Rechnungsprüfungsamt hat ${r.int(3, 20)} Prüfungsbemerkungen getroffen.`],
        null,
      ),
    (_r, c) =>
      topic(
        `Prüfungsplan ${c.year}`,
        `beschließt den Prüfungsplan ${c.year}.`,
        ['Schwerpunkte sind Vergaben und Fördermittel.'],
        null,
      ),
  ],
  complaints: [
    (r) => {
      const s = street(r);
      return topic(
        `Anregung gemäß § 24 GO NRW: Verkehrsberuhigung ${streetPhrase('in', s)}`,
        'verweist die Anregung zur weiteren Prüfung an die Verwaltung.',
        [`Die Anregung wird von ${r.int(20, 600)} Anwohnerinnen und Anwohnern unterstützt.`],
        null,
      );
    },
    (r, c) =>
      topic(
        `Anregung gemäß § 24 GO NRW: Öffentliche Toilette ${district(r, c) === 'Innenstadt' ? 'am Marktplatz' : `in ${district(r, c)}`}`,
        'beauftragt die Verwaltung, einen Standort zu prüfen.',
        ['Die Anregung wurde online eingereicht.'],
        null,
      ),
  ],
  integration: [
    (r, c) =>
      topic(
        `Integrationskonzept ${c.year}`,
        `beschließt das Integrationskonzept ${c.year}.`,
        [`In ${CITY_NAME} leben Menschen aus ${r.int(140, 180)} Nationen.`],
        null,
      ),
    (r, c) =>
      topic(
        `Förderung von Migrantenselbstorganisationen ${c.year + 1}`,
        'beschließt die Förderrichtlinie für Migrantenselbstorganisationen.',
        [`Gefördert werden ${r.int(20, 60)} Vereine.`],
        money(r, 100_000, 600_000),
      ),
  ],
  equality: [
    (r, c) =>
      topic(
        `Gleichstellungsplan ${c.year}–${c.year + 3}`,
        `beschließt den Gleichstellungsplan ${c.year}–${c.year + 3}.`,
        [`Der Frauenanteil in Führungspositionen liegt bei ${r.int(32, 48)} Prozent.`],
        null,
      ),
  ],
  inclusion: [
    () =>
      topic(
        'Aktionsplan Inklusion',
        'beschließt den Aktionsplan Inklusion zur Umsetzung der UN-Behindertenrechtskonvention.',
        ['Der Aktionsplan enthält 48 Maßnahmen in acht Handlungsfeldern.'],
        null,
      ),
  ],
  utilities: [
    (r, c) =>
      topic(
        `Abwassergebührensatzung ${c.year + 1}`,
        `beschließt die Satzung über die Abwassergebühren für ${c.year + 1}.`,
        [`Die Schmutzwassergebühr beträgt künftig ${r.int(2, 4)},${r.int(10, 99)} € je Kubikmeter.`],
        null,
      ),
    (r, c) =>
      topic(
        `Abfallgebührensatzung ${c.year + 1}`,
        `beschließt die Satzung über die Abfallgebühren für ${c.year + 1}.`,
        [`Die Gebühr für eine 120-Liter-Restmülltonne beträgt ${euro(r.int(180, 320))} im Jahr.`],
        null,
      ),
    (r) => {
      const s = street(r);
      return topic(
        `Kanalsanierung ${streetPhrase('in', s)}`,
        `beschließt die Sanierung des Mischwasserkanals ${streetPhrase('in', s)} in geschlossener Bauweise.`,
        [`Der Kanal aus dem Jahr ${r.int(1905, 1965)} weist Risse und Wurzeleinwüchse auf.`],
        money(r, 300_000, 3_000_000),
      );
    },
    (r, c) =>
      topic(
        `Wirtschaftsplan der Stadtentwässerungsbetriebe ${c.year + 1}`,
        `beschließt den Wirtschaftsplan der Stadtentwässerungsbetriebe für ${c.year + 1}.`,
        [`Der Vermögensplan sieht Investitionen von ${euro(money(r, 20_000_000, 90_000_000))} vor.`],
        null,
      ),
  ],
  personnel: [
    (r, c) =>
      topic(
        `Stellenplan ${c.year + 1}`,
        `beschließt den Stellenplan ${c.year + 1}.`,
        [`Der Stellenplan weist ${r.int(6, 12)}.${r.int(100, 999)} Stellen aus.`],
        null,
      ),
    () =>
      topic(
        'Dienstvereinbarung zum mobilen Arbeiten',
        'nimmt die Dienstvereinbarung zum mobilen Arbeiten zur Kenntnis.',
        ['Die Vereinbarung wurde mit dem Personalrat abgestimmt.'],
        null,
      ),
  ],
  general: [
    (r) =>
      topic(
        `${r.int(2, 12)}. Satzung zur Änderung der Hauptsatzung`,
        'beschließt die Satzung zur Änderung der Hauptsatzung in der Fassung der Anlage 1.',
        ['Die Änderung betrifft die Zuständigkeiten der Bezirksvertretungen und die öffentliche Bekanntmachung.'],
        null,
      ),
    () =>
      topic(
        'Änderung der Geschäftsordnung des Rates',
        'beschließt die Änderung der Geschäftsordnung in der Fassung der Anlage 1.',
        ['Künftig sollen Sitzungen des Rates im Internet übertragen werden.'],
        null,
      ),
    (r) =>
      topic(
        `Städtepartnerschaft mit ${r.pick(['Lüttich', 'Breslau', 'Thessaloniki', 'Bursa', 'Nantes', 'Kraków', 'Rotterdam', 'Tel Aviv-Jaffa'])}`,
        'beschließt, die Städtepartnerschaft durch einen Jugendaustausch und einen Kulturaustausch zu vertiefen.',
        ['Die Partnerschaft besteht seit über 30 Jahren.'],
        money(r, 20_000, 150_000),
      ),
    () =>
      topic(
        'Benennung von Vertreterinnen und Vertretern in Gesellschaften und Vereinen',
        'benennt die in der Anlage aufgeführten Personen als Vertreterinnen und Vertreter der Stadt.',
        ['Die Benennung erfolgt für die Dauer der Wahlperiode.'],
        null,
      ),
  ],
};

/** Domains a committee covers that have no templates of their own borrow from these. */
const FALLBACK: Partial<Record<Domain, Domain>> = {
  building: 'schools',
  seniors: 'social',
  procurement: 'finance',
};

export function beschlussvorlage(r: Random, domain: Domain, c: TopicContext): Topic {
  const list = TEMPLATES[domain] ?? TEMPLATES[FALLBACK[domain] ?? 'general'] ?? [];
  const building = domain === 'building';
  // The Gebäudewirtschaft builds schools, Kitas, Bürgerhäuser and Feuerwehrgerätehäuser.
  const source = building ? r.pick([TEMPLATES.schools, TEMPLATES.youth, TEMPLATES.culture, TEMPLATES.safety]) : list;
  return r.pick(source && source.length > 0 ? source : (TEMPLATES.general as Template[]))(r, c);
}

// ---------------------------------------------------------------------------------------------------
// Non-public papers

const TRADES = [
  'Rohbauarbeiten',
  'Dachdeckerarbeiten',
  'Elektroinstallationsarbeiten',
  'Heizungs-, Lüftungs- und Sanitärarbeiten',
  'Fassadenarbeiten',
  'Straßenbauarbeiten',
  'Unterhaltsreinigung',
  'Objektplanung Gebäude',
  'Tragwerksplanung',
] as const;

export function nonPublicTopic(r: Random, domain: Domain, c: TopicContext): Topic {
  const kind = r.weighted<'parcel' | 'award' | 'personnel' | 'claim' | 'contract'>([
    ['parcel', domain === 'property' || domain === 'planning' ? 4 : 1.5],
    ['award', domain === 'procurement' || domain === 'building' || domain === 'traffic' ? 4 : 1.5],
    ['personnel', domain === 'personnel' ? 4 : 0.6],
    ['claim', domain === 'finance' ? 3 : 0.6],
    ['contract', 1],
  ]);
  switch (kind) {
    case 'parcel': {
      const where = parcel(r, c);
      const buy = r.chance(0.5);
      const price = money(r, 60_000, 4_000_000);
      return topic(
        `Grundstücksangelegenheit: ${buy ? 'Ankauf' : 'Verkauf'} einer Teilfläche in der ${where}`,
        `beschließt den ${buy ? 'Ankauf' : 'Verkauf'} der Teilfläche (${where}) zum Kaufpreis von ${euro(price)}.`,
        [
          `Die Teilfläche in der ${where} ist rund ${r.int(200, 9000)} Quadratmeter groß.`,
          'Der Kaufpreis entspricht dem Verkehrswertgutachten.',
        ],
        price,
      );
    }
    case 'award': {
      const trade = r.pick(TRADES);
      const project = r.pick([
        `den Neubau der Kita ${streetPhrase('an', street(r))}`,
        `die Sanierung des Bürgerhauses ${district(r, c)}`,
        `den Neubau des Feuerwehrgerätehauses ${district(r, c)}`,
        `den Straßenausbau ${streetPhrase('in', street(r))}`,
        `die Erweiterung ${school(r, c).genitive}`,
      ]);
      const price = money(r, 150_000, 8_000_000);
      const bidder = `${r.pick(['Bauunternehmung', 'Ingenieurgesellschaft', 'Firma', 'Arbeitsgemeinschaft'])} ${r.pick(['Hölscher', 'Brüggemann & Söhne', 'Kötter', 'Overbeck', 'Terhorst', 'Lütke', 'Wiegand'])} GmbH`;
      return topic(
        `Vergabe der ${trade} für ${project} (Vergabenummer ${c.year}-${r.int(100, 999)})`,
        `beschließt, den Auftrag über die ${trade} an die ${bidder} als wirtschaftlichste Bieterin zum Angebotspreis von ${euro(price)} zu vergeben.`,
        [`Es gingen ${r.int(2, 9)} Angebote ein.`, `Das wirtschaftlichste Angebot hat die ${bidder} abgegeben.`],
        price,
      );
    }
    case 'personnel':
      return topic(
        `Personalangelegenheit: Besetzung der Stelle ${r.pick(['der Amtsleitung', 'der stellvertretenden Amtsleitung', 'der Abteilungsleitung'])} (Kennziffer ${r.int(10, 99)}/${c.year})`,
        'stimmt der Besetzung der Stelle mit der in der Vorlage genannten Bewerberin zu.',
        [`Auf die Ausschreibung gingen ${r.int(4, 40)} Bewerbungen ein.`],
        null,
      );
    case 'claim': {
      const amount = money(r, 20_000, 2_000_000);
      return topic(
        `${r.pick(['Stundung', 'Niederschlagung', 'Erlass'])} einer Gewerbesteuerforderung (Vorgang ${r.int(1000, 9999)}/${c.year})`,
        `stimmt der Maßnahme über eine Forderung von ${euro(amount)} zu.`,
        ['Die wirtschaftlichen Verhältnisse des Unternehmens sind in der Anlage dargestellt.'],
        amount,
      );
    }
    default:
      return topic(
        `Vertragsangelegenheit: ${r.pick(['Pachtvertrag', 'Mietvertrag', 'Erbbaurechtsvertrag', 'Vergleichsvereinbarung'])} (Az. ${r.int(10, 99)}-${r.int(100, 999)}/${c.year})`,
        'stimmt dem Abschluss des Vertrags zu den in der Vorlage genannten Bedingungen zu.',
        [`Die Laufzeit beträgt ${r.int(5, 30)} Jahre.`],
        money(r, 10_000, 900_000),
      );
  }
}

// ---------------------------------------------------------------------------------------------------
// Motions (Anträge), inquiries (Anfragen), notices (Mitteilungen)

export interface Motion {
  title: string;
  /** Infinitive clause: "die Einführung von Tempo 30 vor allen Schulen zu prüfen". */
  action: string;
  reason: string;
}

const MOTIONS: Partial<Record<Domain, ((r: Random, c: TopicContext) => Motion)[]>> = {
  traffic: [
    () => ({
      title: 'Tempo 30 vor allen Schulen und Kitas',
      action:
        'vor allen Schulen und Kindertageseinrichtungen Tempo 30 anzuordnen, soweit die Straßenverkehrsordnung es zulässt',
      reason: 'Tempo 30 senkt das Unfallrisiko für Kinder deutlich.',
    }),
    (r) => {
      const s = street(r);
      return {
        title: `Sichere Radwege ${streetPhrase('in', s)}`,
        action: `bis zur nächsten Sitzung ein Konzept für sichere Radwege ${streetPhrase('in', s)} vorzulegen`,
        reason: 'Radfahrende müssen sich die Fahrbahn dort mit dem Schwerlastverkehr teilen.',
      };
    },
    () => ({
      title: 'Mehr Fahrradabstellanlagen am Hauptbahnhof',
      action: 'am Hauptbahnhof mindestens 500 zusätzliche Fahrradabstellplätze zu schaffen',
      reason: 'Die vorhandenen Abstellanlagen sind dauerhaft überbelegt.',
    }),
    (r, c) => ({
      title: `Bewohnerparken in ${district(r, c)}`,
      action: `die Einführung von Bewohnerparken in ${district(r, c)} zu prüfen`,
      reason: 'Anwohnerinnen und Anwohner finden abends keinen Parkplatz.',
    }),
  ],
  environment: [
    (r) => {
      const s = street(r);
      return {
        title: `Mehr Bäume ${streetPhrase('in', s)}`,
        action: `${streetPhrase('in', s)} zusätzliche Straßenbäume zu pflanzen`,
        reason: 'Bäume kühlen die Straße an heißen Tagen.',
      };
    },
    () => ({
      title: 'Trinkwasserbrunnen in der Innenstadt',
      action: 'in der Innenstadt mindestens zehn öffentliche Trinkwasserbrunnen aufzustellen',
      reason: 'Trinkwasserbrunnen sind ein einfacher Beitrag zum Hitzeschutz.',
    }),
    () => ({
      title: 'Blühwiesen auf städtischen Flächen',
      action: 'geeignete städtische Grünflächen in Blühwiesen umzuwandeln',
      reason: 'Blühwiesen fördern Insekten und sparen Pflegekosten.',
    }),
  ],
  schools: [
    () => ({
      title: 'Schulsanierungsprogramm beschleunigen',
      action: 'einen Zeitplan vorzulegen, wie der Sanierungsstau an Schulen bis 2030 abgebaut werden kann',
      reason: 'Viele Schulgebäude sind in einem schlechten Zustand.',
    }),
    (r, c) => {
      const s = school(r, c);
      return {
        title: `Schulwegsicherheit ${s.dative}`,
        action: `die Schulwege ${s.dative} zu überprüfen und Maßnahmen zur Schulwegsicherung vorzuschlagen`,
        reason: 'Eltern berichten von gefährlichen Situationen an der Zufahrt.',
      };
    },
  ],
  youth: [
    () => ({
      title: 'Einrichtung eines Jugendparlaments',
      action: 'ein Konzept für ein gewähltes Jugendparlament vorzulegen',
      reason: 'Junge Menschen sollen an Entscheidungen, die sie betreffen, beteiligt werden.',
    }),
    (r, c) => ({
      title: `Mehr Kita-Plätze in ${district(r, c)}`,
      action: `kurzfristig zusätzliche Betreuungsplätze in ${district(r, c)} zu schaffen`,
      reason: 'Die Wartelisten sind dort besonders lang.',
    }),
  ],
  social: [
    () => ({
      title: 'Einführung eines Sozialtickets',
      action:
        'mit dem Verkehrsverbund über ein vergünstigtes Monatsticket für Menschen mit geringem Einkommen zu verhandeln',
      reason: 'Mobilität ist Voraussetzung für gesellschaftliche Teilhabe.',
    }),
    () => ({
      title: 'Hitzeschutz für wohnungslose Menschen',
      action: 'an heißen Tagen kühle Aufenthaltsräume für wohnungslose Menschen bereitzustellen',
      reason: 'Wohnungslose Menschen sind Hitze besonders ausgesetzt.',
    }),
  ],
  culture: [
    () => ({
      title: 'Freier Eintritt in städtische Museen am ersten Sonntag im Monat',
      action: 'den freien Eintritt in städtische Museen am ersten Sonntag im Monat einzuführen',
      reason: 'Kultur soll allen offenstehen.',
    }),
  ],
  sport: [
    () => ({
      title: 'Öffnung der Schulhöfe am Wochenende',
      action: 'die Schulhöfe an Wochenenden als Spiel- und Bewegungsflächen zu öffnen',
      reason: 'In dicht bebauten Stadtteilen fehlen Spielflächen.',
    }),
  ],
  digital: [
    () => ({
      title: 'Livestream der Ratssitzungen',
      action: 'die Sitzungen des Rates im Internet zu übertragen',
      reason: 'Die Übertragung macht Kommunalpolitik transparenter.',
    }),
    () => ({
      title: 'Kostenloses WLAN in der Innenstadt',
      action: 'ein kostenloses WLAN in der Fußgängerzone einzurichten',
      reason: 'Freies WLAN stärkt die Aufenthaltsqualität der Innenstadt.',
    }),
  ],
  climate: [
    () => ({
      title: 'Photovoltaikpflicht für städtische Neubauten',
      action: 'alle städtischen Neubauten mit Photovoltaikanlagen auszustatten',
      reason: 'Die Stadt muss beim Klimaschutz Vorbild sein.',
    }),
  ],
  general: [
    () => ({
      title: 'Einführung eines Bürgerhaushalts',
      action: 'die Einführung eines Bürgerhaushalts zu prüfen',
      reason: 'Bürgerinnen und Bürger sollen über einen Teil der Mittel mitentscheiden.',
    }),
    () => ({
      title: 'Barrierefreie Sitzungsunterlagen',
      action: 'alle Sitzungsunterlagen barrierefrei zu veröffentlichen',
      reason: 'Auch Menschen mit Behinderungen müssen Kommunalpolitik verfolgen können.',
    }),
  ],
  safety: [
    () => ({
      title: 'Mehr Personal für den Kommunalen Ordnungsdienst',
      action: 'zehn zusätzliche Stellen für den Kommunalen Ordnungsdienst in den Stellenplan aufzunehmen',
      reason: 'Der Ordnungsdienst ist abends und am Wochenende zu selten präsent.',
    }),
  ],
  housing: [
    () => ({
      title: 'Wohnungstausch erleichtern',
      action: 'gemeinsam mit der Wohnungsbaugesellschaft eine Wohnungstauschbörse einzurichten',
      reason: 'Viele ältere Menschen leben in zu großen Wohnungen.',
    }),
  ],
  planning: [
    (r, c) => ({
      title: `Erhaltungssatzung für ${district(r, c)}`,
      action: `die Aufstellung einer sozialen Erhaltungssatzung für ${district(r, c)} zu prüfen`,
      reason: 'Die Mieten steigen dort überdurchschnittlich.',
    }),
  ],
  economy: [
    () => ({
      title: 'Leerstandsmanagement für die Innenstadt',
      action: 'ein aktives Leerstandsmanagement für die Innenstadt aufzubauen',
      reason: 'Leerstände schwächen die Innenstadt.',
    }),
  ],
};

const MOTION_DOMAINS = Object.keys(MOTIONS) as Domain[];

export function motion(r: Random, domain: Domain, c: TopicContext): Motion {
  const list = MOTIONS[domain] ?? MOTIONS[r.pick(MOTION_DOMAINS)] ?? [];
  return r.pick(list)(r, c);
}

export function inquiryTitle(r: Random, domain: Domain, c: TopicContext): string {
  const d = district(r, c);
  const s = street(r);
  const byDomain: Partial<Record<Domain, string[]>> = {
    traffic: [
      `Zustand der Radwege in ${d}`,
      `Ausfall von Busfahrten in ${d}`,
      'Ladeinfrastruktur für Elektrofahrzeuge',
      `Baustellenkoordination ${streetPhrase('in', s)}`,
    ],
    schools: [`Sachstand der Sanierung ${school(r, c).genitive}`, 'Unterrichtsausfall wegen Raummangels'],
    youth: [`Kita-Plätze in ${d}`, 'Personalsituation im Jugendamt'],
    environment: [`Baumfällungen ${streetPhrase('in', s)}`, `Lärmbelästigung am ${r.pick(PLACE_FEATURES)}`],
    general: ['Wartezeiten im Bürgeramt', 'Krankenstand in der Stadtverwaltung'],
    sport: ['Kosten der Sanierung der Hallenbäder', 'Hallenzeiten für Vereine'],
    safety: ['Einsatzzeiten des Rettungsdienstes', `Vandalismus in ${d}`],
    social: ['Wartezeiten beim Wohngeld', 'Unterbringung geflüchteter Menschen'],
    digital: ['Stand der Online-Dienste nach dem Onlinezugangsgesetz', 'IT-Sicherheit der Stadtverwaltung'],
    finance: ['Entwicklung der Gewerbesteuereinnahmen', 'Zinsbelastung aus Kassenkrediten'],
  };
  const list = byDomain[domain] ?? byDomain[r.pick(Object.keys(byDomain) as Domain[])] ?? ['Wartezeiten im Bürgeramt'];
  return r.pick(list);
}

export function noticeTitle(r: Random, domain: Domain, c: TopicContext): string {
  const reports: string[] = [
    `Sachstandsbericht: ${beschlussvorlage(r, domain, c).title}`,
    `Bericht über die Umsetzung: ${beschlussvorlage(r, domain, c).title}`,
    `Halbjahresbericht ${c.year} ${r.pick(['des Amtes', 'zur Umsetzung der Beschlüsse', 'zum Haushaltsvollzug'])}`,
  ];
  return r.pick(reports);
}

// ---------------------------------------------------------------------------------------------------
// Paper texts

export function paperText(
  r: Random,
  input: {
    kind: 'Beschlussvorlage' | 'Mitteilungsvorlage' | 'Antrag' | 'Anfrage';
    topic?: Topic | undefined;
    motion?: Motion | undefined;
    title: string;
    /** "Der Rat der Stadt Großstadt": who decides in the end. */
    decider: string;
    faction?: string | undefined;
    year: number;
  },
): string {
  const paragraphs: string[] = [];
  switch (input.kind) {
    case 'Beschlussvorlage': {
      const t = input.topic as Topic;
      paragraphs.push(`Beschlussvorschlag: ${input.decider} ${t.decision}`);
      paragraphs.push(`Sachverhalt: ${t.facts.join(' ')}`);
      paragraphs.push(
        r.pick([
          'Die Verwaltung hat die Planung mit den betroffenen Fachämtern und den Bezirksvertretungen abgestimmt.',
          'Die Maßnahme ist Teil des vom Rat beschlossenen Investitionsprogramms.',
          'Eine Beteiligung der Öffentlichkeit hat stattgefunden; die Ergebnisse sind in der Anlage dokumentiert.',
          'Ohne den Beschluss können die beantragten Fördermittel nicht abgerufen werden.',
        ]),
      );
      paragraphs.push(
        t.cost
          ? `Finanzielle Auswirkungen: Die Gesamtkosten betragen ${euro(t.cost)}. Die Mittel sind im Haushaltsplan ${input.year} im Produkt ${r.int(1, 17)}.${String(r.int(1, 12)).padStart(2, '0')}.${String(r.int(1, 9)).padStart(2, '0')} veranschlagt.`
          : 'Finanzielle Auswirkungen: keine.',
      );
      if (input.year >= 2020) {
        paragraphs.push(
          `Auswirkungen auf den Klimaschutz: ${r.pick(['positiv', 'keine', 'geringfügig negativ; Ausgleichsmaßnahmen sind vorgesehen'])}.`,
        );
      }
      break;
    }
    case 'Mitteilungsvorlage':
      paragraphs.push(`Die Verwaltung teilt mit: ${input.title}.`);
      if (input.topic) paragraphs.push(input.topic.facts.join(' '));
      paragraphs.push(
        r.pick([
          'Über den weiteren Fortgang wird die Verwaltung im nächsten Halbjahr berichten.',
          'Die Arbeiten liegen im Zeit- und Kostenrahmen.',
          'Es haben sich Verzögerungen ergeben, die auf Lieferengpässe zurückzuführen sind.',
        ]),
      );
      break;
    case 'Antrag': {
      const m = input.motion as Motion;
      paragraphs.push(`Die ${input.faction} beantragt: ${input.decider} beauftragt die Verwaltung, ${m.action}.`);
      paragraphs.push(`Begründung: ${m.reason}`);
      break;
    }
    case 'Anfrage':
      paragraphs.push(`Die ${input.faction} bittet um Beantwortung folgender Fragen zum Thema „${input.title}“:`);
      paragraphs.push(
        [
          '1. Wie stellt sich die aktuelle Lage dar?',
          '2. Welche Maßnahmen hat die Verwaltung bisher ergriffen?',
          `3. ${r.pick(['Welche Kosten sind bisher entstanden?', 'Bis wann ist mit einer Verbesserung zu rechnen?', 'Wie viele Personen sind betroffen?'])}`,
        ].join('\n'),
      );
      break;
  }
  return paragraphs.join('\n\n');
}

/**
 * What an import run tells: defects of the source data (object id, what was wrong, what was done) and
 * progress (objects per type, requests, defects). Defects are data for tests and printed at the end.
 */

export interface Defect {
  /** The OParl id (URL) of the object, or the list URL. */
  id: string;
  /** Stable code for tests ("empty_value", "order_from_one", "geojson_lat_lon", …). */
  code: string;
  /** What was wrong, in German. */
  what: string;
  /** What the importer did, in German. */
  action: string;
}

export interface Progress {
  /** Objects read per OParl type (embedded ones included). */
  read: Record<string, number>;
  /** Objects written (created or changed) per local kind. */
  written: Record<string, number>;
  /** Objects unchanged since the last run. */
  unchanged: number;
  deleted: number;
  failed: number;
  requests: number;
}

export class Report {
  readonly defects: Defect[] = [];
  readonly progress: Progress = { read: {}, written: {}, unchanged: 0, deleted: 0, failed: 0, requests: 0 };
  private readonly seen = new Set<string>();

  defect(id: string, code: string, what: string, action: string) {
    // The same defect of the same object is told once (an object may be read embedded and on its own).
    const key = `${id}\u0000${code}\u0000${what}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.defects.push({ id, code, what, action });
  }

  read(type: string, n = 1) {
    this.progress.read[type] = (this.progress.read[type] ?? 0) + n;
  }

  written(kind: string, n = 1) {
    this.progress.written[kind] = (this.progress.written[kind] ?? 0) + n;
  }

  get objectsRead(): number {
    return Object.values(this.progress.read).reduce((a, b) => a + b, 0);
  }
}

const TYPE_LABELS: Record<string, string> = {
  Body: 'Körperschaften',
  LegislativeTerm: 'Wahlperioden',
  Organization: 'Organisationen',
  Person: 'Personen',
  Membership: 'Mitgliedschaften',
  Location: 'Orte',
  Meeting: 'Sitzungen',
  AgendaItem: 'TOPs',
  Paper: 'Vorlagen',
  Consultation: 'Beratungen',
  File: 'Dateien',
};

export function formatProgress(report: Report, elapsedMs: number): string {
  const p = report.progress;
  const parts = Object.entries(p.read)
    .filter(([, n]) => n > 0)
    .map(([type, n]) => `${n} ${TYPE_LABELS[type] ?? type}`);
  const rate = elapsedMs > 0 ? Math.round((report.objectsRead * 1000) / elapsedMs) : 0;
  return (
    `${parts.join(', ') || 'noch keine Objekte'} · ${p.requests} Anfragen · ${report.defects.length} Mängel` +
    (p.failed ? ` · ${p.failed} fehlgeschlagen` : '') +
    ` · ${rate} Objekte/s`
  );
}

export function formatDefects(defects: Defect[], limit = 200): string {
  if (defects.length === 0) return 'Keine Mängel in den Quelldaten.';
  const lines = defects.slice(0, limit).map((d) => `- ${d.id}: ${d.what} → ${d.action}`);
  if (defects.length > limit) lines.push(`… und ${defects.length - limit} weitere`);
  return `Mängel in den Quelldaten (${defects.length}):\n${lines.join('\n')}`;
}

/** Progress on the terminal: one updating line on a TTY, a line every few seconds otherwise. */
export class ProgressPrinter {
  private last = 0;
  private readonly started = Date.now();

  constructor(
    private readonly report: Report,
    private readonly out: NodeJS.WriteStream | { isTTY?: boolean; write(s: string): unknown } = process.stderr,
    private readonly intervalMs = out.isTTY ? 200 : 5000,
  ) {}

  tick(force = false) {
    const now = Date.now();
    if (!force && now - this.last < this.intervalMs) return;
    this.last = now;
    const line = formatProgress(this.report, now - this.started);
    if (this.out.isTTY) this.out.write(`\r\u001b[2K${line}`);
    else this.out.write(`${line}\n`);
  }

  done() {
    this.tick(true);
    if (this.out.isTTY) this.out.write('\n');
  }
}

/**
 * The OParl import: System → bodies → each body's lists (organizations, persons, locations, meetings,
 * papers), page by page (pagination with loop detection), each object written in one transaction with
 * its embedded children (store.ts). Objects referenced but not (yet) known are fetched by their id and
 * written first; when their list has been read completely without them, that is reported. Runs after
 * the first ask the lists with `modified_since` (the previous run's start minus a safety margin) and
 * delete what the tombstones name.
 */
import { and, desc, eq, isNotNull } from 'drizzle-orm';
import type { Executor } from '../db/open.ts';
import { auditLog, importLinks, importRuns, organizations } from '../db/schema.ts';
import { DomainError } from '../domain/errors.ts';
import { HttpClient, type HttpOptions } from './http.ts';
import {
  canonicalId,
  embedded,
  type Json,
  type NObject,
  type NormalizeContext,
  normalize,
  type OparlType,
  ref,
  refs,
  str,
} from './normalize.ts';
import { Report } from './report.ts';
import {
  contentHash,
  deleteLocal,
  type FileContent,
  fromRatsinfo,
  type Link,
  type LocalTable,
  type StoreContext,
  type Tx,
  withTransaction,
  writeBody,
  writeLocation,
  writeMeeting,
  writeMembership,
  writeOrganization,
  writePaper,
  writePerson,
  writeTerm,
} from './store.ts';

export interface ImportOptions {
  /** System or Body URL. */
  url: string;
  /** Requests per second (default 4). */
  rate?: number;
  /** `modified_since` for the lists (ISO date-time); default: the last run's start minus 10 minutes. */
  since?: string | undefined;
  /** Ignore the last run: read every list completely. */
  full?: boolean;
  /** Store file metadata only, without downloading the content. */
  noFiles?: boolean;
  /** Slug of the (new) body; only when importing one body. */
  bodySlug?: string | undefined;
  /** Largest file downloaded, in bytes (default 50 MB). */
  fileLimit?: number;
  /** Timeouts, retries, backoff (tests make them small). */
  http?: HttpOptions;
  /** Who is written into the audit log (default "cli:import"). */
  actor?: string;
  /** Called after each object (progress output). */
  onProgress?: (report: Report) => void;
}

export interface ImportedBody {
  source: string;
  bodyId: number;
  /** `modified_since` the lists were asked with, if any. */
  since: string | undefined;
  written: Record<string, number>;
}

export interface ImportResult {
  report: Report;
  bodies: ImportedBody[];
  requests: number;
  elapsedMs: number;
}

/** Safety margin of the incremental run: clocks and transactions in flight at the source. */
export const SINCE_MARGIN_MS = 10 * 60 * 1000;

/** Lists read by the importer in this order (Body property → type). */
const LISTS: [string, OparlType][] = [
  ['organization', 'Organization'],
  ['person', 'Person'],
  ['locationList', 'Location'],
  // Papers before meetings: a new agenda item then gets its paper when it is inserted (an UPDATE of every
  // item afterwards rewrote all its indexes, the search ones too); the consultations get their item.
  ['paper', 'Paper'],
  ['meeting', 'Meeting'],
];
/** Lists read in incremental runs for their tombstones only (their objects come embedded). */
const TOMBSTONE_LISTS: [string, OparlType][] = [
  ['legislativeTermList', 'LegislativeTerm'],
  ['membership', 'Membership'],
  ['agendaItem', 'AgendaItem'],
  ['consultation', 'Consultation'],
  ['file', 'File'],
];

function withParam(url: string, name: string, value: string): string {
  const u = new URL(url);
  u.searchParams.set(name, value);
  return u.toString();
}

/** Pages prepared and waiting for their write at most (the one being written included). */
const PAGES_QUEUED = 2;

/**
 * Objects per list page the importer asks for (`limit`, spec 2.5; a server may give fewer or ignore it).
 * Bigger pages than a server's default mean fewer requests (each waits for its slot of the polite rate)
 * and fewer, larger transactions: Ratsinfo's own meeting list gives 10 by default.
 */
export const IMPORT_PAGE_LIMIT = 100;

/** File downloads at the same time (each still waits for its slot of the polite request rate). */
const FILE_DOWNLOADS = 4;

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Pages of a list, `links.next` followed; a `next` already read or a page repeating ends it (reported). */
export async function* listPages(http: HttpClient, n: NormalizeContext, firstUrl: string): AsyncGenerator<unknown[]> {
  const seenUrls = new Set<string>();
  const seenPages = new Set<string>();
  const fetchPage = (url: string) =>
    http.json(url).then(
      (page) => ({ page }),
      (error: unknown) => ({ error }),
    );
  let url: string | undefined = firstUrl;
  let pending = fetchPage(firstUrl);
  seenUrls.add(firstUrl);
  while (url) {
    const answer: { page?: unknown; error?: unknown } = await pending;
    if ('error' in answer) {
      n.report.defect(
        url,
        'list_page_failed',
        `Listenseite nicht abrufbar (${message(answer.error)})`,
        'Rest der Liste übersprungen',
      );
      return;
    }
    const page = answer.page;
    const data = Array.isArray(page) ? page : (page as Json | null)?.data;
    if (!Array.isArray(data)) {
      n.report.defect(url, 'not_a_list', 'Antwort ist keine OParl-Liste (data fehlt)', 'Liste übersprungen');
      return;
    }
    const fingerprint = data.map((d) => (d && typeof d === 'object' ? String((d as Json).id) : String(d))).join('\n');
    if (data.length > 0 && seenPages.has(fingerprint)) {
      n.report.defect(
        firstUrl,
        'pagination_loop',
        `Seite ${url} wiederholt eine schon gelesene Seite`,
        'Liste beendet',
      );
      return;
    }
    seenPages.add(fingerprint);
    const next = Array.isArray(page) ? undefined : ((page as Json).links as Json | undefined)?.next;
    const nextUrl = typeof next === 'string' && next.trim() ? canonicalId(next.trim(), n.scheme) : undefined;
    let loop = false;
    if (nextUrl && seenUrls.has(nextUrl)) {
      loop = true;
    } else if (nextUrl) {
      // The next page is asked for while this one is written: the server works while we do.
      seenUrls.add(nextUrl);
      pending = fetchPage(nextUrl);
    }
    yield data;
    if (loop) {
      n.report.defect(
        firstUrl,
        'pagination_loop',
        `links.next zeigt auf eine schon gelesene Seite (${nextUrl})`,
        'Liste beendet',
      );
      return;
    }
    url = nextUrl;
  }
}

/** Imports a System (all its bodies) or one Body into the database. */
export async function importOparl(db: Executor, options: ImportOptions): Promise<ImportResult> {
  const started = Date.now();
  const report = new Report();
  const http = new HttpClient({ rate: options.rate ?? 4, ...options.http });
  let url: URL;
  try {
    url = new URL(options.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('kein http');
  } catch {
    throw new DomainError('import.invalid_url', `„${options.url}“ ist keine http- oder https-Adresse.`);
  }
  const n: NormalizeContext = { report, scheme: url.protocol, host: url.host.toLowerCase() };
  let entry: unknown;
  try {
    entry = await http.json(url.toString());
  } catch (error) {
    throw new DomainError(
      'import.unreachable',
      `Die OParl-Schnittstelle ${options.url} ist nicht erreichbar oder antwortet nicht mit JSON: ${message(error)}.`,
    );
  }
  const root = normalize(n, entry);
  if (!root || (root.type !== 'System' && root.type !== 'Body')) {
    const type = entry && typeof entry === 'object' ? String((entry as Json).type ?? '(ohne type)') : typeof entry;
    throw new DomainError(
      'import.not_oparl',
      `${options.url} ist weder ein OParl-System noch eine OParl-Körperschaft (type: ${type}). Geben Sie die Adresse des System- oder Body-Objekts an.`,
    );
  }
  const bodyObjects: NObject[] = [];
  if (root.type === 'Body') bodyObjects.push(root);
  else {
    const list = str(root, 'body');
    if (!list)
      throw new DomainError('import.not_oparl', `Das OParl-System ${options.url} nennt keine Körperschaften (body).`);
    for await (const page of listPages(http, n, list)) {
      for (const item of page) {
        let raw = item;
        if (typeof item === 'string') {
          try {
            raw = await http.json(canonicalId(item, n.scheme));
          } catch (error) {
            report.defect(
              item,
              'reference_unreachable',
              `Körperschaft nicht abrufbar (${message(error)})`,
              'übersprungen',
            );
            continue;
          }
        }
        const body = normalize(n, raw, 'Body');
        if (body && !body.deleted) bodyObjects.push(body);
      }
    }
  }
  if (options.bodySlug && bodyObjects.length > 1) {
    throw new DomainError(
      'import.body_slug_ambiguous',
      '--body-slug geht nur beim Import einer einzelnen Körperschaft.',
    );
  }
  const bodies: ImportedBody[] = [];
  for (const body of bodyObjects) {
    const importer = new BodyImport(db, http, n, options, body);
    bodies.push(await importer.run());
  }
  report.progress.requests = http.stats.requests;
  options.onProgress?.(report);
  return { report, bodies, requests: http.stats.requests, elapsedMs: Date.now() - started };
}

class BodyImport {
  private readonly report: Report;
  private readonly ctx: StoreContext;
  private readonly inProgress = new Set<string>();
  private readonly unreachable = new Set<string>();
  private readonly listsDone = new Set<OparlType>();
  private readonly written: Record<string, number> = {};
  /** Content hashes of the objects read in this run, by id. */
  private readonly runHashes = new Map<string, string>();
  /**
   * The pages being imported (a page's object can lead to another object imported on its own first):
   * their objects not yet written, by id with their place, and the place of the one being prepared.
   */
  private readonly batches: { ids: Map<string, { o: NObject; index: number }>; current: number }[] = [];
  /**
   * The page write in flight and its objects. An object's failure is told and the import goes on; a
   * rejection (the database gone) ends the import where the write is awaited.
   */
  private inflight: Promise<unknown> = Promise.resolve();
  private readonly writing = new Set<string>();
  /** Page writes handed over and not yet awaited (at most PAGES_QUEUED). */
  private readonly queued: Promise<unknown>[] = [];

  constructor(
    private readonly db: Executor,
    private readonly http: HttpClient,
    private readonly n: NormalizeContext,
    private readonly options: ImportOptions,
    private readonly body: NObject,
  ) {
    this.report = n.report;
    this.ctx = {
      sourceBody: body.id,
      bodyId: 0,
      report: n.report,
      links: new Map(),
      children: new Map(),
      organizations: new Map(),
      fileContents: new Map(),
      noFiles: options.noFiles === true,
      roomLocations: new Map(),
      genitives: new Set(),
    };
  }

  private progress() {
    this.report.progress.requests = this.http.stats.requests;
    this.options.onProgress?.(this.report);
  }

  private merge(written: Record<string, number>) {
    for (const [kind, count] of Object.entries(written)) {
      this.written[kind] = (this.written[kind] ?? 0) + count;
      if (kind.startsWith('deleted:')) this.report.progress.deleted += count;
      else this.report.written(kind, count);
    }
  }

  private async loadLinks() {
    const rows = await this.db
      .select({
        source: importLinks.source,
        table: importLinks.localTable,
        id: importLinks.localId,
        hash: importLinks.hash,
        parent: importLinks.parent,
      })
      .from(importLinks)
      .where(eq(importLinks.sourceBody, this.body.id));
    for (const r of rows) {
      this.ctx.links.set(r.source, { table: r.table as LocalTable, id: r.id, hash: r.hash, parent: r.parent });
      if (r.parent) {
        const set = this.ctx.children.get(r.parent) ?? new Set<string>();
        set.add(r.source);
        this.ctx.children.set(r.parent, set);
      }
    }
  }

  private async loadOrganizations() {
    const rows = await this.db
      .select({ id: organizations.id, kind: organizations.kind, officeNumber: organizations.officeNumber })
      .from(organizations)
      .where(eq(organizations.bodyId, this.ctx.bodyId));
    for (const r of rows) this.ctx.organizations.set(r.id, { kind: r.kind, officeNumber: r.officeNumber });
  }

  private async lastRunSince(): Promise<string | undefined> {
    if (this.options.full) return undefined;
    if (this.options.since) {
      const d = new Date(this.options.since);
      if (Number.isNaN(d.getTime())) {
        throw new DomainError(
          'import.invalid_since',
          `--since „${this.options.since}“ ist kein Zeitpunkt (etwa 2024-01-31T00:00:00+01:00).`,
        );
      }
      return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
    }
    const [last] = await this.db
      .select({ startedAt: importRuns.startedAt })
      .from(importRuns)
      .where(and(eq(importRuns.sourceBody, this.body.id), isNotNull(importRuns.finishedAt)))
      .orderBy(desc(importRuns.startedAt))
      .limit(1);
    if (!last) return undefined;
    return new Date(last.startedAt.getTime() - SINCE_MARGIN_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  async run(): Promise<ImportedBody> {
    const startedAt = new Date();
    await this.loadLinks();
    const since = await this.lastRunSince();
    this.report.read('Body');
    // The body with its embedded terms: one transaction.
    const hash = contentHash(this.body);
    const known = this.ctx.links.get(this.body.id);
    const bodyUnchanged = known !== undefined && known.hash === hash;
    if (known && known.hash === hash) {
      this.ctx.bodyId = known.id;
      this.report.progress.unchanged++;
    } else {
      const { result, written } = await withTransaction(this.db, this.ctx, async (tx) => {
        const id = await writeBody(tx, this.body, hash, this.options.bodySlug);
        this.ctx.bodyId = id;
        for (const t of embedded(this.body, 'legislativeTerm')) {
          if (!t.deleted) await writeTerm(tx, t, contentHash(t), this.body.id);
        }
        return id;
      });
      this.ctx.bodyId = result;
      this.merge(written);
    }
    if (known && !this.ctx.bodyId) this.ctx.bodyId = known.id;
    await this.loadOrganizations();
    // The body's seat (Body.location), a Location of its own, read with the body.
    const seat = this.body.location;
    if (!bodyUnchanged && seat && typeof seat === 'object' && !Array.isArray(seat)) {
      await this.importObject(seat as NObject);
    }
    this.progress();

    // Terms given by URL only are fetched; terms only as a list (1.1 with omit_internal) read from it.
    for (const term of Array.isArray(this.body.legislativeTerm) ? this.body.legislativeTerm : []) {
      if (typeof term === 'string') await this.need(term, 'LegislativeTerm');
    }
    if (!Array.isArray(this.body.legislativeTerm) && str(this.body, 'legislativeTermList')) {
      await this.readList(str(this.body, 'legislativeTermList') as string, 'LegislativeTerm', since, false);
    }
    for (const [property, type] of LISTS) {
      const list = str(this.body, property);
      if (list) await this.readList(list, type, since, false);
      this.listsDone.add(type);
    }
    await this.awaitedItems();
    if (since) {
      for (const [property, type] of TOMBSTONE_LISTS) {
        const list = str(this.body, property);
        if (list) await this.readList(list, type, since, true);
      }
    }

    const finishedAt = new Date();
    const changed = Object.keys(this.written).length > 0;
    await this.db.transaction(async (t) => {
      await t.insert(importRuns).values({
        sourceBody: this.body.id,
        bodyId: this.ctx.bodyId,
        startedAt,
        finishedAt,
        since: since ?? null,
        counts: this.written,
        defects: this.report.defects.length,
      });
      if (changed) {
        await t.insert(auditLog).values({
          bodyId: this.ctx.bodyId,
          actor: this.options.actor ?? 'cli:import',
          action: 'import_oparl',
          entity: 'body',
          entityId: String(this.ctx.bodyId),
          after: {
            source: this.body.id,
            since: since ?? null,
            written: this.written,
            defects: this.report.defects.length,
          },
        });
      }
    });
    this.progress();
    return { source: this.body.id, bodyId: this.ctx.bodyId, since, written: this.written };
  }

  private async readList(url: string, type: OparlType, since: string | undefined, tombstonesOnly: boolean) {
    let first = since ? withParam(url, 'modified_since', since) : url;
    if (!new URL(first).searchParams.has('limit')) first = withParam(first, 'limit', String(IMPORT_PAGE_LIMIT));
    for await (const page of listPages(this.http, this.n, first)) {
      const objects: NObject[] = [];
      for (const item of page) {
        if (typeof item === 'string') {
          if (tombstonesOnly) continue;
          await this.need(item, type);
          continue;
        }
        const o = normalize(this.n, item, type);
        if (!o) continue;
        if (tombstonesOnly && !o.deleted) continue;
        objects.push(o);
      }
      // The page is written while the next one is read and prepared (one page's write in flight).
      await this.importObjects(objects, true, true);
      this.progress();
    }
    await this.settle();
    this.progress();
  }

  /**
   * Agenda items that papers' consultations named and the meeting list did not bring (a meeting missing
   * from its list): fetched by their meeting's id, else by their own; what stays unreachable is reported.
   */
  private async awaitedItems() {
    for (const [item, wait] of [...(this.ctx.itemsAwaited ?? [])]) {
      if (this.ctx.links.has(item)) continue;
      if (wait.meeting) await this.need(wait.meeting, 'Meeting');
      if (!this.ctx.links.has(item)) await this.need(item, 'AgendaItem');
    }
    this.ctx.itemsAwaited?.clear();
  }

  /** Waits for the page write in flight (before anything else is written: writes go one at a time). */
  private async settle() {
    await this.inflight;
    this.queued.length = 0;
  }

  /** Counts an object and its embedded children as read. */
  private countRead(o: NObject) {
    if (o.type) this.report.read(o.type);
    for (const value of Object.values(o)) {
      const list = Array.isArray(value) ? value : [value];
      for (const v of list) {
        if (v && typeof v === 'object' && typeof (v as NObject).id === 'string' && 'type' in (v as object)) {
          this.countRead(v as NObject);
        }
      }
    }
  }

  async importObject(o: NObject): Promise<Link | undefined> {
    await this.importObjects([o]);
    return this.ctx.links.get(o.id);
  }

  /** Whether `o` needs writing (its hash, else undefined); counts it as read. */
  private check(o: NObject, count: boolean): string | undefined {
    if (count) this.countRead(o);
    const hash = contentHash(o);
    const link = this.ctx.links.get(o.id);
    // One id, two different objects in one run (the spec examples' location/0): the first one counts.
    const seen = this.runHashes.get(o.id);
    if (seen !== undefined && seen !== hash) {
      this.report.defect(
        o.id,
        'id_conflict',
        'dieselbe id steht für Objekte verschiedenen Inhalts',
        'erste Fassung behalten',
      );
      return undefined;
    }
    this.runHashes.set(o.id, hash);
    if (link && link.hash === hash) {
      this.report.progress.unchanged++;
      return undefined;
    }
    if (this.inProgress.has(o.id)) return undefined;
    return hash;
  }

  /**
   * Objects of one list page (or one object): tombstones one by one; the others prepared (referenced
   * objects written first, file contents fetched), then written together in ONE transaction. If that
   * fails, each is written again in a transaction of its own, so a failing object leaves nothing
   * behind and the others are kept.
   */
  private async importObjects(list: NObject[], count = true, pipelined = false) {
    const todo: { o: NObject; hash: string }[] = [];
    // An object also on the page being written (pages overlapping) is checked against its result.
    if (list.some((o) => this.writing.has(o.id))) await this.settle();
    for (const o of list) {
      if (o.deleted) {
        await this.tombstone(o);
        continue;
      }
      const hash = this.check(o, count);
      if (hash === undefined || todo.some((t) => t.o.id === o.id)) continue;
      todo.push({ o, hash });
    }
    if (!todo.length) return;
    const batch = { ids: new Map(todo.map((t, index) => [t.o.id, { o: t.o, index }])), current: -1 };
    this.batches.push(batch);
    let written = false;
    try {
      const ready: { o: NObject; hash: string }[] = [];
      for (const [index, t] of todo.entries()) {
        if (!batch.ids.has(t.o.id)) continue; // written on its own already (another object needed it)
        batch.current = index;
        this.inProgress.add(t.o.id);
        try {
          await this.prepare(t.o);
          ready.push(t);
        } catch (error) {
          this.failed(t.o, error);
        }
      }
      batch.current = todo.length;
      const write = ready.filter((t) => batch.ids.has(t.o.id));
      await this.fetchFiles(write.map((t) => t.o));
      const previous = this.inflight;
      for (const t of write) this.writing.add(t.o.id);
      const done = (async () => {
        await previous;
        try {
          await this.writeAll(write);
        } finally {
          for (const t of todo) {
            this.writing.delete(t.o.id);
            this.inProgress.delete(t.o.id);
            this.releaseFiles(t.o);
          }
        }
      })();
      // Handled here, thrown where it is awaited: by settle(), the next page's write or right now.
      done.catch(() => undefined);
      this.inflight = done;
      written = true;
      // Pages waiting to be written are bounded (memory: their objects and file contents).
      if (!pipelined) await done;
      else {
        this.queued.push(done);
        while (this.queued.length > PAGES_QUEUED) await this.queued.shift();
      }
    } finally {
      this.batches.pop();
      if (!written) {
        for (const t of todo) {
          this.inProgress.delete(t.o.id);
          this.releaseFiles(t.o);
        }
      }
    }
  }

  /** Objects prepared together: one transaction, or, if that fails, one each. */
  private async writeAll(write: { o: NObject; hash: string }[]) {
    if (write.length > 1) {
      try {
        const { written } = await withTransaction(this.db, this.ctx, async (tx) => {
          for (const t of write) await this.write(tx, t.o, t.hash);
        });
        this.merge(written);
        return;
      } catch {
        // One of them failed: all rolled back (with the defects found while writing, which a
        // transaction tells only when it commits); the caches that learnt of the page's rows forget
        // them, and each object is written on its own below.
        await this.forgetUncommitted();
      }
    }
    for (const t of write) {
      try {
        const { written } = await withTransaction(this.db, this.ctx, (tx) => this.write(tx, t.o, t.hash));
        this.merge(written);
      } catch (error) {
        this.failed(t.o, error);
        await this.forgetUncommitted();
      }
    }
  }

  /**
   * Drops the fetched contents of the object's files that are stored now. A file whose object failed keeps
   * its content: another object may share it (the same attachment on two meetings) and store it later.
   */
  private releaseFiles(o: NObject) {
    for (const f of this.filesOf(o)) {
      if (this.ctx.links.get(f.id)?.hash === contentHash(f)) this.ctx.fileContents.delete(f.id);
    }
  }

  private failed(o: NObject, error: unknown) {
    this.report.progress.failed++;
    this.report.defect(
      o.id,
      'write_failed',
      `nicht speicherbar: ${describeWriteError(error)}`,
      'Objekt übersprungen, Import fortgesetzt',
    );
  }

  /** After a rolled-back page: caches filled during it are read again from the database. */
  private async forgetUncommitted() {
    this.ctx.papers = undefined;
    this.ctx.roomLocations.clear();
    this.ctx.organizations.clear();
    await this.loadOrganizations();
  }

  private write(tx: Tx, o: NObject, hash: string): Promise<unknown> {
    switch (o.type) {
      case 'Organization':
        return writeOrganization(tx, o, hash);
      case 'Person':
        return writePerson(tx, o, hash);
      case 'Location':
        return writeLocation(tx, o, hash, null);
      case 'Meeting':
        return writeMeeting(tx, o, hash);
      case 'Paper':
        return writePaper(tx, o, hash);
      case 'LegislativeTerm':
        return writeTerm(tx, o, hash, null);
      case 'Membership': {
        const personId = tx.get(ref(o.person))?.id;
        if (personId === undefined) {
          tx.defect(o.id, 'reference_missing', 'Mitgliedschaft ohne auffindbare Person', 'übersprungen');
          return Promise.resolve(undefined);
        }
        return writeMembership(tx, o, personId, ref(o.person) ?? null);
      }
      default:
        return Promise.resolve(undefined);
    }
  }

  private async tombstone(o: NObject): Promise<undefined> {
    await this.settle();
    const link = this.ctx.links.get(o.id);
    if (!link) return undefined;
    try {
      const { written } = await withTransaction(this.db, this.ctx, (tx) => deleteLocal(tx, o.id, link));
      this.merge(written);
    } catch (error) {
      this.report.progress.failed++;
      this.report.defect(o.id, 'delete_failed', `Löschen fehlgeschlagen: ${describeWriteError(error)}`, 'übersprungen');
    }
    return undefined;
  }

  /** An object referenced by id: known, or fetched and written now. */
  private async need(url: string | undefined, type: OparlType): Promise<Link | undefined> {
    if (!url) return undefined;
    if (this.writing.has(url)) await this.settle();
    const known = this.ctx.links.get(url);
    if (known) return known;
    // On a page being imported: an object before this one on the same page is written before it in the
    // same transaction; any other (later on the page, or on a page whose import led here) is written
    // now, on its own, unless it is the very object being prepared there (a cycle).
    for (const [depth, batch] of this.batches.entries()) {
      const entry = batch.ids.get(url);
      if (!entry) continue;
      const innermost = depth === this.batches.length - 1;
      if (entry.index === batch.current || (innermost && entry.index < batch.current)) return undefined;
      batch.ids.delete(url);
      this.inProgress.delete(url);
      await this.importObjects([entry.o], false);
      return this.ctx.links.get(url);
    }
    if (this.unreachable.has(url) || this.inProgress.has(url)) return undefined;
    let raw: unknown;
    try {
      raw = await this.http.json(url);
    } catch (error) {
      this.unreachable.add(url);
      this.report.defect(
        url,
        'reference_unreachable',
        `verlinkt (${type}), aber nicht abrufbar (${message(error)})`,
        'Verweis ignoriert',
      );
      return undefined;
    }
    const o = normalize(this.n, raw, type);
    if (!o) {
      this.unreachable.add(url);
      return undefined;
    }
    if (o.deleted) {
      this.unreachable.add(url);
      this.report.defect(url, 'reference_deleted', `verlinkt (${type}), aber gelöscht`, 'Verweis ignoriert');
      return undefined;
    }
    if (this.listsDone.has(type)) {
      this.report.defect(
        o.id,
        'missing_from_list',
        `${type} ist verlinkt, fehlt aber in der Liste`,
        'einzeln abgerufen und übernommen',
      );
    }
    if (type === 'AgendaItem' || type === 'Consultation' || type === 'File') {
      // Embedded objects: their parent brings them.
      const parent = type === 'AgendaItem' ? ref(o.meeting) : type === 'Consultation' ? ref(o.paper) : undefined;
      if (parent) await this.need(parent, type === 'AgendaItem' ? 'Meeting' : 'Paper');
      return this.ctx.links.get(url) ?? this.ctx.links.get(o.id);
    }
    await this.importObject(o);
    const link = this.ctx.links.get(o.id);
    if (link && o.id !== url) this.ctx.links.set(url, link);
    return link;
  }

  private filesOf(o: NObject): NObject[] {
    const list: NObject[] = [];
    if (o.type === 'Meeting') {
      if (!fromRatsinfo(o)) {
        for (const k of ['invitation', 'resultsProtocol', 'verbatimProtocol', 'auxiliaryFile'])
          list.push(...embedded(o, k));
      }
      for (const i of embedded(o, 'agendaItem')) {
        list.push(...embedded(i, 'auxiliaryFile'));
        if (!fromRatsinfo(i)) list.push(...embedded(i, 'resolutionFile'));
      }
    } else if (o.type === 'Paper') {
      list.push(...embedded(o, 'mainFile'), ...embedded(o, 'auxiliaryFile'));
    }
    return list;
  }

  /** Before the transaction: referenced objects written, file contents fetched. */
  private async prepare(o: NObject) {
    const need = (value: unknown, type: OparlType) => this.need(ref(value), type);
    switch (o.type) {
      case 'Organization':
        if (ref(o.subOrganizationOf) !== o.id) await need(o.subOrganizationOf, 'Organization');
        break;
      case 'Person':
      case 'Membership': {
        const list = o.type === 'Person' ? embedded(o, 'membership') : [o];
        if (o.type === 'Membership') await need(o.person, 'Person');
        for (const m of list) {
          await need(m.organization, 'Organization');
          await need(m.onBehalfOf, 'Organization');
          await need(m['ratsinfo:legislativeTerm'], 'LegislativeTerm');
          if (ref(m['ratsinfo:deputyOf']) !== o.id) await need(m['ratsinfo:deputyOf'], 'Person');
        }
        break;
      }
      case 'Meeting': {
        for (const r of refs(o, 'organization')) await this.need(r, 'Organization');
        if (typeof o.location === 'string') await this.need(o.location, 'Location');
        else if (o.location && typeof o.location === 'object') await this.importObject(o.location as NObject);
        for (const p of refs(o, 'participant')) await this.need(p, 'Person');
        for (const a of Array.isArray(o['ratsinfo:attendance']) ? (o['ratsinfo:attendance'] as Json[]) : []) {
          await need(a.person, 'Person');
          await need(a.substituteFor, 'Person');
        }
        for (const i of embedded(o, 'agendaItem')) {
          for (const v of Array.isArray(i['ratsinfo:votes']) ? (i['ratsinfo:votes'] as Json[]) : []) {
            for (const f of Array.isArray(v.byFaction) ? (v.byFaction as Json[]) : [])
              await need(f.organization, 'Organization');
            for (const b of Array.isArray(v.ballots) ? (v.ballots as Json[]) : []) await need(b.person, 'Person');
          }
          for (const c of Array.isArray(i['ratsinfo:conflictsOfInterest'])
            ? (i['ratsinfo:conflictsOfInterest'] as Json[])
            : []) {
            await need(c.person, 'Person');
          }
        }
        break;
      }
      case 'Paper': {
        for (const r of refs(o, 'underDirectionOf')) await this.need(r, 'Organization');
        for (const r of refs(o, 'originatorOrganization')) await this.need(r, 'Organization');
        for (const c of embedded(o, 'consultation')) {
          for (const r of refs(c, 'organization')) await this.need(r, 'Organization');
          const item = ref(c.agendaItem);
          // Before the meeting list the item is awaited (store.ts, itemsAwaited): its meeting comes there.
          if (item && !this.ctx.links.has(item) && this.listsDone.has('Meeting')) {
            if (ref(c.meeting)) await need(c.meeting, 'Meeting');
            if (!this.ctx.links.has(item)) await this.need(item, 'AgendaItem');
          }
        }
        break;
      }
    }
  }

  /** The contents of the objects' new or changed files, FILE_DOWNLOADS at a time (within the rate limit). */
  private async fetchFiles(objects: NObject[]) {
    if (this.ctx.noFiles) return;
    const queue = objects.flatMap((o) => this.filesOf(o));
    const worker = async () => {
      for (let f = queue.shift(); f; f = queue.shift()) await this.fetchFile(f);
    };
    await Promise.all(Array.from({ length: FILE_DOWNLOADS }, worker));
  }

  private async fetchFile(f: NObject) {
    const limit = this.options.fileLimit ?? 50 * 1024 * 1024;
    const link = this.ctx.links.get(f.id);
    if ((link && link.hash === contentHash(f)) || this.ctx.fileContents.has(f.id)) return;
    const url = str(f, 'downloadUrl') ?? str(f, 'accessUrl');
    if (!url) {
      this.report.defect(f.id, 'file_without_url', 'Datei ohne accessUrl', 'nur Metadaten übernommen');
      return;
    }
    const result = await this.http.bytes(url, limit);
    if ('problem' in result) {
      this.report.defect(
        f.id,
        'file_download_failed',
        `Inhalt nicht abrufbar (${result.problem})`,
        'nur Metadaten übernommen',
      );
      return;
    }
    const content: FileContent = { content: result.content, mimeType: result.mimeType };
    this.ctx.fileContents.set(f.id, content);
  }
}

function describeWriteError(error: unknown): string {
  if (error instanceof DomainError) return error.message;
  const cause = (error as { cause?: { message?: string; code?: string } })?.cause;
  return cause?.message ?? message(error);
}

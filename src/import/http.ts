/**
 * The importer's HTTP client: GET with a per-request timeout, retries with exponential backoff and jitter
 * on network errors, 5xx and 429 (honouring Retry-After), and a polite rate limit (requests per second,
 * spaced evenly). gzip/deflate/br are decoded by fetch itself.
 */

export interface HttpOptions {
  /** Requests per second (default 4). */
  rate?: number;
  /** Per-request timeout in ms (default 30 s). */
  timeoutMs?: number;
  /** Attempts per request (default 5). */
  attempts?: number;
  /** First backoff in ms (default 250); doubled per attempt, with jitter. */
  backoffMs?: number;
  /** Upper bound of one wait, also for Retry-After (default 60 s). */
  maxWaitMs?: number;
}

export class HttpError extends Error {
  constructor(
    readonly url: string,
    readonly status: number | undefined,
    message: string,
  ) {
    super(message);
  }
}

export interface HttpStats {
  requests: number;
  retries: number;
  bytes: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Seconds or an HTTP date, as ms from now; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string; name?: string } })?.cause;
  const code = cause?.code ?? (error as { code?: string })?.code;
  if (code === 'ECONNREFUSED') return 'Verbindung abgelehnt';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'Rechner nicht gefunden';
  if (code === 'ECONNRESET') return 'Verbindung abgebrochen';
  const names = [(error as { name?: string })?.name, (cause as { name?: string } | undefined)?.name];
  if (names.includes('TimeoutError')) return 'Zeitüberschreitung';
  return cause?.message ?? (error instanceof Error ? error.message : String(error));
}

export class HttpClient {
  readonly stats: HttpStats = { requests: 0, retries: 0, bytes: 0 };
  private readonly interval: number;
  private next = 0;
  private readonly timeoutMs: number;
  private readonly attempts: number;
  private readonly backoffMs: number;
  private readonly maxWaitMs: number;

  constructor(options: HttpOptions = {}) {
    const rate = options.rate ?? 4;
    this.interval = rate > 0 && Number.isFinite(rate) ? 1000 / rate : 0;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.attempts = Math.max(1, options.attempts ?? 5);
    this.backoffMs = options.backoffMs ?? 250;
    this.maxWaitMs = options.maxWaitMs ?? 60_000;
  }

  /** Waits for the next slot of the rate limit. */
  private async slot() {
    if (this.interval === 0) return;
    const now = Date.now();
    const at = Math.max(now, this.next);
    this.next = at + this.interval;
    if (at > now) await sleep(at - now);
  }

  private backoff(attempt: number, retryAfter?: number) {
    if (retryAfter !== undefined) return Math.min(this.maxWaitMs, retryAfter);
    const base = this.backoffMs * 2 ** attempt;
    return Math.min(this.maxWaitMs, base / 2 + Math.random() * (base / 2));
  }

  /** GET with retries; resolves with the response of the last attempt (2xx or a final 4xx). */
  async get(url: string, accept = 'application/json'): Promise<Response> {
    let lastProblem = '';
    for (let attempt = 0; attempt < this.attempts; attempt++) {
      await this.slot();
      this.stats.requests++;
      let response: Response;
      try {
        response = await fetch(url, {
          headers: { accept, 'accept-encoding': 'gzip, deflate', 'user-agent': 'Ratsinfo-OParl-Import/1' },
          signal: AbortSignal.timeout(this.timeoutMs),
          redirect: 'follow',
        });
      } catch (error) {
        lastProblem = describeNetworkError(error);
        if (attempt + 1 < this.attempts) {
          this.stats.retries++;
          await sleep(this.backoff(attempt));
        }
        continue;
      }
      if (response.status === 429 || response.status >= 500) {
        lastProblem = `HTTP ${response.status}`;
        const wait = this.backoff(attempt, retryAfterMs(response.headers.get('retry-after')));
        await response.body?.cancel().catch(() => {});
        if (attempt + 1 < this.attempts) {
          this.stats.retries++;
          await sleep(wait);
        }
        continue;
      }
      return response;
    }
    throw new HttpError(url, undefined, `${url}: ${lastProblem} (nach ${this.attempts} Versuchen)`);
  }

  /** GET a JSON document; throws HttpError on a final non-2xx answer or unreadable JSON. */
  async json(url: string): Promise<unknown> {
    const response = await this.get(url);
    const body = await response.text();
    this.stats.bytes += body.length;
    if (!response.ok) throw new HttpError(url, response.status, `${url}: HTTP ${response.status}`);
    try {
      return JSON.parse(body);
    } catch {
      throw new HttpError(url, response.status, `${url}: die Antwort ist kein JSON`);
    }
  }

  /** GET binary content up to `limit` bytes; undefined with a reason when too large or failing. */
  async bytes(url: string, limit: number): Promise<{ content: Uint8Array; mimeType?: string } | { problem: string }> {
    let response: Response;
    try {
      response = await this.get(url, '*/*');
    } catch (error) {
      return { problem: error instanceof Error ? error.message : String(error) };
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => {});
      return { problem: `HTTP ${response.status}` };
    }
    const declared = Number(response.headers.get('content-length') ?? Number.NaN);
    if (declared > limit) {
      await response.body?.cancel().catch(() => {});
      return { problem: `größer als ${limit} Bytes` };
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = response.body?.getReader();
    if (reader) {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > limit) {
          await reader.cancel().catch(() => {});
          return { problem: `größer als ${limit} Bytes` };
        }
        chunks.push(value);
      }
    }
    this.stats.bytes += size;
    const content = new Uint8Array(size);
    let offset = 0;
    for (const c of chunks) {
      content.set(c, offset);
      offset += c.byteLength;
    }
    const type = response.headers.get('content-type')?.split(';')[0]?.trim();
    return type ? { content, mimeType: type } : { content };
  }
}

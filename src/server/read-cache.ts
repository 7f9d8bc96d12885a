// Repeat reads of an unchanged record. Every change to the record appends an audit event and moves the audit head
// (store/repositories/audit.ts), on whichever server made it. A read-only route listed below answers with an ETag
// made of the audit head and of what decides its body (the URL with its query, the caller's role, a liaison's party),
// answers If-None-Match with 304, and keeps its serialised 200 responses in a small per-process cache under the same
// key: a repeated page costs one audit-head query (shared by requests that arrive together, see HeadReader). Each
// request's head is read after it arrives, so nothing computed before a change made on any server is ever served,
// and a response computed for one role is never given to another.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Store } from '../store/connect.ts';
import { auditHeadOf } from '../store/repositories/audit.ts';

/**
 * Routes whose 200 body depends only on the record (audited), the URL and the caller's role (and a liaison's party).
 * Not here: anything reading the clock (compliance "as of now", the overview), sessions or tokens (not audited),
 * health and status checks, and routes whose body depends on the user beyond role and party.
 */
export const CACHED_READS: ReadonlySet<string> = new Set([
  '/api/incidents',
  '/api/incidents/:id',
  '/api/agreements',
  '/api/agreements/:id',
  '/api/sources',
  '/api/series',
  '/api/series/:id/points',
  '/api/audit/:entity/:id',
  '/api/releases',
  '/api/releases/:number',
]);

export interface ReadCacheOptions {
  /** Most responses kept (default 1000). */
  entries?: number;
  /** Most bytes of bodies kept (default 32 MB); a body over a sixteenth of it is not kept. */
  bytes?: number;
}

interface Kept {
  key: string;
  head: string;
  etag: string;
  /** The body as sent: a Buffer, so a hit costs no UTF-8 encoding. */
  body: Buffer;
  /** The body gzipped, made the first time a client that accepts gzip gets it from the cache (a page asked once is never compressed). */
  gzip: Buffer | null;
  headers: Record<string, string>;
}

/** The ETag of the gzipped form: another representation, so another strong ETag (RFC 9110 8.8.3). */
const gzipTag = (etag: string) => `${etag.slice(0, -1)}-gz"`;
const acceptsGzip = (req: FastifyRequest) => /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');

/** Headers of a kept response given again with it (the ones a route sets, e.g. x-truce-release). */
const KEPT_HEADERS = ['content-type', 'x-truce-release'];

declare module 'fastify' {
  interface FastifyRequest {
    /** Set on a cached route's request whose response is to be kept (see onSend below). */
    readCacheSlot: { key: string; head: string; etag: string } | null;
  }
}

/**
 * Whether an If-None-Match header names this body, in either encoding, weak or strong alike (RFC 9110 compares them
 * weakly for GET): a client that got the gzipped form sends that ETag back.
 */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const gz = gzipTag(etag);
  return ifNoneMatch.split(',').some((t) => {
    const tag = t.trim().replace(/^W\//, '');
    return tag === etag || tag === gz;
  });
}

export class ReadCache {
  private readonly kept = new Map<string, Kept>();
  private bytes = 0;
  /** The audit head the kept responses were computed at; a newer head empties the cache. */
  private head: string | null = null;
  private readonly maxEntries: number;
  private readonly maxBytes: number;

  constructor(options: ReadCacheOptions = {}) {
    this.maxEntries = options.entries ?? 1000;
    this.maxBytes = options.bytes ?? 32 * 1024 * 1024;
  }

  get size(): number {
    return this.kept.size;
  }

  /** Sees the current head: responses computed at another one are dropped. */
  observe(head: string): void {
    if (head === this.head) return;
    this.head = head;
    this.kept.clear();
    this.bytes = 0;
  }

  get(key: string, head: string): Kept | undefined {
    const k = this.kept.get(key);
    if (!k || k.head !== head) return undefined;
    this.kept.delete(key); // most recently used last
    this.kept.set(key, k);
    return k;
  }

  put(k: Kept): void {
    const key = k.key;
    // A response computed at a head that is no longer the newest seen is not kept (a change landed meanwhile).
    if (k.head !== this.head || k.body.length > this.maxBytes / 16) return;
    const old = this.kept.get(key);
    if (old) {
      this.bytes -= old.body.length + (old.gzip?.length ?? 0);
      this.kept.delete(key);
    }
    this.kept.set(key, k);
    this.bytes += k.body.length;
    this.trim();
  }

  /** The gzipped body of a kept response, compressed on first use. */
  gzipped(k: Kept): Buffer {
    if (!k.gzip) {
      k.gzip = gzipSync(k.body);
      if (this.kept.get(k.key) === k) {
        this.bytes += k.gzip.length;
        this.trim();
      }
    }
    return k.gzip;
  }

  private trim(): void {
    while (this.kept.size > this.maxEntries || this.bytes > this.maxBytes) {
      const [oldest, v] = this.kept.entries().next().value!;
      this.kept.delete(oldest);
      this.bytes -= v.body.length + (v.gzip?.length ?? 0);
    }
  }
}

/**
 * Reads the audit head for many concurrent requests with few queries, without ever answering a request with a head
 * read before it arrived: a request that comes while a read is running waits for the next one, which starts when
 * the running one ends and serves every request that came meanwhile. Under load a few requests share each query
 * (on PostgreSQL a round trip costs more CPU in the driver than the rest of a cached answer).
 */
export class HeadReader {
  private running: Promise<string> | null = null;
  private queued: Promise<string> | null = null;
  constructor(private readonly store: Store) {}

  read(): Promise<string> {
    if (!this.running) return this.start();
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = null;
        return this.start();
      });
    return this.queued;
  }

  private start(): Promise<string> {
    const p: Promise<string> = (this.store.readAuditHead ? this.store.readAuditHead() : auditHeadOf(this.store.db))
      .then((h) => h.hash)
      .finally(() => {
        if (this.running === p) this.running = null;
      });
    this.running = p;
    return p;
  }
}

/** What decides a cached route's body besides the record: the caller's role (and a liaison's party) and the URL. */
function keyOf(req: FastifyRequest): string {
  const p = req.principal;
  const party = p.user?.role === 'liaison' ? (p.user.partyId ?? '') : '';
  return `${p.role}\u0000${party}\u0000${req.url}`;
}

/** Installs the hooks; call before the routes are registered. Returns the cache (tests look at its size). */
export function enableReadCache(app: FastifyInstance, store: Store, options: ReadCacheOptions = {}): ReadCache {
  const cache = new ReadCache(options);
  const heads = new HeadReader(store);
  app.decorateRequest('readCacheSlot', null);

  // After access (onRequest) and validation: the caller is known and the query is one the route accepts.
  app.addHook('preHandler', async (req: FastifyRequest, reply: FastifyReply) => {
    const route = req.routeOptions.url;
    if (req.method !== 'GET' || route === undefined || !CACHED_READS.has(route)) return;
    const head = await heads.read();
    cache.observe(head);
    const key = keyOf(req);
    const hit = cache.get(key, head);
    const etag = hit?.etag ?? `"${createHash('sha256').update(head).update('\u0000').update(key).digest('base64url').slice(0, 32)}"`;
    // Only a kept body is sent gzipped (compressed once, sent many times); a page computed now is sent as it is.
    const gzip = hit !== undefined && acceptsGzip(req);
    // The body differs with the credentials sent: no shared cache may keep it, and the browser asks again each time.
    reply.header('etag', gzip ? gzipTag(etag) : etag).header('cache-control', 'private, no-cache').header('vary', 'authorization, cookie, accept-encoding');
    if (matches(req.headers['if-none-match'], etag)) return reply.code(304).send();
    if (hit) {
      for (const [name, value] of Object.entries(hit.headers)) reply.header(name, value);
      if (gzip) return reply.header('content-encoding', 'gzip').send(cache.gzipped(hit));
      return reply.send(hit.body);
    }
    req.readCacheSlot = { key, head, etag };
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const slot = req.readCacheSlot;
    if (slot && reply.statusCode === 200 && typeof payload === 'string') {
      const headers: Record<string, string> = {};
      for (const name of KEPT_HEADERS) {
        const v = reply.getHeader(name);
        if (v !== undefined) headers[name] = String(v);
      }
      const body = Buffer.from(payload);
      cache.put({ key: slot.key, head: slot.head, etag: slot.etag, body, gzip: null, headers });
      // Sent as these bytes: the string is not measured and encoded a second time on its way out.
      return body;
    }
    return payload;
  });
  return cache;
}

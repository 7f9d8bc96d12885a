// Reading reports from files: plain text, Markdown, HTML (article text only), RSS/Atom feeds (each item a
// document) and JSON Lines of {url, title, published, text}. Folders are walked recursively. A file that cannot be
// read yields a failure naming the file (and line) and the reason; the caller goes on with the rest.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { Readability } from '@mozilla/readability';
import { XMLParser } from 'fast-xml-parser';
import { parseHTML } from 'linkedom';

/** One report as read from a file, before it is stored. */
export interface ReadDocument {
  /** Where it came from: the file, and the item or line within it. */
  origin: string;
  text: string;
  title: string | null;
  url: string | null;
  publisher: string | null;
  /** ISO 8601 (a day or a time) when the file says; null otherwise. */
  publishedAt: string | null;
  language: string | null;
}

export interface ReadFailure {
  origin: string;
  reason: string;
}

export type ReadResult = { ok: true; document: ReadDocument } | { ok: false; failure: ReadFailure };

const TEXT_EXT = new Set(['.txt', '.text']);
const MARKDOWN_EXT = new Set(['.md', '.markdown']);
const HTML_EXT = new Set(['.html', '.htm', '.xhtml']);
const FEED_EXT = new Set(['.rss', '.atom', '.xml']);
const JSONL_EXT = new Set(['.jsonl', '.ndjson']);

export const READABLE_EXTENSIONS = [...TEXT_EXT, ...MARKDOWN_EXT, ...HTML_EXT, ...FEED_EXT, ...JSONL_EXT];

/** A file or folder's files, recursively, in a stable order; hidden files and folders are skipped. */
export function listFiles(path: string): { files: string[]; failures: ReadFailure[] } {
  const files: string[] = [];
  const failures: ReadFailure[] = [];
  const walk = (p: string, depth: number) => {
    let st;
    try {
      st = statSync(p);
    } catch (err) {
      failures.push({ origin: p, reason: (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : (err as Error).message });
      return;
    }
    if (st.isDirectory()) {
      if (depth > 32) {
        failures.push({ origin: p, reason: 'folders nested more than 32 deep are not followed' });
        return;
      }
      let names: string[];
      try {
        names = readdirSync(p).sort();
      } catch (err) {
        failures.push({ origin: p, reason: `cannot list the folder: ${(err as Error).message}` });
        return;
      }
      for (const name of names) if (!name.startsWith('.')) walk(join(p, name), depth + 1);
    } else if (st.isFile()) {
      files.push(p);
    }
  };
  walk(path, 0);
  return { files, failures };
}

/** Reads one file into its documents (a feed or JSON Lines file holds many). Never throws. */
export function readDocumentFile(file: string, root?: string): ReadResult[] {
  const origin = root ? relative(root, file) || file : file;
  const ext = extname(file).toLowerCase();
  if (!READABLE_EXTENSIONS.includes(ext)) {
    return [fail(origin, `not a kind of file Truce reads (${READABLE_EXTENSIONS.join(' ')}); convert it to text or leave it out`)];
  }
  let raw: string;
  try {
    raw = decodeUtf8(readFileSync(file));
  } catch (err) {
    return [fail(origin, (err as Error).message)];
  }
  try {
    if (JSONL_EXT.has(ext)) return readJsonLines(raw, origin);
    if (FEED_EXT.has(ext)) return readFeed(raw, origin);
    const doc = HTML_EXT.has(ext) ? readHtml(raw, origin) : MARKDOWN_EXT.has(ext) ? readMarkdown(raw, origin) : readText(raw, origin);
    return [checked(doc)];
  } catch (err) {
    return [fail(origin, (err as Error).message)];
  }
}

/** Text as it may be stored: no NUL or other control characters (PostgreSQL refuses NUL), Unix line ends. */
export function cleanText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')
    .replace(/\uFEFF/g, '')
    .trim();
}

const MAX_DOCUMENT_CHARS = 2_000_000;

function checked(d: ReadDocument): ReadResult {
  const text = cleanText(d.text);
  if (text.length === 0) return fail(d.origin, 'holds no text to read');
  if (text.length > MAX_DOCUMENT_CHARS) return fail(d.origin, `is ${text.length.toLocaleString('en')} characters long; split it into reports under ${MAX_DOCUMENT_CHARS.toLocaleString('en')}`);
  return { ok: true, document: { ...d, text, title: d.title ? cleanText(d.title).replace(/\s+/g, ' ') || null : null } };
}

const fail = (origin: string, reason: string): ReadResult => ({ ok: false, failure: { origin, reason } });

function decodeUtf8(bytes: Buffer): string {
  if (bytes.includes(0) && bytes.indexOf(0) < 8000) throw new Error('is a binary file, not text');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Error('is not UTF-8 text; save it as UTF-8 and ingest it again');
  }
}

function readText(raw: string, origin: string): ReadDocument {
  // A short first line followed by a blank line reads as a title.
  const m = /^([^\n]{1,200})\n\s*\n/.exec(raw.replace(/\r\n?/g, '\n'));
  const title = m && !/[.!?]["”']?$/.test(m[1]!.trim()) ? m[1]!.trim() : null;
  return { origin, text: raw, title, url: null, publisher: null, publishedAt: null, language: null };
}

/** Markdown to plain prose: headings, emphasis, links and images reduced to their words; front matter read. */
function readMarkdown(raw: string, origin: string): ReadDocument {
  let body = raw.replace(/\r\n?/g, '\n');
  const meta: Record<string, string> = {};
  const front = /^---\n([\s\S]*?)\n---\n/.exec(body);
  if (front) {
    for (const line of front[1]!.split('\n')) {
      const kv = /^([A-Za-z_]+):\s*(.*)$/.exec(line);
      if (kv) meta[kv[1]!.toLowerCase()] = kv[2]!.replace(/^["']|["']$/g, '').trim();
    }
    body = body.slice(front[0].length);
  }
  const heading = /^#\s+(.+)$/m.exec(body);
  const text = body
    .replace(/^```[\s\S]*?^```/gm, '')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/^>\s?/gm, '')
    .replace(/^\s*[-*+]\s+/gm, '')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(\*|_)([^*_\n]+)\1/g, '$2')
    .replace(/`([^`]+)`/g, '$1');
  return {
    origin,
    text,
    title: meta.title ?? heading?.[1]?.trim() ?? null,
    url: meta.url ?? meta.link ?? null,
    publisher: meta.publisher ?? meta.source ?? null,
    publishedAt: isoOrNull(meta.published ?? meta.date),
    language: meta.language ?? meta.lang ?? null,
  };
}

/** An article page: the main text as Readability finds it, metadata from the page's own tags. */
export function readHtml(raw: string, origin: string): ReadDocument {
  const { document } = parseHTML(raw);
  const metaOf = (...names: string[]) => {
    for (const n of names) {
      const el = document.querySelector(`meta[property="${n}"], meta[name="${n}"]`);
      const v = el?.getAttribute('content')?.trim();
      if (v) return v;
    }
    return null;
  };
  const canonical = document.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? null;
  const lang = document.documentElement?.getAttribute('lang') ?? null;
  const meta = {
    title: metaOf('og:title', 'twitter:title'),
    url: metaOf('og:url') ?? canonical,
    publisher: metaOf('og:site_name', 'publisher'),
    published: metaOf('article:published_time', 'datePublished', 'pubdate', 'date', 'dc.date'),
  };
  const pageTitle = document.querySelector('title')?.textContent?.trim() || null;
  let text: string | null = null;
  let title: string | null = null;
  try {
    // Readability changes the document it reads; it gets its own parse.
    const article = new Readability(parseHTML(raw).document as unknown as ConstructorParameters<typeof Readability>[0]).parse();
    if (article?.textContent && article.textContent.trim().length > 0) {
      text = paragraphsOf(article.content ?? '') || article.textContent;
      title = article.title ?? null;
    }
  } catch {
    text = null;
  }
  if (!text) {
    // Not an article page (a fragment, a bare body): take the visible text of its block elements.
    for (const el of document.querySelectorAll('script, style, noscript, nav, header, footer, aside, form')) el.remove();
    text = paragraphsOf(document.body?.innerHTML ?? raw) || (document.body?.textContent ?? '');
  }
  return { origin, text: text ?? '', title: meta.title ?? title ?? pageTitle, url: meta.url, publisher: meta.publisher, publishedAt: isoOrNull(meta.published), language: lang ? lang.slice(0, 35) : null };
}

/** Block elements' text, one paragraph per line, so sentences keep their ends. */
function paragraphsOf(html: string): string {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const blocks = [...document.querySelectorAll('p, h1, h2, h3, h4, h5, h6, li, blockquote, pre, td')];
  const lines = blocks
    .filter((el) => !blocks.some((other) => other !== el && other.contains(el) && other.tagName !== 'TD'))
    .map((el) => (el.textContent ?? '').replace(/\s+/g, ' ').trim())
    .filter((l) => l.length > 0);
  return lines.join('\n\n');
}

function readFeed(raw: string, origin: string): ReadResult[] {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', textNodeName: '#text', processEntities: true, htmlEntities: true });
  let xml: Record<string, any>;
  try {
    xml = parser.parse(raw, true);
  } catch (err) {
    throw new Error(`is not well-formed XML: ${(err as Error).message.split('\n')[0]}`);
  }
  const asList = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  const str = (v: unknown): string | null => {
    if (v === undefined || v === null) return null;
    if (typeof v === 'string' || typeof v === 'number') return String(v);
    if (typeof v === 'object' && '#text' in (v as object)) return String((v as Record<string, unknown>)['#text']);
    return null;
  };
  const prose = (v: unknown) => {
    const s = str(v);
    return s === null ? '' : /<[a-z][^>]*>/i.test(s) ? paragraphsOf(s) : s;
  };
  if (xml.rss?.channel || xml['rdf:RDF']) {
    const channel = xml.rss?.channel ?? xml['rdf:RDF'].channel ?? {};
    const publisher = str(channel.title);
    const items = asList(xml.rss?.channel?.item ?? xml['rdf:RDF']?.item);
    if (items.length === 0) throw new Error('is an RSS feed with no items');
    return items.map((item: Record<string, unknown>, i: number) =>
      checked({
        origin: `${origin} item ${i + 1}`,
        text: [prose(item['content:encoded']) || prose(item.description)].join('\n'),
        title: str(item.title),
        url: str(item.link) ?? str(item.guid),
        publisher,
        publishedAt: isoOrNull(str(item.pubDate) ?? str(item['dc:date'])),
        language: str(channel.language),
      }),
    );
  }
  if (xml.feed) {
    const publisher = str(xml.feed.title);
    const entries = asList(xml.feed.entry);
    if (entries.length === 0) throw new Error('is an Atom feed with no entries');
    return entries.map((e: Record<string, any>, i: number) => {
      const links = asList(e.link);
      const link = links.find((l: any) => !l['@rel'] || l['@rel'] === 'alternate') ?? links[0];
      return checked({
        origin: `${origin} entry ${i + 1}`,
        text: prose(e.content) || prose(e.summary),
        title: str(e.title),
        url: link ? (typeof link === 'string' ? link : (link['@href'] ?? null)) : null,
        publisher,
        publishedAt: isoOrNull(str(e.published) ?? str(e.updated)),
        language: xml.feed['@xml:lang'] ?? null,
      });
    });
  }
  throw new Error('is XML but neither an RSS nor an Atom feed');
}

function readJsonLines(raw: string, origin: string): ReadResult[] {
  const out: ReadResult[] = [];
  const lines = raw.split(/\r?\n/);
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const at = `${origin} line ${i + 1}`;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch (err) {
      out.push(fail(at, `is not valid JSON (${(err as Error).message}); each line must be one object {"url","title","published","text"}`));
      return;
    }
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      out.push(fail(at, 'must be a JSON object {"url","title","published","text"}'));
      return;
    }
    const r = row as Record<string, unknown>;
    if (typeof r.text !== 'string') {
      out.push(fail(at, 'has no "text" string; each line needs the report\'s text'));
      return;
    }
    const opt = (k: string): string | null => (typeof r[k] === 'string' && (r[k] as string).trim() ? (r[k] as string).trim() : null);
    const published = opt('published') ?? opt('publishedAt') ?? opt('date');
    if (published !== null && isoOrNull(published) === null) {
      out.push(fail(at, `"published" ${JSON.stringify(published)} is not a date; write it as YYYY-MM-DD or an ISO 8601 time`));
      return;
    }
    out.push(checked({ origin: at, text: r.text, title: opt('title'), url: opt('url'), publisher: opt('publisher'), publishedAt: isoOrNull(published ?? undefined), language: opt('language') }));
  });
  if (out.length === 0) out.push(fail(origin, 'holds no lines to read'));
  return out;
}

/** A date or time as ISO 8601 (a bare day stays a day), or null when it cannot be read as one. */
export function isoOrNull(v: string | null | undefined): string | null {
  if (!v) return null;
  const s = v.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) {
    const d = new Date(`${s}T00:00:00Z`);
    return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s ? null : s;
  }
  const t = Date.parse(s);
  if (Number.isNaN(t)) return null;
  const year = new Date(t).getUTCFullYear();
  return year < 1900 || year > 2200 ? null : new Date(t).toISOString();
}

/**
 * The language of a text when its script or common words make it plain (Arabic, Hebrew, English, French), else
 * null: better no tag than a wrong one. Ministry bulletins mix Arabic and English; the larger part decides.
 */
export function guessLanguage(text: string): string | null {
  const sample = text.slice(0, 5000);
  const count = (re: RegExp) => (sample.match(re) ?? []).length;
  const letters = count(/\p{L}/gu);
  if (letters === 0) return null;
  if (count(/\p{Script=Arabic}/gu) / letters > 0.5) return 'ar';
  if (count(/\p{Script=Hebrew}/gu) / letters > 0.5) return 'he';
  const words = sample.toLowerCase().match(/\p{L}+/gu) ?? [];
  const share = (set: Set<string>) => words.filter((w) => set.has(w)).length / Math.max(words.length, 1);
  const en = share(EN_WORDS);
  const fr = share(FR_WORDS);
  if (en > 0.08 && en > fr) return 'en';
  if (fr > 0.08) return 'fr';
  return null;
}
const EN_WORDS = new Set(['the', 'of', 'and', 'to', 'in', 'a', 'was', 'were', 'said', 'on', 'by', 'that', 'for', 'with', 'has', 'have', 'is', 'from']);
const FR_WORDS = new Set(['le', 'la', 'les', 'de', 'des', 'et', 'en', 'un', 'une', 'du', 'dans', 'a', 'été', 'par', 'pour', 'sur', 'est', 'selon']);

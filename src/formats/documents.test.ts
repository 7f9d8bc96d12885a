// Reading reports from files: what a user drops into `truce ingest` comes out as text with its metadata, and a
// file that cannot be read is a failure naming it and saying why. Fixtures are our own words.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanText, guessLanguage, isoOrNull, listFiles, readDocumentFile, type ReadResult } from './documents.ts';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'truce-docs-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}
const ok = (r: ReadResult[]) => r.map((x) => {
  assert.ok(x.ok, x.ok ? '' : `${x.failure.origin}: ${x.failure.reason}`);
  return x.document;
});
const failures = (r: ReadResult[]) => r.filter((x) => !x.ok).map((x) => (x.ok ? '' : x.failure.reason));

describe('document readers', () => {
  test('plain text: a short first line followed by a blank line is the title', () => {
    const [d] = ok(readDocumentFile(file('a.txt', 'Crossing reopens\n\nThe crossing reopened on Sunday morning.\r\n')));
    assert.equal(d!.title, 'Crossing reopens');
    assert.match(d!.text, /^Crossing reopens\n\nThe crossing reopened on Sunday morning\.$/);
  });

  test('Markdown: front matter gives title, date and URL; the markup is reduced to its words', () => {
    const [d] = ok(readDocumentFile(file('b.md', '---\ntitle: "Aid convoy"\npublished: 2025-10-21\nurl: https://example.org/aid\n---\n# Aid convoy\n\nA **convoy** of [forty trucks](https://example.org/x) crossed at *Kerem Shalom*.\n')));
    assert.equal(d!.title, 'Aid convoy');
    assert.equal(d!.publishedAt, '2025-10-21');
    assert.equal(d!.url, 'https://example.org/aid');
    assert.match(d!.text, /A convoy of forty trucks crossed at Kerem Shalom\./);
    assert.doesNotMatch(d!.text, /\*|\]\(|https:/);
  });

  test('HTML: the article text without navigation, scripts or footer; metadata from the page', () => {
    const html = `<!doctype html><html lang="en"><head><title>Site | Strike in Bureij</title>
      <meta property="og:title" content="Strike in Bureij"><meta property="og:site_name" content="Example News">
      <meta property="article:published_time" content="2025-10-22T09:30:00Z"><link rel="canonical" href="https://example.org/bureij"></head>
      <body><nav><a href="/">Home</a> <a href="/world">World</a> Subscribe now</nav>
      <article><h1>Strike in Bureij</h1><p>An air strike hit a house in the Bureij camp on Tuesday, killing four people, the civil defence said.</p>
      <p>Residents said the family had returned to the house a week earlier, after the ceasefire took hold across the territory.</p>
      <p>The army did not comment on the strike when asked about it by reporters on Tuesday evening.</p></article>
      <script>trackVisitor()</script><footer>Copyright Example News. All rights reserved.</footer></body></html>`;
    const [d] = ok(readDocumentFile(file('c.html', html)));
    assert.equal(d!.title, 'Strike in Bureij');
    assert.equal(d!.publisher, 'Example News');
    assert.equal(d!.url, 'https://example.org/bureij');
    assert.equal(d!.publishedAt, '2025-10-22T09:30:00.000Z');
    assert.equal(d!.language, 'en');
    assert.match(d!.text, /killing four people/);
    assert.match(d!.text, /reporters on Tuesday evening\./);
    assert.doesNotMatch(d!.text, /Subscribe|trackVisitor|All rights reserved/);
  });

  test('RSS and Atom: each item is a document with its own link and date', () => {
    const rss = ok(readDocumentFile(file('d.rss', `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><language>en</language>
      <item><title>One</title><link>https://example.org/1</link><pubDate>Tue, 21 Oct 2025 10:00:00 GMT</pubDate><description>&lt;p&gt;First report &amp;amp; more.&lt;/p&gt;</description></item>
      <item><title>Two</title><link>https://example.org/2</link><description>Second report.</description></item></channel></rss>`)));
    assert.deepEqual(rss.map((d) => [d.title, d.url, d.publisher]), [['One', 'https://example.org/1', 'Wire'], ['Two', 'https://example.org/2', 'Wire']]);
    assert.equal(rss[0]!.publishedAt, '2025-10-21T10:00:00.000Z');
    assert.equal(rss[0]!.text, 'First report & more.');
    const atom = ok(readDocumentFile(file('e.atom', `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Monitor</title>
      <entry><title>Entry</title><link href="https://example.org/e"/><published>2025-10-23T00:00:00Z</published><content type="html">&lt;p&gt;Entry text.&lt;/p&gt;</content></entry></feed>`)));
    assert.deepEqual([atom[0]!.url, atom[0]!.text, atom[0]!.publisher], ['https://example.org/e', 'Entry text.', 'Monitor']);
  });

  test('JSON Lines: good lines are read, a bad line is a failure naming its line', () => {
    const r = readDocumentFile(file('f.jsonl', [
      JSON.stringify({ url: 'https://example.org/g', title: 'G', published: '2025-10-24', text: 'Good line.' }),
      '{not json',
      JSON.stringify({ title: 'no text' }),
      JSON.stringify({ text: 'Bad date.', published: 'last week' }),
      '',
    ].join('\n')));
    assert.equal(ok(r.filter((x) => x.ok))[0]!.publishedAt, '2025-10-24');
    const bad = r.filter((x) => !x.ok).map((x) => (x.ok ? '' : `${x.failure.origin}: ${x.failure.reason}`));
    assert.equal(bad.length, 3);
    assert.match(bad[0]!, /f\.jsonl line 2: is not valid JSON/);
    assert.match(bad[1]!, /line 3: has no "text"/);
    assert.match(bad[2]!, /line 4: "published" "last week" is not a date/);
  });

  test('files that cannot be read say why: not UTF-8, binary, empty, unknown kind, broken XML', () => {
    assert.match(failures(readDocumentFile(file('latin1.txt', Buffer.from('caf\xe9 au lait', 'latin1'))))[0]!, /not UTF-8 text; save it as UTF-8/);
    assert.match(failures(readDocumentFile(file('image.txt', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1]))))[0]!, /binary file/);
    assert.match(failures(readDocumentFile(file('empty.txt', '  \n')))[0]!, /holds no text/);
    assert.match(failures(readDocumentFile(file('sheet.xlsx', 'x')))[0]!, /not a kind of file Truce reads/);
    assert.match(failures(readDocumentFile(file('broken.xml', '<rss><channel><item>')))[0]!, /not well-formed XML|neither an RSS nor an Atom/);
  });

  test('folders are walked recursively in a stable order, hidden files skipped; a missing path is a failure', () => {
    const root = join(dir, 'tree');
    mkdirSync(join(root, 'b', 'c'), { recursive: true });
    mkdirSync(join(root, '.git'));
    writeFileSync(join(root, 'z.txt'), 'z');
    writeFileSync(join(root, 'b', 'c', 'a.txt'), 'a');
    writeFileSync(join(root, '.git', 'HEAD'), 'ref');
    const { files } = listFiles(root);
    assert.deepEqual(files.map((f) => f.slice(root.length + 1)), [join('b', 'c', 'a.txt'), 'z.txt']);
    assert.match(listFiles(join(dir, 'nope')).failures[0]!.reason, /no such file or folder/);
  });

  test('the language is named when the script or common words make it plain, and left open otherwise', () => {
    assert.equal(guessLanguage('Five people were killed in the strike on the camp, the ministry said.'), 'en');
    assert.equal(guessLanguage('استشهاد خمسة مواطنين في قصف على خان يونس'), 'ar');
    assert.equal(guessLanguage('Cinq personnes ont été tuées dans la frappe sur le camp, selon le ministère de la santé.'), 'fr');
    assert.equal(guessLanguage('12345 --- 678'), null);
    assert.equal(guessLanguage('Xylo quart zembla vort.'), null);
  });

  test('text is cleaned of NUL and control characters (PostgreSQL refuses NUL); dates are checked', () => {
    assert.equal(cleanText('a\u0000b\u0007c\r\nd\uFEFF'), 'abc\nd');
    assert.equal(isoOrNull('2025-02-30'), null);
    assert.equal(isoOrNull('2025-10-21'), '2025-10-21');
    assert.equal(isoOrNull('Tue, 21 Oct 2025 10:00:00 GMT'), '2025-10-21T10:00:00.000Z');
    assert.equal(isoOrNull('99999-01-01'), null);
    assert.equal(isoOrNull('soon'), null);
  });
});

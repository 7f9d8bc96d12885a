// Intake and review over HTTP: paste or upload a report (it becomes a source document and drafts), preview what
// the extractor finds, and work the review queue. The same services as `truce ingest` and `truce review`; who may
// call what is in access.ts. Every change names the version the reviewer saw (stale → 409).
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { invalidInput } from '../../domain/errors.ts';
import { isOneOf } from '../../domain/grade.ts';
import { SOURCE_KINDS, type SourceKind } from '../../domain/source.ts';
import { bundledLexicon } from '../../extract/bundled.ts';
import { extract } from '../../extract/index.ts';
import { isoOrNull, readDocumentFile } from '../../formats/documents.ts';
import type { Store } from '../../store/connect.ts';
import { systemContext } from '../../services/context.ts';
import { ingestDocument, prepareIngest } from '../../services/ingest.ts';
import { accept, edit, grade, merge, publish, reject, reviewItem, reviewQueue, split, verify } from '../../services/review.ts';
import * as S from '../schemas.ts';
import { signedIn } from './auth.ts';

const errors = { 400: { $ref: 'Error#' }, 401: { $ref: 'Error#' }, 403: { $ref: 'Error#' }, 404: { $ref: 'Error#' }, 409: { $ref: 'Error#' } } as const;
const IdParam = S.IdParam;

export const reviewRoutes: FastifyPluginAsyncTypebox<{ store: Store }> = async (app, { store }) => {
  const ctxOf = (p: Parameters<typeof signedIn>[0]) => systemContext(store, signedIn(p).name);
  // Uploads only here (the plugin is scoped to these routes): one file, its size capped below.
  await app.register(multipart, { limits: { files: 1, fileSize: 20 * 1024 * 1024, fields: 10 } });

  app.post(
    '/api/sources',
    { schema: { tags: ['intake'], summary: 'Ingest a pasted report: it becomes a source document and drafts in the review queue', body: S.NewSourceText, response: { 201: S.IngestOutcome, 200: S.IngestOutcome, ...errors } } },
    async (req, reply) => {
      const ctx = ctxOf(req.principal);
      const b = req.body;
      if (b.kind !== undefined && !isOneOf(SOURCE_KINDS, b.kind)) throw invalidInput(`kind "${b.kind}" is not one of ${SOURCE_KINDS.join(', ')}`, 'kind');
      if (b.publishedAt !== undefined && isoOrNull(b.publishedAt) === null) throw invalidInput(`publishedAt "${b.publishedAt}" is not a date; write YYYY-MM-DD or an ISO 8601 time`, 'publishedAt');
      const run = await prepareIngest(ctx, { protected: b.protected ?? false, agreementId: b.agreementId ?? null, kind: b.kind as SourceKind | undefined });
      const outcome = await ingestDocument(ctx, run, {
        origin: 'pasted text',
        text: b.text,
        title: b.title ?? null,
        url: b.url ?? null,
        publisher: b.publisher ?? null,
        publishedAt: isoOrNull(b.publishedAt),
        language: null,
      });
      if (outcome.status === 'failed') throw invalidInput(`the report could not be ingested: ${outcome.reason}`, 'text');
      reply.status(outcome.status === 'new' ? 201 : 200);
      return outcome;
    },
  );

  app.post(
    '/api/sources/file',
    { schema: { tags: ['intake'], summary: 'Ingest an uploaded file (text, Markdown, HTML, RSS/Atom, JSON Lines) as multipart field "file"; fields protected, agreementId', consumes: ['multipart/form-data'], response: { 200: Type.Array(S.IngestOutcome), ...errors } } },
    async (req) => {
      const ctx = ctxOf(req.principal);
      const part = await req.file({ limits: { fileSize: 20 * 1024 * 1024, files: 1 } });
      if (!part) throw invalidInput('send the report as a multipart field named "file"', 'file');
      const bytes = await part.toBuffer();
      if (part.file.truncated) throw invalidInput('the file is larger than 20 MB; split it', 'file');
      const field = (name: string) => {
        const f = part.fields[name] as { value?: unknown } | undefined;
        return typeof f?.value === 'string' ? f.value : undefined;
      };
      const run = await prepareIngest(ctx, { protected: field('protected') === 'true', agreementId: field('agreementId') || null });
      // The reader works from a file's name and bytes: the upload is written to a private temporary file.
      const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
      const { tmpdir } = await import('node:os');
      const { join, basename } = await import('node:path');
      const dir = mkdtempSync(join(tmpdir(), 'truce-upload-'));
      try {
        // Only the base name is kept: a name like ../../etc/passwd cannot leave the temporary folder.
        const name = basename(part.filename || 'upload.txt').replace(/[^\w.-]/g, '_') || 'upload.txt';
        const file = join(dir, name);
        writeFileSync(file, bytes);
        const out = [];
        for (const r of readDocumentFile(file, dir)) {
          out.push(r.ok ? await ingestDocument(ctx, run, r.document) : { origin: r.failure.origin, status: 'failed' as const, reason: r.failure.reason });
        }
        return out;
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  app.post(
    '/api/extract',
    { schema: { tags: ['intake'], summary: 'Preview what the extractor finds in a text, without saving anything', body: S.ExtractBody, response: { 200: S.Extraction, ...errors } } },
    async (req) => {
      const ctx = ctxOf(req.principal);
      const run = await prepareIngest(ctx, { agreementId: req.body.agreementId ?? null });
      return extract(req.body.text.replace(/\u0000/g, ''), bundledLexicon(), { published: req.body.published ?? null, provisions: run.provisions });
    },
  );

  app.get('/api/review', { schema: { tags: ['review'], summary: 'The review queue: draft incidents, then loose draft claims', querystring: S.QueueQuery, response: { 200: Type.Array(S.QueueItem), ...errors } } }, async (req) =>
    reviewQueue(ctxOf(req.principal), { kind: req.query.kind, agreementId: req.query.agreement, limit: req.query.limit }),
  );

  app.get('/api/review/:id', { schema: { tags: ['review'], summary: 'One draft: claims side by side, evidence in context, possible duplicates, history', params: IdParam, response: { 200: S.ReviewItem, ...errors } } }, async (req) =>
    reviewItem(ctxOf(req.principal), req.params.id),
  );

  const step = { params: IdParam, response: { 200: S.Changed, ...errors } };
  app.post('/api/review/:id/accept', { schema: { tags: ['review'], summary: 'Accept a draft (an incident goes to review for a second reviewer)', body: S.ReviewStep, ...step } }, async (req) =>
    accept(ctxOf(req.principal), req.params.id, req.body.version, req.body.reason),
  );
  app.post('/api/review/:id/reject', { schema: { tags: ['review'], summary: 'Reject a draft with a reason (nothing is deleted)', body: S.RejectStep, ...step } }, async (req) =>
    reject(ctxOf(req.principal), req.params.id, req.body.reason, req.body.version),
  );
  app.patch('/api/review/:id', { schema: { tags: ['review'], summary: 'Edit an incident’s fields or a claim’s body (a verified incident goes back to review)', body: S.EditStep, ...step } }, async (req) =>
    edit(ctxOf(req.principal), req.params.id, req.body.fields as Record<string, unknown>, req.body.reason, req.body.version),
  );
  app.post('/api/review/:id/grade', { schema: { tags: ['review'], summary: 'Grade an incident (confirmed, fair, weak, contested, discounted) with a reason', body: S.GradeStep, ...step } }, async (req) =>
    grade(ctxOf(req.principal), req.params.id, req.body.grade, req.body.reason, req.body.version),
  );
  app.post('/api/review/:id/verify', { schema: { tags: ['review'], summary: 'Verify an accepted, graded incident (four eyes: not by who drafted or last changed it)', body: S.ReviewStep, ...step } }, async (req) =>
    verify(ctxOf(req.principal), req.params.id, req.body.reason, req.body.version),
  );
  app.post('/api/review/:id/publish', { schema: { tags: ['review'], summary: 'Publish a verified incident: it enters the next release', body: S.ReviewStep, ...step } }, async (req) =>
    publish(ctxOf(req.principal), req.params.id, req.body.reason, req.body.version),
  );
  app.post('/api/review/:id/merge', { schema: { tags: ['review'], summary: 'Merge a duplicate incident into another', body: S.MergeStep, ...step } }, async (req) =>
    merge(ctxOf(req.principal), req.params.id, req.body.into, req.body.reason, req.body.version),
  );
  app.post(
    '/api/review/:id/split',
    { schema: { tags: ['review'], summary: 'Split claims off an incident into a new draft incident', params: IdParam, body: S.SplitStep, response: { 200: Type.Object({ from: S.Changed, to: S.Changed }), ...errors } } },
    async (req) => split(ctxOf(req.principal), req.params.id, req.body.claims, req.body.reason, req.body.version),
  );
};

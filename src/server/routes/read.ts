// Read endpoints for what the store holds. Staff read the internal record; the public and liaisons read the latest
// release through the presenter (../presenter.ts), so protected sources and drafts never reach them.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { notFound } from '../../domain/errors.ts';
import type { WorkflowStatus } from '../../domain/grade.ts';
import { WORKFLOW_STATUSES, isOneOf } from '../../domain/grade.ts';
import { invalidInput } from '../../domain/errors.ts';
import type { Store } from '../../store/connect.ts';
import { getAgreement, listAgreements } from '../../store/repositories/agreements.ts';
import { historyOf } from '../../store/repositories/audit.ts';
import { getIncident, listIncidents } from '../../store/repositories/incidents.ts';
import { getSeries, listSeries, listSeriesPoints } from '../../store/repositories/series.ts';
import { getSourceDocument, listSourceDocuments } from '../../store/repositories/source-documents.ts';
import { UserError } from '../../domain/errors.ts';
import { mayReadAudit, readsInternal } from '../access.ts';
import { publicHistory, publicIncident, publicIncidentPage, publicSources } from '../presenter.ts';
import { keptComplianceOf } from '../../services/compliance.ts';
import { evidencePage } from '../../services/evidence.ts';
import { storeStatus } from '../../services/status.ts';
import * as S from '../schemas.ts';

const errors = { 400: { $ref: 'Error#' }, 404: { $ref: 'Error#' } } as const;

export const readRoutes: FastifyPluginAsyncTypebox<{ store: Store }> = async (app, { store }) => {
  const db = store.db;

  app.get('/api/health', { schema: { tags: ['system'], summary: 'Liveness and database check', response: { 200: Type.Object({ ok: Type.Boolean(), engine: Type.String() }) } } }, async () => {
    await storeStatus(db);
    return { ok: true, engine: store.engine };
  });

  app.get('/api/status', { schema: { tags: ['system'], summary: 'Counts of everything held', response: { 200: S.Status } } }, async () => ({ database: store.engine, ...(await storeStatus(db)) }));

  app.get('/api/agreements', { schema: { tags: ['agreements'], summary: 'Latest version of every agreement', response: { 200: Type.Array(S.AgreementSummary) } } }, async () => listAgreements(db));

  app.get(
    '/api/agreements/:id',
    { schema: { tags: ['agreements'], summary: 'One agreement with phases and provisions', params: S.IdParam, querystring: Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1 })) }), response: { 200: S.Agreement, ...errors } } },
    async (req) => {
      const a = await getAgreement(db, req.params.id, req.query.version);
      if (!a) throw notFound(`agreement ${req.params.id}${req.query.version ? ` version ${req.query.version}` : ''} is not loaded; see GET /api/agreements`);
      return a;
    },
  );

  app.get(
    '/api/agreements/:id/compliance',
    { schema: { tags: ['agreements'], summary: 'Compliance per provision, party and phase as of a date', params: S.IdParam, querystring: S.AsOfQuery, response: { 200: S.ComplianceReport, ...errors } } },
    async (req, reply) => {
      const kept = await keptComplianceOf(store, req.params.id, req.query.asOf);
      // Sent as kept (megabytes of incident ids at a million incidents), with its freshness added, rather than
      // parsed and serialised again.
      return reply.type('application/json; charset=utf-8').send(`${kept.body.slice(0, -1)},"freshness":${JSON.stringify(kept.freshness)}}`);
    },
  );

  app.get(
    '/api/agreements/:id/compliance/evidence',
    {
      schema: {
        tags: ['agreements'],
        summary: 'Every incident behind one evidence list of a compliance assessment (the report names the latest 100 of each), newest first, a page at a time',
        params: S.IdParam,
        querystring: S.EvidenceQuery,
        response: { 200: S.EvidencePage, ...errors },
      },
    },
    async (req) => evidencePage(store, req.params.id, req.query),
  );

  app.get('/api/incidents', { schema: { tags: ['incidents'], summary: 'Incidents, newest first, filtered and paged', querystring: S.IncidentQuery, response: { 200: S.IncidentPage, ...errors } } }, async (req, reply) => {
    const q = req.query;
    const status = q.status?.split(',').map((s) => s.trim()).filter(Boolean);
    const bad = status?.find((s) => !isOneOf(WORKFLOW_STATUSES, s));
    if (bad) throw invalidInput(`status "${bad}" is not one of ${WORKFLOW_STATUSES.join(', ')}`, 'status');
    if (!readsInternal(req.principal)) {
      const page = await publicIncidentPage(store, q);
      if (page.release !== null) reply.header('x-truce-release', String(page.release));
      return page;
    }
    const bbox = q.bbox?.split(',').map(Number) as [number, number, number, number] | undefined;
    return listIncidents(db, store.engine, {
      agreementId: q.agreement,
      from: q.from,
      to: q.to,
      status: status as WorkflowStatus[] | undefined,
      eventType: q.eventType,
      actor: q.actor,
      grade: q.grade,
      provisionId: q.provision,
      bbox,
      text: q.q,
      after: q.after,
      limit: q.limit,
    });
  });

  app.get('/api/incidents/:id', { schema: { tags: ['incidents'], summary: 'One incident', params: S.IdParam, response: { 200: S.Incident, ...errors } } }, async (req, reply) => {
    if (!readsInternal(req.principal)) {
      const p = await publicIncident(store, req.params.id);
      if (!p) throw notFound(`incident ${req.params.id} is not in the latest release`);
      reply.header('x-truce-release', 'latest');
      return p;
    }
    const i = await getIncident(db, req.params.id);
    if (!i) throw notFound(`incident ${req.params.id} does not exist`);
    return i;
  });

  app.get(
    '/api/sources',
    { schema: { tags: ['sources'], summary: 'Source documents (newest first, or by full-text match); the public sees the public ones of the latest release', querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 500 })), sensitivity: Type.Optional(Type.Union([Type.Literal('public'), Type.Literal('protected')])), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })) }), response: { 200: Type.Array(S.SourceDocumentSummary) } } },
    async (req) =>
      readsInternal(req.principal)
        ? listSourceDocuments(db, store.engine, { text: req.query.q, sensitivity: req.query.sensitivity, limit: req.query.limit })
        : publicSources(store, req.query.q, req.query.limit ?? 50),
  );

  app.get('/api/sources/:id', { schema: { tags: ['sources'], summary: 'One source document with its text (staff only)', params: S.IdParam, response: { 200: S.SourceDocument, ...errors } } }, async (req) => {
    const d = await getSourceDocument(db, req.params.id);
    if (!d) throw notFound(`source document ${req.params.id} does not exist`);
    return d;
  });

  app.get('/api/series', { schema: { tags: ['series'], summary: 'Reported series, one per reporting body and metric', response: { 200: Type.Array(S.Series) } } }, async () => listSeries(db));

  app.get(
    '/api/series/:id/points',
    { schema: { tags: ['series'], summary: "A series' values as reported", params: S.IdParam, querystring: Type.Object({ from: Type.Optional(Type.String()), to: Type.Optional(Type.String()) }), response: { 200: Type.Array(S.SeriesPoint), ...errors } } },
    async (req) => {
      if (!(await getSeries(db, req.params.id))) throw notFound(`series ${req.params.id} does not exist; see GET /api/series`);
      return listSeriesPoints(db, req.params.id, { from: req.query.from, to: req.query.to });
    },
  );

  app.get(
    '/api/audit/:entity/:id',
    { schema: { tags: ['audit'], summary: 'The full change history of one record', params: Type.Object({ entity: Type.String({ pattern: '^[a-z-]{1,40}$' }), id: Type.String({ maxLength: 300 }) }), response: { 200: Type.Array(S.AuditEvent), 403: { $ref: 'Error#' } } } },
    async (req) => {
      if (!mayReadAudit(req.principal, req.params.entity)) throw new UserError('forbidden', `a ${req.principal.role === 'public' ? 'member of the public' : req.principal.role} may not read the history of ${req.params.entity} records`);
      const events = await historyOf(db, req.params.entity, req.params.id);
      return readsInternal(req.principal) ? events : publicHistory(store, req.params.entity, req.params.id, events);
    },
  );
};

// Read endpoints for what the store holds. Protected source documents are never listed here: until users and
// roles exist (the API issue), every caller is treated as the public.
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
import { listSourceDocuments } from '../../store/repositories/source-documents.ts';
import { complianceOf } from '../../services/compliance.ts';
import { storeStatus } from '../../services/status.ts';
import * as S from '../schemas.ts';

// Source documents and claims can name protected sources, so their history is not served until roles exist.
const PUBLIC_AUDIT_ENTITIES = ['agreement', 'geometry', 'incident', 'series', 'series-point', 'actor'] as const;

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
    async (req) => {
      const r = await complianceOf(store, req.params.id, req.query.asOf ?? new Date().toISOString());
      return { ...r.report, version: r.version, incidentsConsidered: r.incidentsConsidered };
    },
  );

  app.get('/api/incidents', { schema: { tags: ['incidents'], summary: 'Incidents, newest first, filtered and paged', querystring: S.IncidentQuery, response: { 200: S.IncidentPage, ...errors } } }, async (req) => {
    const q = req.query;
    const status = q.status?.split(',').map((s) => s.trim()).filter(Boolean);
    const bad = status?.find((s) => !isOneOf(WORKFLOW_STATUSES, s));
    if (bad) throw invalidInput(`status "${bad}" is not one of ${WORKFLOW_STATUSES.join(', ')}`, 'status');
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

  app.get('/api/incidents/:id', { schema: { tags: ['incidents'], summary: 'One incident', params: S.IdParam, response: { 200: S.Incident, ...errors } } }, async (req) => {
    const i = await getIncident(db, req.params.id);
    if (!i) throw notFound(`incident ${req.params.id} does not exist`);
    return i;
  });

  app.get(
    '/api/sources',
    { schema: { tags: ['sources'], summary: 'Public source documents (newest first, or by full-text match)', querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 500 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })) }), response: { 200: Type.Array(S.SourceDocumentSummary) } } },
    async (req) => listSourceDocuments(db, store.engine, { text: req.query.q, sensitivity: 'public', limit: req.query.limit }),
  );

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
    { schema: { tags: ['audit'], summary: 'The full change history of one record', params: Type.Object({ entity: Type.Union(PUBLIC_AUDIT_ENTITIES.map((e) => Type.Literal(e))), id: Type.String({ maxLength: 300 }) }), response: { 200: Type.Array(S.AuditEvent) } } },
    async (req) => historyOf(db, req.params.entity, req.params.id),
  );
};

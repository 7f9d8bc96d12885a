// Agreements as data over HTTP: load one (or an amendment) from its YAML, redraw one of its lines or zones from
// GeoJSON, and the tallies since it began. The same services as `truce agreement load|geometry` and `truce tallies`.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { invalidInput } from '../../domain/errors.ts';
import type { Store } from '../../store/connect.ts';
import { geometryFrom, loadAgreement, redrawGeometry } from '../../services/agreements.ts';
import { agreementToStore } from '../../services/bundled.ts';
import { agreementAsOf } from '../../services/compliance.ts';
import { systemContext } from '../../services/context.ts';
import { talliesOf } from '../../services/tallies.ts';
import * as S from '../schemas.ts';
import { signedIn } from './auth.ts';

const errors = { 400: { $ref: 'Error#' }, 401: { $ref: 'Error#' }, 403: { $ref: 'Error#' }, 404: { $ref: 'Error#' }, 409: { $ref: 'Error#' } } as const;

const NewAgreement = Type.Object({
  yaml: Type.String({ minLength: 1, maxLength: 5_000_000, description: 'the agreement file (see GET /api/docs and `truce schema agreement`)' }),
  amends: Type.Optional(Type.Integer({ minimum: 1, description: 'store it as an amendment of this held version' })),
  why: Type.Optional(Type.String({ maxLength: 2000 })),
});
const LoadedAgreement = Type.Object({ id: Type.String(), status: Type.String({ description: 'stored, or held (the same document was already held)' }), version: Type.Integer() });
const NewGeometry = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200, description: 'the line or zone as the agreement names it' }),
  geojson: Type.Unknown({ description: 'a GeoJSON geometry, Feature, or FeatureCollection of one feature' }),
  validFrom: Type.Optional(Type.String({ maxLength: 40 })),
  why: Type.Optional(Type.String({ maxLength: 2000 })),
});
const StoredGeometry = Type.Object({ agreementId: Type.String(), name: Type.String(), kind: Type.String(), version: Type.Integer(), validFrom: Type.Union([Type.String(), Type.Null()]) });
const TallyReport = Type.Object({ agreementId: Type.String(), since: Type.String(), asOf: Type.String() }, { additionalProperties: true });

export const agreementRoutes: FastifyPluginAsyncTypebox<{ store: Store }> = async (app, { store }) => {
  const ctxOf = (p: Parameters<typeof signedIn>[0]) => systemContext(store, signedIn(p).name);

  app.post('/api/agreements', { schema: { tags: ['agreements'], summary: 'Load an agreement (or an amendment) from its YAML; every problem listed as line: field — message', body: NewAgreement, response: { 201: LoadedAgreement, 200: LoadedAgreement, ...errors } } }, async (req, reply) => {
    const ctx = ctxOf(req.principal);
    const { parseAgreementYaml } = await import('../../formats/agreement-yaml.ts');
    const parsed = parseAgreementYaml(req.body.yaml, 'yaml');
    if (!parsed.ok) {
      const first = parsed.problems[0]!;
      throw invalidInput(`the agreement has ${parsed.problems.length} problem${parsed.problems.length === 1 ? '' : 's'}: ${parsed.problems.map((p) => `line ${p.line}: ${p.field} — ${p.message}`).join('; ')}`, `yaml:${first.line}`);
    }
    const a = parsed.agreement;
    const r = await loadAgreement(ctx, a, agreementToStore(a), { amends: req.body.amends ?? null, why: req.body.why ?? 'loaded over the API', origin: 'the posted YAML' });
    reply.status(r.status === 'stored' ? 201 : 200);
    return { id: a.id, ...r };
  });

  app.post('/api/agreements/:id/geometry', { schema: { tags: ['agreements'], summary: 'Store a new version of one of the agreement’s lines or zones (e.g. the yellow line as redrawn)', params: S.IdParam, body: NewGeometry, response: { 201: StoredGeometry, ...errors } } }, async (req, reply) => {
    const ctx = ctxOf(req.principal);
    const { agreement } = await agreementAsOf(store, req.params.id);
    const stored = await redrawGeometry(ctx, agreement, req.body.name, geometryFrom(req.body.geojson, 'geojson'), { validFrom: req.body.validFrom ?? null, why: req.body.why ?? 'geometry over the API', origin: 'the posted geojson' });
    reply.status(201);
    return stored;
  });

  app.get('/api/agreements/:id/tallies', { schema: { tags: ['agreements'], summary: 'Tallies since the agreement began: each reporting body’s figures beside the sum over verified incidents, never mixed', params: S.IdParam, querystring: S.AsOfQuery, response: { 200: TallyReport, ...errors } } }, async (req) => {
    signedIn(req.principal);
    return talliesOf(store, req.params.id, req.query.asOf ?? new Date().toISOString());
  });
};

// Releases: numbered, citable snapshots of the published record (services/releases.ts).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Store } from '../../store/connect.ts';
import { systemContext } from '../../services/context.ts';
import { createRelease, getRelease, listReleases } from '../../services/releases.ts';
import * as S from '../schemas.ts';

const errors = { 400: { $ref: 'Error#' }, 401: { $ref: 'Error#' }, 403: { $ref: 'Error#' }, 404: { $ref: 'Error#' } } as const;

export const releaseRoutes: FastifyPluginAsyncTypebox<{ store: Store }> = async (app, { store }) => {
  app.get('/api/releases', { schema: { tags: ['releases'], summary: 'Every release, newest first', response: { 200: Type.Array(S.Release) } } }, async () => listReleases(store.db));

  app.get(
    '/api/releases/:number',
    { schema: { tags: ['releases'], summary: 'One release: citable, never changes', params: Type.Object({ number: Type.Integer({ minimum: 1 }) }), response: { 200: S.Release, ...errors } } },
    async (req) => getRelease(store.db, req.params.number),
  );

  app.post('/api/releases', { schema: { tags: ['releases'], summary: 'Freeze the published record as the next release', body: S.NewRelease, response: { 201: S.Release, ...errors } } }, async (req, reply) => {
    reply.status(201);
    return createRelease(systemContext(store, req.principal.user?.name ?? 'public'), req.body.note ?? null);
  });
};

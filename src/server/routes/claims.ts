// Claims: staff list them; analysts and liaisons submit them as drafts for review (services/users.ts submitClaim;
// a liaison only for their own party, and reads only their party's claims and how they were handled).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CLAIM_KINDS, CLAIM_STATUSES, type ClaimKind, type ClaimStatus } from '../../domain/claim.ts';
import { invalidInput } from '../../domain/errors.ts';
import type { Store } from '../../store/connect.ts';
import { systemContext } from '../../services/context.ts';
import { claimsVisibleTo, submitClaim } from '../../services/users.ts';
import * as S from '../schemas.ts';
import { signedIn } from './auth.ts';

const errors = { 400: { $ref: 'Error#' }, 401: { $ref: 'Error#' }, 403: { $ref: 'Error#' }, 404: { $ref: 'Error#' } } as const;

export const claimRoutes: FastifyPluginAsyncTypebox<{ store: Store }> = async (app, { store }) => {
  app.get('/api/claims', { schema: { tags: ['claims'], summary: 'Claims, oldest first (a liaison sees only their party’s)', querystring: S.ClaimQuery, response: { 200: Type.Array(S.Claim), ...errors } } }, async (req) => {
    const user = signedIn(req.principal);
    const q = req.query;
    if (q.kind && !(CLAIM_KINDS as readonly string[]).includes(q.kind)) throw invalidInput(`kind "${q.kind}" is not one of ${CLAIM_KINDS.join(', ')}`, 'kind');
    if (q.status && !(CLAIM_STATUSES as readonly string[]).includes(q.status)) throw invalidInput(`status "${q.status}" is not one of ${CLAIM_STATUSES.join(', ')}`, 'status');
    return claimsVisibleTo(systemContext(store, user.name), user, { kind: q.kind as ClaimKind | undefined, status: q.status as ClaimStatus | undefined, incidentId: q.incident, sourceDocumentId: q.source, limit: q.limit });
  });

  app.post('/api/claims', { schema: { tags: ['claims'], summary: 'Submit a claim (a draft for review)', body: S.NewClaim, response: { 201: S.Claim, ...errors } } }, async (req, reply) => {
    const user = signedIn(req.principal);
    reply.status(201);
    return submitClaim(systemContext(store, user.name), user, req.body);
  });
};

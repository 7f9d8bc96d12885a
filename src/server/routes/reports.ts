// Situation reports over HTTP: GET /api/agreements/:id/report?from&to&format&release. Staff read the internal record
// unless they name a release; the public and liaisons always get a release (the latest, or the one they name), so
// a report never shows them a draft or anything behind a protected source (services/report.ts, services/releases.ts).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Store } from '../../store/connect.ts';
import { CONTENT_TYPES, REPORT_FORMATS, type ReportFormat, fileNameOf, renderSitrep } from '../../report/index.ts';
import { sitrepOf } from '../../services/report.ts';
import { readsInternal } from '../access.ts';
import * as S from '../schemas.ts';

const errors = { 400: { $ref: 'Error#' }, 404: { $ref: 'Error#' } } as const;
const day = (description: string) => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description });

export const reportRoutes: FastifyPluginAsyncTypebox<{ store: Store }> = async (app, { store }) => {
  app.get(
    '/api/agreements/:id/report',
    {
      schema: {
        tags: ['agreements'],
        summary: 'A situation report for one period as Markdown, HTML or PDF',
        description: 'Headline figures by reporting body, incidents with a map, breaches per party and provision, indicators, deadlines, force generation, statements, charts, sources and a methods note. The public gets the latest release (or the one named); staff get the internal record unless they name a release.',
        params: S.IdParam,
        querystring: Type.Object({
          from: day('first day of the period, YYYY-MM-DD'),
          to: day('last day of the period (inclusive), YYYY-MM-DD'),
          format: Type.Optional(Type.Union(REPORT_FORMATS.map((f) => Type.Literal(f)), { default: 'html' })),
          release: Type.Optional(Type.Integer({ minimum: 1, description: 'report on this release instead' })),
        }),
        response: errors,
      },
    },
    async (req, reply) => {
      const q = req.query;
      const format = (q.format ?? 'html') as ReportFormat;
      const release = q.release ?? (readsInternal(req.principal) ? undefined : 'latest');
      const report = await sitrepOf(store, { agreementId: req.params.id, from: q.from, to: q.to, release, now: new Date().toISOString() });
      const body = await renderSitrep(report, format);
      if (report.basis.kind === 'release') reply.header('x-truce-release', String(report.basis.number));
      // The page carries no script and loads nothing; say so to the browser too.
      if (format === 'html') reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
      reply.header('content-disposition', `${format === 'html' ? 'inline' : 'attachment'}; filename="${fileNameOf(report, format)}"`);
      return reply.type(CONTENT_TYPES[format]).send(body);
    },
  );
};

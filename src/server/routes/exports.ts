// Exports over HTTP: GET /api/exports/:format, the same formats as `truce export`. Staff get the internal record;
// the public and liaisons get the latest release (published incidents, protected sources and fields already
// removed). Either way no protected source's identity leaves. The body is streamed as it is written.
import { PassThrough } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { invalidInput } from '../../domain/errors.ts';
import type { WorkflowStatus } from '../../domain/grade.ts';
import { checkExportOptions, EXPORT_FORMATS, type ExportFormat, exportIncidents, exportReleased } from '../../services/export.ts';
import { latestRelease } from '../../services/releases.ts';
import type { Store } from '../../store/connect.ts';
import { getAgreement } from '../../store/repositories/agreements.ts';
import { readsInternal } from '../access.ts';

const errors = { 400: { $ref: 'Error#' }, 401: { $ref: 'Error#' }, 403: { $ref: 'Error#' }, 404: { $ref: 'Error#' } } as const;

const CONTENT_TYPES: Record<ExportFormat, string> = {
  acled: 'text/csv; charset=utf-8',
  ucdp: 'text/csv; charset=utf-8',
  hxl: 'text/csv; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  geojson: 'application/geo+json',
  jsonl: 'application/x-ndjson',
};
const EXTENSIONS: Record<ExportFormat, string> = { acled: 'acled.csv', ucdp: 'ucdp.csv', hxl: 'hxl.csv', csv: 'csv', geojson: 'geojson', jsonl: 'jsonl' };

export const exportRoutes: FastifyPluginAsyncTypebox<{ store: Store }> = async (app, { store }) => {
  app.get(
    '/api/exports/:format',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Incidents as ACLED CSV, UCDP GED CSV, HXL-tagged CSV, GeoJSON, JSON Lines or flat CSV',
        description: 'Staff get the internal record (every status but rejected and merged unless `status` says otherwise); the public and liaisons get the latest release. Protected sources and notes drawn from them are never included.',
        params: Type.Object({ format: Type.Union(EXPORT_FORMATS.map((f) => Type.Literal(f))) }),
        querystring: Type.Object({
          agreement: Type.Optional(Type.String({ maxLength: 100 })),
          from: Type.Optional(Type.String({ maxLength: 10, description: 'first day, YYYY-MM-DD' })),
          to: Type.Optional(Type.String({ maxLength: 10, description: 'last day, YYYY-MM-DD' })),
          status: Type.Optional(Type.String({ maxLength: 200, description: 'comma-separated workflow statuses, e.g. published' })),
        }),
        response: errors,
      },
    },
    async (req, reply) => {
      const format = req.params.format as ExportFormat;
      const q = req.query;
      const options = { agreementId: q.agreement, from: q.from, to: q.to, status: q.status?.split(',').map((s) => s.trim()).filter(Boolean) as WorkflowStatus[] | undefined };
      // Refusals are answered as JSON errors before the first byte of the export is sent.
      checkExportOptions(options);
      if (options.agreementId && !(await getAgreement(store.db, options.agreementId))) throw invalidInput(`no agreement "${options.agreementId}" is held; check the id`, 'agreement');
      const internal = readsInternal(req.principal);
      if (!internal) {
        const latest = await latestRelease(store.db);
        reply.header('x-truce-release', latest ? String(latest.release.number) : 'none');
      }
      const body = new PassThrough();
      const write = (chunk: string) => (body.write(chunk) ? undefined : new Promise<void>((res) => body.once('drain', () => res())));
      (internal ? exportIncidents : exportReleased)(store, format, options, write).then(
        () => body.end(),
        (err: unknown) => body.destroy(err as Error),
      );
      reply.header('content-disposition', `attachment; filename="truce-incidents.${EXTENSIONS[format]}"`);
      return reply.type(CONTENT_TYPES[format]).send(body);
    },
  );
};

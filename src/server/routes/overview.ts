// Aggregates for the web app's pages: one agreement's dashboard and its map. Staff read the whole record; the
// public and liaisons read the latest release (services/overview.ts builds both views), so the browser never
// downloads every incident to draw a chart and never sees what a release has not published.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Store } from '../../store/connect.ts';
import { mapOf, overviewOf } from '../../services/overview.ts';
import { readsInternal } from '../access.ts';
import * as S from '../schemas.ts';

const errors = { 400: { $ref: 'Error#' }, 404: { $ref: 'Error#' } } as const;

// The report is assembled from public or already-filtered data; its nested parts are passed through whole.
const Overview = Type.Object({
  view: Type.String({ description: 'internal (staff) or public (the latest release)' }),
  release: Type.Union([Type.Integer(), Type.Null()]),
  agreement: Type.Unknown(),
  incidents: Type.Unknown(),
  tallies: Type.Unknown(),
  deathsOverTime: Type.Unknown(),
  violations: Type.Unknown(),
  aid: Type.Unknown(),
  pledges: Type.Unknown(),
  deadlines: Type.Unknown(),
  phases: Type.Unknown(),
  freshness: S.Freshness,
});

const MapData = Type.Object({
  view: Type.String(),
  agreement: Type.Unknown(),
  geometry: Type.Array(Type.Object({ name: Type.String(), kind: Type.String(), role: Type.Union([Type.String(), Type.Null()]), description: Type.Union([Type.String(), Type.Null()]), loaded: Type.Boolean(), attribution: Type.Union([Type.String(), Type.Null()]), geojson: Type.Unknown() })),
  points: Type.Array(
    Type.Object({
      id: Type.String(),
      lon: Type.Number(),
      lat: Type.Number(),
      date: Type.Union([Type.String(), Type.Null()]),
      perpetrator: Type.Union([Type.String(), Type.Null()]),
      killed: Type.Union([Type.Number(), Type.Null()]),
      status: Type.String(),
      grade: Type.Union([Type.String(), Type.Null()]),
      eventType: Type.String(),
      place: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  total: Type.Integer({ description: 'incidents with coordinates; points holds at most `limit` of them, the deadliest first' }),
});

export const overviewRoutes: FastifyPluginAsyncTypebox<{ store: Store }> = async (app, { store }) => {
  app.get(
    '/api/agreements/:id/overview',
    {
      schema: {
        tags: ['agreements'],
        summary: 'Dashboard for one agreement: day N, tallies by body and from verified incidents, violations per party per week, aid against target, pledges, deadlines, phases',
        params: S.IdParam,
        querystring: S.AsOfQuery,
        response: { 200: Overview, ...errors },
      },
    },
    async (req) => overviewOf(store, req.params.id, req.query.asOf, readsInternal(req.principal) ? 'internal' : 'public'),
  );

  app.get(
    '/api/agreements/:id/map',
    {
      schema: {
        tags: ['agreements'],
        summary: "An agreement's lines and zones and its incidents as map points (perpetrator, deaths, date, status, grade, type)",
        params: S.IdParam,
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 20000, default: 5000 })) }),
        response: { 200: MapData, ...errors },
      },
    },
    async (req) => mapOf(store, req.params.id, readsInternal(req.principal) ? 'internal' : 'public', req.query.limit ?? 5000),
  );
};

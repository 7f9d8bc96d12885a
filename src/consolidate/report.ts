// Deriving the small ConsolidationReport shape from what the extractor returns and from what the store holds.
import type { Incident } from '../domain/incident.ts';
import { tollTotal } from '../domain/estimate.ts';
import type { ExtractedIncident } from '../extract/types.ts';
import type { ConsolidationReport } from './cluster.ts';

/**
 * A report from an extracted incident; `id` and `sourceId` (the document) are the caller's. When the text gives
 * no day for the event, the document's publication day stands in at week precision (the event happened in the
 * days before it was reported), so an undated report can still meet a dated report of the same event.
 */
export function fromExtracted(
  id: string,
  x: ExtractedIncident,
  sourceId: string | null = null,
  options: { published?: string | null; text?: string } = {},
): ConsolidationReport {
  const published = options.published ? options.published.slice(0, 10) : null;
  const undated = x.date === null && published !== null;
  const extraText = options.text ?? '';
  return {
    id,
    date: undated ? published : x.date,
    datePrecision: undated ? 2 : x.datePrecision,
    placeName: x.location?.name ?? null,
    lat: x.location?.lat ?? null,
    lon: x.location?.lon ?? null,
    geoPrecision: x.location?.precision ?? 3,
    eventType: x.eventType || null,
    perpetrator: x.perpetrator,
    target: x.target,
    text: extraText ? `${x.evidence} ${extraText}` : x.evidence,
    sourceId,
    killed: x.killed ?? x.vagueKilled ?? null,
  };
}

/** A report from a stored incident; `text` is what the caller has of its wording (claims' evidence, notes). */
export function fromIncident(i: Incident, text = ''): ConsolidationReport {
  return {
    id: i.id,
    date: i.date,
    datePrecision: i.datePrecision,
    placeName: i.location?.name ?? null,
    lat: i.location?.lat ?? null,
    lon: i.location?.lon ?? null,
    geoPrecision: i.location?.precision ?? 3,
    eventType: i.eventType,
    perpetrator: i.actor1,
    target: i.actor2,
    text: `${text} ${i.notes ?? ''}`.trim(),
    sourceId: null,
    killed: tollTotal(i.killed),
  };
}

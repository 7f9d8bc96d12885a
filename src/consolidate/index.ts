// Consolidation: grouping reports of one incident and computing figures over conflicting claims. Pure core.
export type { ConsolidationReport, ConsolidateOptions, Cluster, DuplicateSuggestion, Precision } from './cluster.ts';
export { clusterReports, suggestDuplicates, distanceKm } from './cluster.ts';
export { fromExtracted, fromIncident } from './report.ts';
export { incidentRange, type FigureClaim } from './range.ts';

export { computeTallies, seriesSince, type TallyInput, type TallyReport, type TallyClaimInput } from './tallies.ts';

import type { Claim, ClaimBody, ClaimKind, ClaimStatus } from '../../domain/claim.ts';
import type { Queryable } from '../connect.ts';
import { fromJson, toJson } from '../json.ts';
import type { ClaimsTable } from '../schema.ts';
import { inChunks, insertRows } from '../bulk.ts';
import { assertUpdated } from '../versioning.ts';

const fromRow = (r: ClaimsTable): Claim => ({
  id: r.id,
  kind: r.kind as ClaimKind,
  sourceDocumentId: r.sourceDocumentId,
  claimantId: r.claimantId,
  claimantName: r.claimantName,
  claimedAt: r.claimedAt,
  evidence: r.evidenceStart === null || r.evidenceEnd === null ? null : { start: Number(r.evidenceStart), end: Number(r.evidenceEnd), text: r.evidenceText ?? '' },
  incidentId: r.incidentId,
  status: r.status as ClaimStatus,
  body: fromJson<ClaimBody>(r.body, { kind: 'position', speaker: '', issue: '', stance: '' }),
  version: Number(r.version),
});

const toRow = (c: Claim) => ({
  id: c.id,
  kind: c.kind,
  sourceDocumentId: c.sourceDocumentId,
  claimantId: c.claimantId,
  claimantName: c.claimantName,
  claimedAt: c.claimedAt,
  evidenceStart: c.evidence?.start ?? null,
  evidenceEnd: c.evidence?.end ?? null,
  evidenceText: c.evidence?.text ?? null,
  incidentId: c.incidentId,
  status: c.status,
  body: toJson(c.body),
});

export async function insertClaims(db: Queryable, cs: readonly Claim[], by: string, at: string): Promise<void> {
  const rows = cs.map((c) => ({ ...toRow(c), version: 1, createdBy: by, createdAt: at, updatedAt: at }));
  await insertRows(db, 'claims', rows);
}

export async function getClaim(db: Queryable, id: string): Promise<Claim | undefined> {
  return (await getClaims(db, [id])).get(id);
}

/** The claims held among `ids`, by id. */
export async function getClaims(db: Queryable, ids: readonly string[]): Promise<Map<string, Claim>> {
  const out = new Map<string, Claim>();
  await inChunks([...new Set(ids)], 1, async (chunk) => {
    for (const r of await db.selectFrom('claims').selectAll().where('id', 'in', chunk).execute()) out.set(r.id, fromRow(r));
  });
  return out;
}

export async function updateClaim(db: Queryable, c: Claim, at: string): Promise<void> {
  const r = await db.updateTable('claims').set({ ...toRow(c), version: c.version + 1, updatedAt: at }).where('id', '=', c.id).where('version', '=', c.version).executeTakeFirst();
  assertUpdated(r.numUpdatedRows, `claim ${c.id}`, c.version, (await getClaim(db, c.id))?.version);
}

export interface ClaimFilter {
  kind?: ClaimKind;
  status?: ClaimStatus;
  sourceDocumentId?: string;
  incidentId?: string;
  limit?: number;
}

export async function listClaims(db: Queryable, f: ClaimFilter = {}): Promise<Claim[]> {
  let q = db.selectFrom('claims').selectAll().orderBy('createdAt').orderBy('id').limit(f.limit ?? 1000);
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.sourceDocumentId) q = q.where('sourceDocumentId', '=', f.sourceDocumentId);
  if (f.incidentId) q = q.where('incidentId', '=', f.incidentId);
  return (await q.execute()).map(fromRow);
}

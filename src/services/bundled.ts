// The data Truce ships with: the bundled agreements (data/agreements/*.yaml) with their geometry, and the
// parties they name as actors. Loaded by `truce init` and by `npm start` on a fresh database; loading twice adds
// nothing.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parseActorType } from '../domain/acled.ts';
import type { Agreement } from '../domain/agreement.ts';
import { getActor } from '../store/repositories/actors.ts';
import { latestAgreementVersion } from '../store/repositories/agreements.ts';
import type { Context } from './context.ts';
import { type AgreementToStore, storeAgreementVersion, storeGeometryVersion } from './agreements.ts';
import { createActor } from './records.ts';

export interface BundledLoad {
  agreementsLoaded: string[];
  agreementsAlreadyHeld: string[];
  actorsAdded: number;
}

// The agreement parser compiles its JSON Schema when first imported; it is loaded only by the commands that
// need it, so `truce status` and friends start fast.
const agreementFormat = () => import('../formats/agreement-yaml.ts');

export const BUNDLED_AGREEMENTS_DIR = fileURLToPath(new URL('../../data/agreements/', import.meta.url));

export function bundledAgreementFiles(): string[] {
  const dir = BUNDLED_AGREEMENTS_DIR;
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/** The shape the store keeps of a validated agreement. */
export function agreementToStore(a: Agreement): AgreementToStore {
  return {
    id: a.id,
    title: a.title,
    kind: a.kind,
    signedAt: a.signedAt ?? null,
    inForceAt: a.inForceAt ?? null,
    document: a,
    phases: a.phases.map((p) => ({ id: p.id, name: p.name, order: p.order, start: p.start })),
    provisions: a.provisions.map((p) => ({
      id: p.id,
      phase: p.phase,
      category: p.category,
      obligated: p.obligated,
      act: p.act,
      deadline: p.deadline ?? null,
      indicator: p.indicator ?? null,
      sources: p.sources,
    })),
  };
}

/** Stores a validated agreement as a new agreement (or as an amendment of `amends`), with its geometry and parties. */
export async function storeAgreement(ctx: Context, a: Agreement, amends: number | null, why: string): Promise<number> {
  const stored = await storeAgreementVersion(ctx, agreementToStore(a), amends, why);
  for (const g of a.geometry ?? []) {
    await storeGeometryVersion(ctx, { agreementId: a.id, name: g.name, kind: g.kind, meaning: g.meaning, geojson: g.geojson ?? null, validFrom: g.validFrom ?? null }, why);
  }
  return stored.version;
}

async function addAgreementActors(ctx: Context, a: Agreement): Promise<number> {
  let added = 0;
  const named = [
    ...a.parties.map((p) => ({ p, kind: p.kind })),
    ...(a.mediators ?? []).map((p) => ({ p, kind: 'mediator' as const })),
    ...(a.guarantors ?? []).map((p) => ({ p, kind: 'mediator' as const })),
    ...(a.monitors ?? []).map((p) => ({ p, kind: 'international-organisation' as const })),
  ];
  for (const { p, kind } of named) {
    if (await getActor(ctx.store.db, p.id)) continue;
    await createActor(
      ctx,
      {
        id: p.id,
        name: p.name,
        aliases: p.aliases ?? [],
        kind: actorKindOf(kind),
        affiliation: null,
        acledActorType: p.acledInter ? (parseActorType(p.acledInter) ?? null) : null,
        wikidataId: p.wikidata ?? null,
      },
      `named in agreement ${a.id}`,
    );
    added++;
  }
  return added;
}

function actorKindOf(kind: string) {
  const known = ['state-forces', 'armed-group', 'government', 'official', 'mediator', 'international-organisation', 'reporting-body', 'media', 'civilians', 'other'] as const;
  return (known as readonly string[]).includes(kind) ? (kind as (typeof known)[number]) : 'other';
}

export async function loadBundledData(ctx: Context): Promise<BundledLoad> {
  const out: BundledLoad = { agreementsLoaded: [], agreementsAlreadyHeld: [], actorsAdded: 0 };
  const { loadAgreementFile } = await agreementFormat();
  for (const file of bundledAgreementFiles()) {
    const a = await loadAgreementFile(file);
    if ((await latestAgreementVersion(ctx.store.db, a.id)) !== undefined) {
      out.agreementsAlreadyHeld.push(a.id);
    } else {
      await storeAgreement(ctx, a, null, 'bundled agreement');
      out.agreementsLoaded.push(a.id);
    }
    out.actorsAdded += await addAgreementActors(ctx, a);
  }
  return out;
}

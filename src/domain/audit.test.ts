// The audit appender stores each snapshot's canonical JSON once and hashes the event around it
// (auditHashOfJson); `truce verify` recomputes the hash from the parsed event (auditHash). The two must agree for
// every event, or a log written by one would read as tampered with by the other.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { auditHash, auditHashOfJson, canonicalJson, GENESIS_HASH, verifyChain, type AuditEvent } from './audit.ts';

/** The chain's definition, written out: SHA-256 of the previous hash, a newline and the whole event's canonical JSON. */
const reference = (prev: string, e: Omit<AuditEvent, 'hash' | 'prevHash'>) =>
  createHash('sha256')
    .update(`${prev}\n${canonicalJson({ seq: e.seq, at: e.at, actor: e.actor, entity: e.entity, entityId: e.entityId, action: e.action, old: e.old, new: e.new, why: e.why })}`)
    .digest('hex');

const snapshot = fc.option(fc.dictionary(fc.string(), fc.jsonValue()), { nil: null });
const event = fc.record({
  seq: fc.nat(),
  at: fc.string(),
  actor: fc.string(),
  entity: fc.constantFrom('incident', 'claim', 'source-document', 'series-point'),
  entityId: fc.string(),
  action: fc.constantFrom('create' as const, 'update' as const, 'status' as const),
  old: snapshot,
  new: snapshot,
  why: fc.option(fc.string(), { nil: null }),
});

test('an event hashed around its stored canonical JSON hashes as the chain defines it', () => {
  fc.assert(
    fc.property(event, fc.stringMatching(/^[0-9a-f]{64}$/), (e, prev) => {
      const expected = reference(prev, e);
      assert.equal(auditHash(prev, e), expected);
      assert.equal(auditHashOfJson(prev, e, e.old ? canonicalJson(e.old) : 'null', e.new ? canonicalJson(e.new) : 'null'), expected);
    }),
    { numRuns: 300 },
  );
});

test('a chain written from stored JSON verifies, and an edited snapshot is found', () => {
  const events: AuditEvent[] = [];
  let prev = GENESIS_HASH;
  const snapshots = [{ b: 1, a: { z: [1, { y: 'é', x: null }] } }, { killed: { civilians: { best: 3, low: 2 } } }, {}];
  for (const [k, neu] of snapshots.entries()) {
    const e = { seq: k + 1, at: '2026-01-01T00:00:00.000Z', actor: 'analyst', entity: 'incident', entityId: `inc_${k}`, action: 'create' as const, old: null, new: JSON.parse(canonicalJson(neu)) as Record<string, unknown>, why: k === 1 ? 'import acled x.csv:3' : null };
    const hash = auditHashOfJson(prev, e, 'null', canonicalJson(neu));
    events.push({ ...e, prevHash: prev, hash });
    prev = hash;
  }
  assert.deepEqual(verifyChain(events), { ok: true, events: 3, head: prev });
  events[1]!.new = { killed: { civilians: { best: 30, low: 2 } } };
  assert.equal(verifyChain(events).ok, false);
});

// Multi-row statements for the bulk paths (dataset imports): one statement per chunk of rows instead of one per
// row. Both engines cap the bound parameters of one statement (SQLite 32,766, PostgreSQL 65,535), so a chunk holds
// as many rows as fit under the lower cap.
const MAX_PARAMETERS = 30_000;

/** Calls `run` on consecutive slices of `rows`, each small enough for `parametersPerRow` bound values per row. */
export async function inChunks<R>(rows: readonly R[], parametersPerRow: number, run: (chunk: R[]) => Promise<unknown>): Promise<void> {
  const size = Math.max(1, Math.floor(MAX_PARAMETERS / Math.max(1, parametersPerRow)));
  for (let i = 0; i < rows.length; i += size) await run(rows.slice(i, i + size));
}

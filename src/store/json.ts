// JSON columns are text on both engines; these two functions are the only place they are encoded and decoded.
export const toJson = (value: unknown): string => JSON.stringify(value ?? null);
export function fromJson<T>(text: string | null | undefined, fallback: T): T {
  if (text === null || text === undefined || text === '') return fallback;
  return JSON.parse(text) as T;
}

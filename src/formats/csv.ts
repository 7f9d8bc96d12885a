// Reading delimited files for import: streamed through csv-parse, so memory stays flat whatever the file's size.
// Each record comes with its line number; problems a user can fix are reported with file:line and column.
import { createReadStream, statSync } from 'node:fs';
import { parse } from 'csv-parse';
import { invalidInput } from '../domain/errors.ts';

/** A field longer than this is refused (a stray quote can swallow the rest of a file into one field). */
export const MAX_FIELD_CHARS = 100_000;

export interface CsvRecord {
  /** Line (1-based) on which the record ends: the record's line for the usual one-line record. */
  line: number;
  values: string[];
  /** Bytes of the file read so far, for progress. */
  bytes: number;
}

/**
 * Refuses a file that is not UTF-8 before anything is imported from it, so no half of a mis-encoded file lands.
 * Reads in chunks: memory stays flat.
 */
export async function assertUtf8File(file: string): Promise<void> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let offset = 0;
  let line = 1;
  for await (const chunk of createReadStream(file)) {
    const buf = chunk as Buffer;
    try {
      decoder.decode(buf, { stream: true });
    } catch {
      const at = firstInvalid(buf);
      throw invalidInput(`${file}: not UTF-8 text (an invalid byte sequence near byte ${offset + at}, line ${line + countLines(buf.subarray(0, at))}); save the file as UTF-8 and import it again`, file);
    }
    offset += buf.length;
    line += countLines(buf);
  }
  try {
    decoder.decode();
  } catch {
    throw invalidInput(`${file}: not UTF-8 text (the file ends inside a multi-byte character); save the file as UTF-8 and import it again`, file);
  }
}

/** The longest prefix that is valid UTF-8 (an unfinished last character allowed): validity only shrinks as it grows. */
function firstInvalid(buf: Buffer): number {
  let lo = 0;
  let hi = buf.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(0, mid), { stream: true });
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  return lo;
}

function countLines(buf: Buffer): number {
  let n = 0;
  for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) n++;
  return n;
}

export function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch (err) {
    throw invalidInput(`${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}); check the path`, file);
  }
}

/** Every record of a CSV file, header included, in order. Quote errors stop the read with the line they are on. */
export async function* readCsv(file: string, options: { delimiter?: string } = {}): AsyncGenerator<CsvRecord> {
  fileSize(file);
  const parser = createReadStream(file).pipe(
    parse({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true, delimiter: options.delimiter ?? ',' }),
  );
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number; bytes: number } }>) {
      yield { line: item.info.lines, values: item.record, bytes: item.info.bytes };
    }
  } catch (err) {
    const e = err as Error & { code?: string; lines?: number };
    if (e.code?.startsWith('CSV_')) {
      throw invalidInput(`${file}:${e.lines ?? '?'}: the CSV cannot be read past this line (${e.message.replace(/^[A-Za-z ]+:\s*/, '')}); fix the quoting there and import again: rows before it were imported`, file);
    }
    throw err;
  }
}

/** A header row as a column → index map; names are trimmed and lower-cased, as producers differ in case. */
export function headerIndex(values: string[]): Map<string, number> {
  const out = new Map<string, number>();
  values.forEach((v, i) => {
    const k = v.trim().toLowerCase();
    if (k && !out.has(k)) out.set(k, i);
  });
  return out;
}

/** Quotes a value for CSV output when it needs it (RFC 4180). */
export function csvField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvLine = (values: (string | number | null | undefined)[]) => `${values.map(csvField).join(',')}\n`;

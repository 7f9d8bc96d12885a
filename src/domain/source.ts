// A report as received, kept apart from anything concluded from it (provenance first).
import { createHash } from 'node:crypto';

export const SOURCE_KINDS = ['news-article', 'party-statement', 'ministry-bulletin', 'field-report', 'dataset-row'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** `protected` sources (witnesses, field staff) never leave the server to a public surface. */
export const SENSITIVITIES = ['public', 'protected'] as const;
export type Sensitivity = (typeof SENSITIVITIES)[number];

/** Admiralty-style reliability of the source, A (reliable) … F (cannot be judged). */
export const RELIABILITIES = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export type Reliability = (typeof RELIABILITIES)[number];

export interface SourceDocument {
  id: string;
  kind: SourceKind;
  url: string | null;
  title: string | null;
  publisher: string | null;
  /** ISO 8601; null when the report carries no date. */
  publishedAt: string | null;
  retrievedAt: string;
  /** BCP 47 language tag, e.g. `en`, `ar`. */
  language: string | null;
  text: string;
  /** SHA-256 (hex) of the normalised text: the same report ingested twice is recognised by it. */
  contentHash: string;
  sensitivity: Sensitivity;
  reliability: Reliability | null;
  version: number;
}

/**
 * The text as compared for duplicates: Unicode NFC, unified quotes and dashes, collapsed white space. Two copies
 * of one article that differ only in typography or line breaks hash the same.
 */
export function normaliseText(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\u2018\u2019\u201B\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201F\u2033]/g, '"')
    .replace(/[\u2010-\u2015]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

export function contentHash(text: string): string {
  return createHash('sha256').update(normaliseText(text), 'utf8').digest('hex');
}

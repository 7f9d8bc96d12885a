// Airwars' grading of how well an incident's harm is established (data-standards.md §3.1), and the workflow an
// incident moves through from machine draft to published record.

export const GRADES = ['confirmed', 'fair', 'weak', 'contested', 'discounted'] as const;
export type Grade = (typeof GRADES)[number];

export const GRADE_MEANING: Record<Grade, string> = {
  confirmed: 'A specific belligerent has accepted responsibility.',
  fair: 'Reported by two or more credible sources, with likely or confirmed actions by a belligerent nearby.',
  weak: 'Single-source claim, sometimes with significant detail.',
  contested: 'Competing claims of responsibility.',
  discounted: 'Those harmed were combatants, or another party is most likely responsible.',
};

export const WORKFLOW_STATUSES = ['draft', 'in-review', 'verified', 'published', 'rejected', 'merged'] as const;
export type WorkflowStatus = (typeof WORKFLOW_STATUSES)[number];

/** Which status changes the review workflow allows. Published records are only corrected by a new review. */
const NEXT: Record<WorkflowStatus, readonly WorkflowStatus[]> = {
  draft: ['in-review', 'rejected', 'merged'],
  'in-review': ['draft', 'verified', 'rejected', 'merged'],
  verified: ['in-review', 'published', 'merged'],
  published: ['in-review'],
  rejected: ['draft'],
  merged: [],
};

export function canMoveTo(from: WorkflowStatus, to: WorkflowStatus): boolean {
  return NEXT[from].includes(to);
}

export function isOneOf<T extends string>(values: readonly T[], v: unknown): v is T {
  return typeof v === 'string' && (values as readonly string[]).includes(v);
}

// Okabe–Ito: eight colours told apart with every common colour-vision deficiency. Colour never carries meaning
// alone: every chart has a legend with words, statuses are written out, map points have a card.
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#F0E442'];
export const UNATTRIBUTED = '#6b6b6b';

export function colorFor(index: number): string {
  return PALETTE[index % PALETTE.length]!;
}

export const STATUS_COLOR: Record<string, string> = {
  met: '#009E73',
  'partly-met': '#56B4E9',
  breached: '#D55E00',
  overdue: '#CC79A7',
  pending: '#E69F00',
  'not-assessable': '#8a8a8a',
  draft: '#8a8a8a',
  'in-review': '#E69F00',
  verified: '#009E73',
  published: '#0072B2',
  rejected: '#D55E00',
  merged: '#8a8a8a',
  active: '#0072B2',
  completed: '#009E73',
  stalled: '#D55E00',
  'not-started': '#8a8a8a',
};

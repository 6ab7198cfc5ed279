/**
 * Edit distance with adjacent transpositions (optimal string alignment), so
 * `emial` → `email` costs 1 like `labl` → `label`.
 */
export const editDistance = (a: string, b: string): number => {
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      row[j] = d;
    }
    before = prev;
    prev = row;
  }
  return prev[b.length]!;
};

/**
 * The candidate closest to `input` (ignoring case), if it is close enough to be
 * a likely typo: at most one edit per three characters, at least one.
 */
export const didYouMean = (input: string, candidates: Iterable<string>): string | undefined => {
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(input.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(input.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
};

/** `did you mean 'email'?`, or undefined when nothing is close. */
export const didYouMeanHint = (input: string, candidates: Iterable<string>): string | undefined => {
  const m = didYouMean(input, candidates);
  return m === undefined ? m : `did you mean '${m}'?`;
};

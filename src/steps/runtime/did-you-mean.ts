/**
 * `\n(Did you mean --replicas?)` for a mistyped command or option, as commander words it
 * (node_modules/commander/lib/suggestSimilar.js): the candidates at the fewest edits, at most 3, that keep more than
 * 40% of the longer word; '' when none is that close. Options are compared without their leading `--`.
 */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const dashes = word.startsWith('--') ? 2 : 0;
  const typed = word.slice(dashes);
  let fewest = MAX_EDITS;
  let closest: string[] = [];
  for (const candidate of new Set(candidates)) {
    const name = candidate.slice(dashes);
    if (name.length < 2) continue;
    const edits = editDistance(typed, name);
    const longer = Math.max(typed.length, name.length);
    if ((longer - edits) / longer <= 0.4 || edits > fewest) continue;
    if (edits < fewest) closest = [];
    fewest = edits;
    closest.push(candidate);
  }
  closest.sort((a, b) => a.localeCompare(b));
  if (closest.length === 0) return '';
  return closest.length === 1 ? `\n(Did you mean ${closest[0]}?)` : `\n(Did you mean one of ${closest.join(', ')}?)`;
}

const MAX_EDITS = 3;

/** Insertions, deletions, substitutions and swaps of neighbours that turn `a` into `b` (optimal string alignment). */
function editDistance(a: string, b: string): number {
  // d[i * width + j]: the distance between the first i characters of a and the first j of b.
  const width = b.length + 1;
  const d: number[] = [];
  const at = (i: number, j: number): number => d[i * width + j] ?? 0;
  for (let i = 0; i <= a.length; i++) {
    for (let j = 0; j <= b.length; j++) {
      if (i === 0 || j === 0) {
        d[i * width + j] = i + j;
        continue;
      }
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      d[i * width + j] = best;
    }
  }
  return at(a.length, b.length);
}

// Made on the first cut, not when the module loads: building a segmenter loads ICU's break rules, which cost every
// step's start (and `--help`) some 15 ms.
let graphemes: Intl.Segmenter | undefined;

/**
 * `text` cut to at most `max` characters, `marker` included, when it is longer. Characters are code points, as
 * Python (Nautobot's `max_length`) counts them, and the cut falls between graphemes: never inside a surrogate pair
 * (which would leave a lone surrogate, invalid UTF-8 once encoded), an emoji sequence or a letter with its marks.
 */
export function shorten(text: string, max: number, marker = '…'): string {
  // A code point is 1 or 2 UTF-16 units: only a length between max and 2 * max needs counting.
  if (text.length <= max || (text.length <= 2 * max && codePoints(text) <= max)) return text;
  const room = max - codePoints(marker);
  // Only the head is segmented: `room` code points lie within 2 * room UTF-16 units; the margin completes the last
  // grapheme that fits, and the final segment of a head that is not the whole text may be incomplete.
  const head = text.slice(0, 2 * room + 64);
  graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  const segments = [...graphemes.segment(head)].map((part) => part.segment);
  if (head.length < text.length) segments.pop();
  let kept = '';
  let count = 0;
  for (const segment of segments) {
    const size = codePoints(segment);
    if (count + size > room) break;
    kept += segment;
    count += size;
  }
  return `${kept}${marker}`;
}

function codePoints(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

import { shorten } from '../../src/common/shorten.js';

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('shorten', () => {
  it('keeps a text that fits, and cuts a longer one to max characters, marker included', () => {
    expect(shorten('abc', 3)).toBe('abc');
    expect(shorten('abcd', 3)).toBe('ab…');
    expect(shorten('abcdef', 5, '...')).toBe('ab...');
  });

  it('never splits an emoji at the boundary, so no lone surrogate is left', () => {
    // "😀" is one code point but two UTF-16 units: a cut by units at 4 would keep half of it.
    for (let max = 2; max < 12; max++) {
      const cut = shorten('abc😀def😀ghi', max);
      expect({ max, lone: loneSurrogate.test(cut) }).toEqual({ max, lone: false });
      expect([...cut].length).toBeLessThanOrEqual(max);
    }
    expect(shorten('abc😀def', 5)).toBe('abc😀…');
    expect(shorten('abc😀def', 4)).toBe('abc…');
  });

  it('counts code points, as Nautobot counts max_length, and keeps graphemes whole', () => {
    expect(shorten('😀'.repeat(10), 10)).toBe('😀'.repeat(10));
    // A family emoji (7 code points joined by ZWJ) and a flag (2) are kept whole or dropped whole.
    const family = '👨‍👩‍👧‍👦';
    expect(shorten(`ab${family}cd`, 8)).toBe('ab…');
    expect(shorten(`ab${family}cd`, 10)).toBe(`ab${family}…`);
    expect(shorten('é'.normalize('NFD').repeat(3), 4)).toBe(`${'é'.normalize('NFD')}…`);
    expect(shorten('🇫🇷🇫🇷', 3)).toBe('🇫🇷…');
  });

  it('cuts a long text by its head only', () => {
    const long = `${'😀'.repeat(300)}${'x'.repeat(1_000_000)}`;
    const cut = shorten(long, 200);
    expect(cut).toBe(`${'😀'.repeat(199)}…`);
  });
});

/**
 * Go's `strconv.ParseFloat(s, 64)` and `strconv.ParseBool`, which Argo Events' data filters use for `number` and
 * `bool` filter values (pkg/sensors/dependencies/filter.go, v1.9.11) and gjson uses to read an event's string as a
 * number or a boolean (`Result.Float()`, `Result.Bool()`, tidwall/gjson v1.19.0). Go's rules (src/strconv/atof.go):
 * the whole string must be a Go float literal, with no surrounding spaces: decimal (`12`, `1.`, `.5`, `1e3`, digits
 * may be grouped by single underscores, `1_000`) or hexadecimal with a mandatory `p` exponent (`0x1p4`; `0x10` is
 * not a float), or `inf`/`infinity` with an optional sign, or `nan`, in any case.
 */

const DECIMAL_DIGITS = '[0-9]+(?:_[0-9]+)*';
const HEX_DIGITS = '[0-9a-fA-F]+(?:_[0-9a-fA-F]+)*';
const DECIMAL = new RegExp(
  `^[+-]?(?:${DECIMAL_DIGITS}(?:\\.(?:${DECIMAL_DIGITS})?)?|\\.${DECIMAL_DIGITS})(?:[eE][+-]?${DECIMAL_DIGITS})?$`,
);
const HEX = new RegExp(
  `^([+-]?)0[xX](?:_?(${HEX_DIGITS})(?:\\.(${HEX_DIGITS})?)?|\\.(${HEX_DIGITS}))[pP]([+-]?${DECIMAL_DIGITS})$`,
);

/** What ParseFloat returns: `ok` false is its error, with 0 for bad syntax and ±Infinity for out of range. */
export interface GoFloat {
  readonly value: number;
  readonly ok: boolean;
}

export function parseGoFloat(text: string): GoFloat {
  if (/^[+-]?(?:inf|infinity)$/i.test(text)) return { value: text.startsWith('-') ? -Infinity : Infinity, ok: true };
  if (/^nan$/i.test(text)) return { value: Number.NaN, ok: true };
  let value: number;
  if (DECIMAL.test(text)) {
    value = Number(text.replaceAll('_', ''));
  } else {
    const hex = HEX.exec(text);
    if (!hex) return { value: 0, ok: false };
    const [, sign, whole = '', fractionAfterWhole, fractionAlone, exponent = '0'] = hex;
    const fraction = (fractionAfterWhole ?? fractionAlone ?? '').replaceAll('_', '');
    const digits = `${whole.replaceAll('_', '')}${fraction}`;
    const binaryExponent = Number(exponent.replaceAll('_', '')) - 4 * fraction.length;
    value = (sign === '-' ? -1 : 1) * scaleByPowerOfTwo(Number(BigInt(`0x${digits}`)), binaryExponent);
  }
  // A well-formed literal beyond the largest float64 is ErrRange, returned with ±Inf (as JavaScript rounds it).
  return Number.isFinite(value) ? { value, ok: true } : { value, ok: false };
}

/** `mantissa * 2^exponent` in steps that stay within float64's exponent range; Go caps huge exponents alike. */
function scaleByPowerOfTwo(mantissa: number, exponent: number): number {
  if (mantissa === 0) return 0;
  let value = mantissa;
  let remaining = Math.max(-100_000, Math.min(100_000, exponent));
  while (remaining !== 0 && value !== 0 && Number.isFinite(value)) {
    const step = Math.max(-1022, Math.min(1023, remaining));
    value *= 2 ** step;
    remaining -= step;
  }
  return value;
}

/** `strconv.ParseBool`: undefined where Go returns a syntax error. */
export function parseGoBool(text: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  return undefined;
}

import { parseGoBool, parseGoFloat } from '../../../src/constructs/events/go-strconv.js';

// Expected values from Go's strconv.ParseFloat(s, 64) rules (src/strconv/atof.go and its tests).
describe('parseGoFloat (Go strconv.ParseFloat)', () => {
  it.each([
    ['12', 12],
    ['-1.5', -1.5],
    ['+.5', 0.5],
    ['1.', 1],
    ['1e3', 1000],
    ['1E-2', 0.01],
    ['0777', 777],
    ['1_000', 1000],
    ['1_23.50_0_0e+1_2', 1.235e14],
    ['0x1p4', 16],
    ['0X1.8P1', 3],
    ['-0x.8p1', -1],
    ['0x_1p4', 16],
    ['Inf', Infinity],
    ['-infinity', -Infinity],
    ['+INF', Infinity],
  ])('accepts %j as %d', (text, value) => {
    expect(parseGoFloat(text)).toEqual({ value, ok: true });
  });

  it('reads NaN in any case, unsigned only', () => {
    expect(parseGoFloat('NaN').value).toBeNaN();
    expect(parseGoFloat('nan').ok).toBe(true);
    expect(parseGoFloat('+NaN')).toEqual({ value: 0, ok: false });
  });

  it.each([
    '12x',
    ' 12',
    '12 ',
    '',
    '.',
    '1e',
    '1e+',
    '0x10',
    '0x',
    '0b1',
    '0o17',
    '_1',
    '1_',
    '1__0',
    '1_.5',
    '1._5',
    '1e_5',
    'infin',
    '1,5',
    '１２',
  ])('refuses %j with a syntax error (value 0)', (text) => {
    expect(parseGoFloat(text)).toEqual({ value: 0, ok: false });
  });

  it('reports a literal beyond float64 as out of range, with the infinity Go returns', () => {
    expect(parseGoFloat('1e400')).toEqual({ value: Infinity, ok: false });
    expect(parseGoFloat('-0x1p2000')).toEqual({ value: -Infinity, ok: false });
    expect(parseGoFloat('1e-400')).toEqual({ value: 0, ok: true });
  });
});

describe('parseGoBool (Go strconv.ParseBool)', () => {
  it('accepts exactly 1 t T true TRUE True and their false forms', () => {
    for (const text of ['1', 't', 'T', 'true', 'TRUE', 'True']) expect(parseGoBool(text)).toBe(true);
    for (const text of ['0', 'f', 'F', 'false', 'FALSE', 'False']) expect(parseGoBool(text)).toBe(false);
    for (const text of ['yes', 'on', 'tRUE', ' true', '']) expect(parseGoBool(text)).toBeUndefined();
  });
});

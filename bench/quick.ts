/**
 * `BENCH_QUICK=1`: every bench runs small sizes once and enforces no target. CI runs `npm run bench` this way so a
 * change that breaks a bench fails there; the full run stays the measuring tool.
 */
export const QUICK = process.env.BENCH_QUICK === '1';

/** A target's verdict as the benches print it. */
export const verdict = (ok: boolean): string => (QUICK ? 'not checked in quick mode' : ok ? 'MET' : 'OVER');

import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { capToTail } from '../../../src/steps/runtime/file-cap.js';

const dir = mkdtempSync(join(tmpdir(), 'opsflow-file-cap-'));

describe('capToTail (file outputs kept as output parameters)', () => {
  it('never splits a UTF-8 character when no line starts near the cut', async () => {
    const path = join(dir, 'one-line');
    const whole = `${'€'.repeat(3000)}end`; // 3-byte characters, no newline
    writeFileSync(path, whole);
    expect(await capToTail(path, 1024)).toEqual({ size: 9003, kept: expect.any(Number) });
    const capped = readFileSync(path);
    expect(capped.length).toBeLessThanOrEqual(1024);
    const text = capped.toString('utf8');
    expect(text).not.toContain('\uFFFD');
    const kept = text.slice(text.indexOf(']\n') + 2);
    expect(kept).toMatch(/^€+end$/);
    expect(whole.endsWith(kept)).toBe(true);
  });

  it('leaves a missing file missing and a small one untouched', async () => {
    expect(await capToTail(join(dir, 'absent'), 1024)).toBeUndefined();
    expect(existsSync(join(dir, 'absent'))).toBe(false);
    writeFileSync(join(dir, 'small'), 'short\n');
    expect(await capToTail(join(dir, 'small'), 1024)).toEqual({ size: 6, kept: 6 });
    expect(readFileSync(join(dir, 'small'), 'utf8')).toBe('short\n');
  });
});

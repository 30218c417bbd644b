import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStepContext } from '../../../src/steps/runtime/context.js';

describe('step context outputs', () => {
  const make = () => {
    const outputDir = mkdtempSync(join(tmpdir(), 'opsflow-context-'));
    const ctx = createStepContext({
      step: 'kubernetes/demo',
      outputDir,
      outputs: { sizeBytes: 'Size' },
      files: { heapdump: 'The dump' },
      logSink: () => {},
    });
    return { ctx, outputDir };
  };

  it('writes declared output parameters and gives paths of declared file outputs', async () => {
    const { ctx, outputDir } = make();
    await ctx.output('sizeBytes', 42);
    expect(readFileSync(join(outputDir, 'sizeBytes'), 'utf8')).toBe('42');
    expect(ctx.outputPath('heapdump')).toBe(join(outputDir, 'heapdump'));
  });

  it('refuses a file output written as a parameter and a parameter asked for as a file', async () => {
    const { ctx, outputDir } = make();
    await expect(ctx.output('heapdump', 'x')).rejects.toThrow(
      'step kubernetes/demo wrote file output "heapdump" as an output parameter; use ctx.outputPath for files',
    );
    expect(() => ctx.outputPath('sizeBytes')).toThrow(
      'step kubernetes/demo asked for a file path for output parameter "sizeBytes"',
    );
    expect(existsSync(join(outputDir, 'heapdump'))).toBe(false);
  });

  it('refuses undeclared names of either kind', async () => {
    const { ctx } = make();
    await expect(ctx.output('other', 'x')).rejects.toThrow('step kubernetes/demo wrote undeclared output "other"');
    expect(() => ctx.outputPath('other')).toThrow('step kubernetes/demo asked for undeclared file output "other"');
  });
});

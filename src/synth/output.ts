import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { GENERATED_HEADER, type GeneratedFile, generatedHeader, OUTPUT_FOLDERS } from './render.js';

/** Generated files present under `root` (only those carrying the header: hand-written files are never touched). */
export function existingGeneratedFiles(root: string): string[] {
  return OUTPUT_FOLDERS.flatMap((folder) => {
    const dir = join(root, folder);
    if (!existsSync(dir)) return [];
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.yaml'))
      .map((entry) => `${folder}/${entry.name}`)
      .filter((path) => readFileSync(join(root, path), 'utf8').startsWith(`${GENERATED_HEADER}\n`));
  }).sort();
}

export interface WriteReport {
  readonly written: readonly string[];
  readonly unchanged: readonly string[];
  readonly removed: readonly string[];
}

/**
 * Writes the files that changed and removes stale generated ones. A hand-written file (no header) where synth wants
 * to write is never overwritten: nothing is written and the error lists every such path.
 */
export function writeGeneratedFiles(root: string, files: readonly GeneratedFile[]): WriteReport {
  const handWritten = files
    .map((file) => file.path)
    .filter((path) => {
      const target = join(root, path);
      return existsSync(target) && !readFileSync(target, 'utf8').startsWith(`${generatedHeader(path)}\n`);
    });
  if (handWritten.length > 0) {
    throw new Error(
      `synth would overwrite file(s) it did not generate (no header line); move or delete them:\n  ${handWritten.join('\n  ')}`,
    );
  }
  const wanted = new Set(files.map((file) => file.path));
  const written: string[] = [];
  const unchanged: string[] = [];
  for (const file of files) {
    const target = join(root, file.path);
    if (existsSync(target) && readFileSync(target, 'utf8') === file.content) {
      unchanged.push(file.path);
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.content);
    written.push(file.path);
  }
  const removed = existingGeneratedFiles(root).filter((path) => !wanted.has(path));
  for (const path of removed) rmSync(join(root, path));
  return { written, unchanged, removed };
}

/** Every way the files under `root` differ from a fresh synth, one line each (empty when up to date). */
export function compareGeneratedFiles(root: string, files: readonly GeneratedFile[]): string[] {
  const wanted = new Set(files.map((file) => file.path));
  const problems: string[] = [];
  for (const file of files) {
    const target = join(root, file.path);
    if (!existsSync(target)) problems.push(`missing: ${file.path}`);
    else if (readFileSync(target, 'utf8') !== file.content) problems.push(`differs: ${file.path}`);
  }
  for (const path of existingGeneratedFiles(root)) {
    if (!wanted.has(path)) problems.push(`stale:   ${path}`);
  }
  return problems;
}

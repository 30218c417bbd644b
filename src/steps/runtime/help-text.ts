/** One line of a help page's Options: or Commands: list. */
export interface HelpItem {
  readonly term: string;
  readonly description: string;
}

export interface HelpPage {
  /** After `Usage: `: `opsflow-step kubernetes pod-status [options]`. */
  readonly usage: string;
  readonly description: string;
  readonly options: readonly HelpItem[];
  readonly commands?: readonly HelpItem[];
  /** Printed after the lists. */
  readonly footer?: string;
}

/**
 * Lines are wrapped at 80 columns. (commander, whose layout this is, node_modules/commander/lib/help.js `formatHelp`,
 * wraps to the terminal's width on a TTY; a step's help is mostly read from a pipe or a pod's log.)
 */
const WIDTH = 80;
/** Narrower than this, a description is not wrapped. */
const MIN_WRAP = 40;

/**
 * The usage line, the description, then `Options:` and `Commands:`, each term padded to the longest term of both
 * lists and each description wrapped beside it.
 */
export function formatHelp(page: HelpPage): string {
  const commands = page.commands ?? [];
  const termWidth = Math.max(...[...page.options, ...commands].map((item) => item.term.length));
  const lines = [`Usage: ${page.usage}`, ''];
  if (page.description) lines.push(wrap(page.description, WIDTH), '');
  for (const [heading, items] of [
    ['Options:', page.options],
    ['Commands:', commands],
  ] as const) {
    if (items.length > 0) lines.push(heading, ...items.map((item) => formatItem(item, termWidth)), '');
  }
  return `${lines.join('\n')}${page.footer === undefined ? '' : `${page.footer}\n`}`;
}

function formatItem({ term, description }: HelpItem, termWidth: number): string {
  if (!description) return `  ${term}`;
  const room = WIDTH - termWidth - 4;
  const text =
    room < MIN_WRAP ? description : wrap(description, room).replaceAll('\n', `\n${' '.repeat(termWidth + 4)}`);
  return `  ${term.padEnd(termWidth)}  ${text}`;
}

/** Breaks each line at the last space that keeps it within `width` (a longer word stands on its own line). */
function wrap(text: string, width: number): string {
  if (width < MIN_WRAP) return text;
  return text
    .split('\n')
    .map((line) => {
      const [first = '', ...rest] = line.match(/\s*\S+/g) ?? [];
      const lines = [first];
      for (const chunk of rest) {
        const last = lines.length - 1;
        if ((lines[last] ?? '').length + chunk.length <= width) lines[last] += chunk;
        else lines.push(chunk.trimStart());
      }
      return lines.join('\n');
    })
    .join('\n');
}

import type { Command } from 'commander';
import { action, newCommand, type Zod } from '../command.js';
import type { CliIo } from '../io.js';

const CompletionOptions = (z: Zod) => z.object({ shell: z.enum(['bash', 'zsh', 'fish']) });

/** Every command and its long options, read from the program so completion never drifts from it. */
function commandTree(program: Command): { name: string; options: string[]; subcommands: string[] }[] {
  const global = program.options.map((o) => o.long).filter((o): o is string => Boolean(o));
  return program.commands.map((command) => ({
    name: command.name(),
    options: [...global, ...command.options.map((o) => o.long).filter((o): o is string => Boolean(o))],
    subcommands: command.commands.map((sub) => sub.name()),
  }));
}

function bash(program: Command): string {
  const tree = commandTree(program);
  const cases = tree.map((c) => `    ${c.name}) words="${[...c.subcommands, ...c.options].join(' ')}" ;;`).join('\n');
  return `# opsflow bash completion: eval "$(opsflow completion bash)"
_opsflow() {
  local cur=\${COMP_WORDS[COMP_CWORD]} words
  if [ "$COMP_CWORD" -eq 1 ]; then
    words="${tree.map((c) => c.name).join(' ')}"
  else
    case "\${COMP_WORDS[1]}" in
${cases}
    esac
  fi
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -F _opsflow opsflow
`;
}

function zsh(program: Command): string {
  const tree = commandTree(program);
  const cases = tree
    .map((c) => `    ${c.name}) compadd -- ${[...c.subcommands, ...c.options].join(' ')} ;;`)
    .join('\n');
  return `#compdef opsflow
# opsflow zsh completion: opsflow completion zsh > "\${fpath[1]}/_opsflow"
_opsflow() {
  if (( CURRENT == 2 )); then
    compadd -- ${tree.map((c) => c.name).join(' ')}
    return
  fi
  case "\${words[2]}" in
${cases}
  esac
}
compdef _opsflow opsflow
`;
}

function fish(program: Command): string {
  const lines = ['# opsflow fish completion: opsflow completion fish | source', 'complete -c opsflow -f'];
  for (const c of commandTree(program)) {
    const description = program.commands.find((command) => command.name() === c.name)?.description() ?? '';
    lines.push(`complete -c opsflow -n __fish_use_subcommand -a ${c.name} -d ${JSON.stringify(description)}`);
    for (const sub of c.subcommands)
      lines.push(`complete -c opsflow -n "__fish_seen_subcommand_from ${c.name}" -a ${sub}`);
    for (const option of c.options) {
      lines.push(`complete -c opsflow -n "__fish_seen_subcommand_from ${c.name}" -l ${option.replace(/^--/, '')}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export function completionCommand(io: CliIo, program: Command) {
  return newCommand('completion', 'print a shell completion script (bash, zsh or fish)')
    .argument('<shell>', 'bash, zsh or fish')
    .action(
      action(io, CompletionOptions, ['shell'], async ({ shell }) => {
        io.stdout.write({ bash, zsh, fish }[shell](program));
      }),
    );
}

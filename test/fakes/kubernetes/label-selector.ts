/**
 * The API server's label selector syntax (`a=b,c!=d,e in (x,y),f notin (z),g,!h`), as the fake evaluates it for
 * `?labelSelector=` on list requests.
 */
export function matchesSelector(selector: string, labels: Record<string, string> = {}): boolean {
  return splitRequirements(selector).every((requirement) => matches(requirement.trim(), labels));
}

function splitRequirements(selector: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of selector) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      out.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  if (current.trim() !== '') out.push(current);
  return out;
}

function matches(requirement: string, labels: Record<string, string>): boolean {
  const set = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(requirement);
  if (set) {
    const [, key, op, list] = set as unknown as [string, string, string, string];
    const values = list.split(',').map((v) => v.trim());
    const has = key in labels && values.includes(labels[key]!);
    return op === 'in' ? has : !has;
  }
  const notEqual = /^([^!=\s]+)\s*!=\s*(.*)$/.exec(requirement);
  if (notEqual) return labels[notEqual[1]!] !== notEqual[2];
  const equal = /^([^!=\s]+)\s*==?\s*(.*)$/.exec(requirement);
  if (equal) return labels[equal[1]!] === equal[2];
  if (requirement.startsWith('!')) return !(requirement.slice(1) in labels);
  return requirement in labels;
}

/**
 * The value Argo Server writes in `workflows.argoproj.io/creator` for a token's subject (workflow/creator/creator.go
 * dnsFriendly, v4.1.2): other characters become "-", the last 63 kept, no leading or trailing non-alphanumerics.
 */
export function creatorLabelValue(subject: string): string {
  let value = subject.replace(/[^-_.a-zA-Z0-9]/g, '-');
  if (value.length > 63) value = value.slice(value.length - 63);
  return value.replace(/^[^a-zA-Z0-9]*/, '').replace(/[^a-zA-Z0-9]*$/, '');
}

/**
 * Atlassian Document Format, the rich-text JSON of Jira Cloud's REST API v3 (descriptions, comments):
 * https://developer.atlassian.com/cloud/jira/platform/apis/document/structure/
 */
export interface AdfNode {
  readonly type: string;
  readonly text?: string;
  readonly content?: readonly AdfNode[];
}
export interface AdfDocument extends AdfNode {
  readonly type: 'doc';
  readonly version: 1;
  readonly content: readonly AdfNode[];
}

/** Plain text as a document: a paragraph per blank-line-separated block, a hard break per line break. */
export function adfFromText(text: string): AdfDocument {
  const paragraphs = text
    .split(/\r?\n\s*\r?\n/)
    .map((block) => block.trim())
    .filter((block) => block !== '')
    .map((block) => ({
      type: 'paragraph',
      content: block.split(/\r?\n/).flatMap((line, i): AdfNode[] => {
        const textNode = line === '' ? [] : [{ type: 'text', text: line }];
        return i === 0 ? textNode : [{ type: 'hardBreak' }, ...textNode];
      }),
    }));
  return { type: 'doc', version: 1, content: paragraphs };
}

/** Every text of a document (or a v2 plain-text body), joined by newlines: what a marker is searched in. */
export function plainTextOf(body: unknown): string {
  if (typeof body === 'string') return body;
  const texts: string[] = [];
  const visit = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    const { text, content } = node as AdfNode;
    if (typeof text === 'string') texts.push(text);
    if (Array.isArray(content)) for (const child of content) visit(child);
  };
  visit(body);
  return texts.join('\n');
}

import { IssueCreateInput } from '../../steps/jira/inputs.js';
import { defineAction } from '../action.js';
import { actionDescription } from '../description.js';

export const jiraIssueCreate = defineAction({
  name: 'jira-issue-create',
  title: 'Open a Jira issue, once per idempotency key',
  description: actionDescription({
    summary:
      'Create an issue in `project` with a summary, a plain-text description (Cloud: converted to Atlassian Document ' +
      'Format) and labels. The issue is labelled `opsflow-<idempotencyKey>` and searched for first, so a retry or a ' +
      'second run with the same key returns the issue it made.',
    changes: 'a new Jira issue.',
    needs:
      "the site's Jira (`jira.url`, `jira.deployment`; Cloud: `jira.email` and an API token, Server/DC: a personal " +
      'access token in `jira.token`) allowed to create issues in the project and to search it.',
    outputs: '`issueKey`, `issueUrl` and `result`.',
    example: {
      template: 'jira-issue-create',
      parameters: { project: 'OPS', summary: 'Hypervisor compute-17 needs a DIMM', idempotencyKey: 'chg-1234' },
    },
  }),
  step: {
    system: 'jira',
    name: 'issue-create',
    input: IssueCreateInput,
    mutating: true,
    outputs: { issueKey: 'Key of the issue, e.g. OPS-123', issueUrl: 'Browser link of the issue' },
  },
  // Search-then-create: two runs with one key at once would both find nothing and both create.
  mutex: { prefix: 'jira-issue', by: ['idempotencyKey'] },
});

import { describe, expect, it } from '@jest/globals';
import {
  type ApprovalTerms,
  approvalTermsByRole,
  approvalVerdict,
  type DecisionNode,
} from '../../src/governance/approval.js';
import { Role } from '../../src/governance/role.js';

const TENANT_TERMS: ApprovalTerms = { by: ['approver'], selfApproval: false, timeout: '30m' };
const started = '2026-12-01T10:00:00Z';

/** The labels a Workflow carries after Argo Server's resume or stop (workflow/creator/creator.go LabelActor). */
const labels = (actor?: string, action?: string) => ({
  'workflows.argoproj.io/creator': 'tina',
  'opsflow.io/role': 'tenant',
  ...(actor ? { 'workflows.argoproj.io/actor': actor } : {}),
  ...(action ? { 'workflows.argoproj.io/action': action } : {}),
});
const node = (phase: string, minutes: number, message = ''): DecisionNode => ({
  phase,
  startedAt: started,
  finishedAt: new Date(Date.parse(started) + minutes * 60_000).toISOString(),
  outputs: { parameters: [{ name: 'message', value: message }] },
});
const verdict = (l: Record<string, string>, n: DecisionNode, terms = TENANT_TERMS) =>
  approvalVerdict(l, n, terms, 'opsflow');

describe('the verdict on an approval', () => {
  it('approves a resume by another signed-in person, naming the approver, the requester and the rule', () => {
    expect(verdict(labels('alice', 'Resume'), node('Succeeded', 5, 'change 4711'))).toEqual({
      verdict: 'approved',
      approver: 'alice',
      requester: 'tina',
      at: '2026-12-01T10:05:00.000Z',
      message: 'change 4711',
      reason: 'approved by alice (requester tina; approval by role approver, not by the requester)',
    });
  });

  it('rejects a stop by a signed-in person', () => {
    expect(verdict(labels('alice', 'Stop'), node('Failed', 3, 'not now'))).toMatchObject({
      verdict: 'rejected',
      approver: 'alice',
      message: 'not now',
      reason: 'rejected by alice',
    });
  });

  it('turns a suspend that resumed by itself after the timeout into a rejection', () => {
    expect(verdict(labels(), node('Succeeded', 30))).toMatchObject({
      verdict: 'timed-out',
      approver: 'none',
      reason: 'nobody decided within 30m: the run is rejected (approval by role approver, not by the requester)',
    });
  });

  it('does not take an earlier `set` (no action label) for a resume: the timeout still rejects', () => {
    expect(verdict(labels('alice'), node('Succeeded', 31))).toMatchObject({ verdict: 'timed-out' });
  });

  it('refuses the requester approving their own run', () => {
    expect(verdict(labels('tina', 'Resume'), node('Succeeded', 2))).toMatchObject({
      verdict: 'refused',
      approver: 'tina',
      reason:
        'tina may not approve their own run (requester tina; approval by role approver, not by the requester): another approver must decide',
    });
  });

  it('allows it when the terms allow self-approval', () => {
    const terms = { ...TENANT_TERMS, selfApproval: true };
    expect(verdict(labels('tina', 'Resume'), node('Succeeded', 2), terms)).toMatchObject({
      verdict: 'approved',
      reason: 'approved by tina (requester tina; approval by role approver)',
    });
  });

  it("refuses a ServiceAccount token that is not an approving role's, and accepts an approving role's", () => {
    const admin = verdict(labels('system-serviceaccount-kube-system-admin', 'Resume'), node('Succeeded', 2));
    expect(admin).toMatchObject({
      verdict: 'refused',
      reason:
        'system-serviceaccount-kube-system-admin is not of a role that may approve (approval by role approver, not by the requester)',
    });
    const tenantToken = verdict(
      labels('system-serviceaccount-opsflow-opsflow-role-tenant', 'Resume'),
      node('Succeeded', 2),
    );
    expect(tenantToken.verdict).toBe('refused');
    const approverToken = verdict(
      labels('system-serviceaccount-opsflow-opsflow-role-approver', 'Resume'),
      node('Succeeded', 2),
    );
    expect(approverToken.verdict).toBe('approved');
  });

  it('refuses a decision with no signed-in person (argo resume or stop outside Argo Server SSO)', () => {
    expect(verdict(labels(), node('Succeeded', 2))).toMatchObject({
      verdict: 'refused',
      reason:
        'the approval was resumed without a signed-in approver (workflows.argoproj.io/action is unset; approval by role approver, not by the requester)',
    });
    expect(verdict(labels(), node('Failed', 2))).toMatchObject({
      verdict: 'refused',
      reason: 'the approval was stopped without a signed-in person (Argo Server set no actor)',
    });
  });
});

describe('the approval terms of an action by role', () => {
  const roles = [
    Role.parse({ name: 'operator', members: { groups: ['ops'] }, precedence: 30, actions: 'all' }),
    Role.parse({ name: 'approver', members: { groups: ['a'] }, precedence: 20, actions: {}, approves: true }),
    Role.parse({
      name: 'tenant',
      members: { groups: ['t'] },
      precedence: 10,
      actions: { dump: { approval: { by: 'approver', timeout: '30m' } }, logs: true },
    }),
  ];

  it("takes a grant's approval for its role only", () => {
    expect(approvalTermsByRole(roles, 'dump', false)).toEqual({ tenant: TENANT_TERMS });
    expect(approvalTermsByRole(roles, 'logs', false)).toEqual({});
  });

  it('makes an action that always waits wait for every other run, approved by any approving role', () => {
    expect(approvalTermsByRole(roles, 'logs', true)).toEqual({ '*': { by: ['approver'], selfApproval: false } });
  });
});

import type { RoleAccess } from '../../governance/access.js';
import { accessOf, mayDo, terms } from '../access.js';
import { type ActionKind, actionInfo, actionTemplates } from '../action-info.js';
import { action, newCommand, outputOption, type Zod } from '../command.js';
import { connectionFlags } from '../config.js';
import { connect } from '../connect.js';
import type { CliIo } from '../io.js';
import { outputFormat, printOutput, renderTable } from '../output.js';

const MeOptions = (z: Zod) => connectionFlags(z).extend({ output: outputFormat(z) });

/** One action in `me`: what the caller's role may do with it (nothing said when the caller has no opsflow role). */
interface MyAction extends RoleAccess {
  readonly name: string;
  readonly kind: ActionKind;
}

/**
 * Who the token is (GET /api/v1/userinfo: SSO claims, and the ServiceAccount whose RBAC Argo Server applies to the
 * token), the opsflow role that ServiceAccount is, and what the role may run or approve: read from the
 * `opsflow.io/access` annotation synth puts on every WorkflowTemplate (src/governance/access.ts), as the site
 * declares it. The admission policy and the run guard enforce it at submit; Argo Server offers no access review.
 */
export function meCommand(io: CliIo) {
  return newCommand('me', 'your identity, your role and the actions it may run or approve')
    .addOption(outputOption())
    .action(
      action(io, MeOptions, [], async (options) => {
        const { argo, namespace } = await connect(options, io);
        const user = await argo.call('get', '/api/v1/userinfo');
        const list = await argo.call('get', '/api/v1/workflow-templates/{namespace}', { path: { namespace } });
        const templates = actionTemplates(list.items);
        const { roleOfServiceAccount } = await import('../../governance/role.js');
        const role = roleOfServiceAccount(user.serviceAccountName);
        const serviceAccount = user.serviceAccountName
          ? `${user.serviceAccountNamespace ?? namespace}/${user.serviceAccountName}`
          : '';
        const actions = templates
          .flatMap((template): MyAction[] => {
            const { name, kind } = actionInfo(template);
            if (!role) return [{ name, kind }];
            const mine = accessOf(template)?.[role];
            return mine ? [{ name, kind, ...mine }] : [];
          })
          .sort((a, b) => a.name.localeCompare(b.name));
        await printOutput(io, options.output, { user, namespace, role: role ?? null, actions }, () => [
          ['name:', user.name || user.subject || ''],
          ['email:', user.email ?? ''],
          ['groups:', (user.groups ?? []).join(', ')],
          ['service account:', serviceAccount],
          [
            'role:',
            role ??
              `none (${serviceAccount || 'no ServiceAccount'} is no opsflow role's: its RBAC and the admission ` +
                'policies decide at submit)',
          ],
          ['namespace:', namespace],
          ...(role ? [] : [['actions:', actions.map((a) => a.name).join(', ')]]),
        ]);
        if (options.output === 'table' && role) {
          io.stdout.write(
            actions.length === 0
              ? `\nrole ${role} may run or approve none of the ${templates.length} actions here\n`
              : `\n${renderTable([
                  ['ACTION', 'KIND', 'MAY', 'TERMS'],
                  ...actions.map((a) => [a.name, a.kind, mayDo(a), a.run ? terms(a.run) : '']),
                ])}`,
          );
        }
      }),
    );
}

import { action, newCommand, outputOption, type Zod } from '../command.js';
import { connectionFlags } from '../config.js';
import { connect } from '../connect.js';
import type { CliIo } from '../io.js';
import { outputFormat, printOutput } from '../output.js';

const MeOptions = (z: Zod) => connectionFlags(z).extend({ output: outputFormat(z) });

/**
 * Who the token is (GET /api/v1/userinfo: SSO claims, and the ServiceAccount whose RBAC Argo Server applies to the
 * token) and the actions it can see. Which of them it may run is decided by that ServiceAccount's RBAC and the
 * admission policies at submit time; Argo Server offers no access review, so `me` does not guess.
 */
export function meCommand(io: CliIo) {
  return newCommand('me', 'your identity, the ServiceAccount your requests run as, and the actions you can see')
    .addOption(outputOption())
    .action(
      action(io, MeOptions, [], async (options) => {
        const { argo, namespace } = await connect(options, io);
        const user = await argo.call('get', '/api/v1/userinfo');
        const templates = await argo.call('get', '/api/v1/workflow-templates/{namespace}', { path: { namespace } });
        const actions = (templates.items ?? []).map((t) => t.metadata.name ?? '').sort();
        const serviceAccount = user.serviceAccountName
          ? `${user.serviceAccountNamespace ?? namespace}/${user.serviceAccountName}`
          : '';
        await printOutput(io, options.output, { user, namespace, actions }, () => [
          ['name:', user.name || user.subject || ''],
          ['email:', user.email ?? ''],
          ['groups:', (user.groups ?? []).join(', ')],
          ['service account:', serviceAccount],
          ['namespace:', namespace],
          ['actions:', actions.join(', ')],
        ]);
      }),
    );
}

import { openshiftWorkloadRestart } from '../../../src/catalog/actions/openshift-workload-restart.js';
import { constant, defineAutomation, fromEvent, on } from '../../../src/catalog/automation.js';
import { alertmanager } from '../../../src/catalog/automations/sources.js';

// Compile-time checks (ts-jest type-checks this file): a wrong event or parameter name does not compile.
describe('defineAutomation', () => {
  it('accepts parameters named after the action input and events the source declares', () => {
    const automation = defineAutomation({
      name: 'typed',
      description: 'typing check',
      on: on(alertmanager, 'alerts'),
      action: openshiftWorkloadRestart,
      parameters: { cluster: fromEvent('body.commonLabels.cluster'), kind: constant('Pod') },
    });
    expect(Object.keys(automation.parameters)).toEqual(['cluster', 'kind']);
  });

  it('rejects an unknown parameter name and an undeclared event at compile time', () => {
    const build = () =>
      defineAutomation({
        name: 'typed',
        description: 'typing check',
        // @ts-expect-error `alert` is not an event of the alertmanager source
        on: on(alertmanager, 'alert'),
        action: openshiftWorkloadRestart,
        parameters: {
          // @ts-expect-error `podName` is not a field of the action's input schema
          podName: fromEvent('body.commonLabels.pod'),
        },
      });
    expect(build().parameters).toEqual({ podName: { from: 'event', path: 'body.commonLabels.pod' } });
  });
});

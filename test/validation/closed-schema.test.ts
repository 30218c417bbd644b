import { Ajv2020 } from 'ajv/dist/2020.js';
import { closeSchema } from '../../src/validation/closed-schema.js';

const upstreamLike = {
  definitions: {
    'io.argoproj.workflow.v1alpha1.RetryStrategy': {
      type: 'object',
      properties: {
        limit: { $ref: '#/definitions/io.k8s.apimachinery.pkg.util.intstr.IntOrString' },
        expression: { type: 'string' },
      },
    },
    'io.argoproj.workflow.v1alpha1.Inline': {
      type: 'object',
      properties: { a: { type: 'string' } },
      'x-kubernetes-preserve-unknown-fields': true,
    },
    'io.argoproj.workflow.v1alpha1.Labels': { type: 'object', additionalProperties: { type: 'string' } },
    'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { type: 'string', format: 'int-or-string' },
  },
};

function validator(name: string) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addSchema(closeSchema(upstreamLike), 'doc');
  const validate = ajv.getSchema(`doc#/definitions/io.argoproj.workflow.v1alpha1.${name}`);
  if (!validate) throw new Error(name);
  return validate;
}

describe('closeSchema', () => {
  it('rejects a field an object definition does not list', () => {
    const validate = validator('RetryStrategy');
    expect(validate({ expression: 'true', retryPolicy: 'Always' })).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({
      keyword: 'additionalProperties',
      params: { additionalProperty: 'retryPolicy' },
    });
  });

  it('accepts IntOrString as an integer or a string', () => {
    const validate = validator('RetryStrategy');
    expect(validate({ limit: 3 })).toBe(true);
    expect(validate({ limit: '3' })).toBe(true);
    expect(validate({ limit: true })).toBe(false);
  });

  it('leaves free-form and map definitions open, and does not touch the input', () => {
    expect(validator('Inline')({ a: 'x', anything: 1 })).toBe(true);
    expect(validator('Labels')({ team: 'ops' })).toBe(true);
    expect(upstreamLike.definitions['io.argoproj.workflow.v1alpha1.RetryStrategy']).not.toHaveProperty(
      'additionalProperties',
    );
  });
});

import fc from 'fast-check';
import { redactUrlCredentials } from '../../../src/clients/http/redact.js';
import { createRedactor } from '../../../src/steps/runtime/redact.js';

/** The expression the redactor used before: correct, but quadratic on a long word. */
const QUADRATIC_URL_CREDENTIALS = /(\w+:\/\/)[^\s/@"]+@/g;
const before = (text: string) => text.replace(QUADRATIC_URL_CREDENTIALS, '$1***@');

const MB5 = 5 * 1024 * 1024;

describe('URL credential redaction', () => {
  it('redacts the user info of URLs in text', () => {
    expect(redactUrlCredentials('see https://admin:s3cret@nautobot.example/api/ and amqp://u:p@mq:5672/x')).toBe(
      'see https://***@nautobot.example/api/ and amqp://***@mq:5672/x',
    );
    expect(redactUrlCredentials('a://b://c@d e://@f g://h')).toBe('a://b://***@d e://@f g://h');
  });

  it.each([
    ['one 5 MB word', 'a'.repeat(MB5)],
    ['5 MB of schemes without user info', 'a://'.repeat(MB5 / 4)],
    ['5 MB of user info without an @', `https://${'u'.repeat(MB5)}`],
    ['5 MB of JSON secrets without an end', '"password":"'.repeat(MB5 / 12)],
    ['5 MB of credentials', 'http://u:p@h '.repeat(MB5 / 13)],
  ])('takes well under a second on %s', (_name, text) => {
    const redactor = createRedactor({ OS_PASSWORD: 'hunter22' });
    const started = performance.now();
    redactor.redact(text);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('replaces exactly what the quadratic expression replaced', () => {
    const piece = fc.constantFrom(
      'a',
      'Z9',
      '_',
      ':',
      '/',
      '//',
      '://',
      '@',
      '"',
      ' ',
      '\n',
      '\t',
      'x:y',
      '.',
      '-',
      'é',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string({ maxLength: 4 })), { maxLength: 40 }), (pieces) => {
        const text = pieces.join('');
        expect(redactUrlCredentials(text)).toBe(before(text));
      }),
      { numRuns: 5000 },
    );
  });
});

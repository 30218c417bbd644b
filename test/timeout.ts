import { jest } from '@jest/globals';

// A hang guard, not a speed check: property tests run a fixed number of cases and some tests talk to real servers
// (SMTP with TLS; Keystone, Ironic and RabbitMQ in the integration project), so on a busy shared machine a test may
// take several times its usual seconds. Jest's default 5 s made those fail for the machine's load, not for a bug.
jest.setTimeout(60_000);

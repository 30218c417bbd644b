import { jest } from '@jest/globals';

// Real servers on a shared 2-core machine (state changes with 1 s fake delays), run beside the unit tests in CI.
jest.setTimeout(60_000);

import * as catalog from '../../src/catalog/index.js';
import { loadSite } from '../../src/catalog/site.js';
import { exampleSite } from '../../src/catalog/sites/example.js';
import { buildApp } from '../../src/charts/app.js';

/** The app `npm run synth` renders (src/charts/app.ts), for the tests of the Events charts. */
export function buildEventsApp(site = loadSite(exampleSite)) {
  return buildApp(site, catalog);
}

/** How long `npm run synth` spends rendering the example site (build the app, validate, render YAML). */
import * as catalog from '../src/catalog/index.js';
import { loadSite } from '../src/catalog/site.js';
import { exampleSite } from '../src/catalog/sites/example.js';
import { buildApp } from '../src/charts/app.js';
import { renderApp } from '../src/synth/render.js';

export default async (): Promise<void> => {
  const site = loadSite(exampleSite);
  const time = () => {
    const start = performance.now();
    const files = renderApp(buildApp(site, catalog));
    return { ms: performance.now() - start, files: files.length };
  };
  const first = time();
  const runs = Array.from({ length: 10 }, time)
    .map((run) => run.ms)
    .sort((a, b) => a - b);
  console.log(`files rendered:        ${first.files}`);
  console.log(`first render:          ${first.ms.toFixed(1)} ms`);
  console.log(`median of 10 renders:  ${runs[5]!.toFixed(1)} ms`);
};

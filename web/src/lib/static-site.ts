/**
 * A page of the static copy of the public site (`shinchoku export-site`), served by any
 * static server under any path, with no API behind it. The page embeds every API response
 * its render read (the seed, as a server-rendered page does) and names its own app path;
 * it hydrates on a memory router at that path, answers the app's requests from the seed
 * only, and turns every navigation into a load of the copy's file of the next page (the
 * same relative link the copy's markup carries, src/domain/static-site.ts), or of the live
 * page where the reader asks for another state of this one (a filter in the address).
 */
import { createMemoryRouter } from 'react-router';
import { relativeHref, splitUrl, staticFile } from '../../../src/domain/static-site.ts';
import { setTransport } from '../api/client.ts';
import { routes } from '../routes.tsx';
import { hydratingScope, seededTransport, type Seed } from './ssr.ts';

/** What the copy cannot answer: the API is not there. */
const unavailable = async () =>
  new Response(JSON.stringify({ error: { code: 'unavailable', message: 'a static copy has no API' } }), {
    status: 503,
    headers: { 'content-type': 'application/json' },
  });

/** The router and render scope of a static page whose seed names its path. */
export function staticPage(seed: Seed & { staticPath: string }) {
  setTransport(seededTransport(seed, unavailable));
  const scope = hydratingScope(seed, false);
  const here = seed.staticPath;
  const router = createMemoryRouter(routes, { initialEntries: [here] });
  router.subscribe(({ location }) => {
    const to = location.pathname + location.search;
    if (to === here) return;
    // A page of the copy has one state: this page in another (a filter, a cycle compared
    // with) is the live site's.
    if (location.pathname === splitUrl(here).path) {
      window.location.assign(seed.publicUrl + to + location.hash);
      return;
    }
    const { query } = splitUrl(to);
    const href = relativeHref(staticFile(here), staticFile(to)) + (query ? `?${query}` : '') + location.hash;
    window.location.assign(href);
  });
  // The seed stays the only source: the hydration's loads are forgotten once committed.
  const finish = () => {
    scope.active = false;
    scope.loads.clear();
  };
  return { router, scope, finish };
}

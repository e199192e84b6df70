import { createRoot, hydrateRoot } from 'react-dom/client';
import { createBrowserRouter } from 'react-router';
import { Root } from './Root.tsx';
import { hydrationScope, readSeed } from './lib/ssr.ts';
import { staticPage } from './lib/static-site.ts';
import { routes } from './routes.tsx';
import { hasSignedInBefore } from './workflow/session.ts';
import './styles/base.css';
import './styles/components.css';
import './styles/pages.css';
import './styles/print.css';

const root = document.getElementById('root');
const seed = readSeed(document);
if (root && seed?.staticPath !== undefined) {
  // A page of the static copy: no API behind it, every navigation loads the copy's file.
  const { router, scope, finish } = staticPage({ ...seed, staticPath: seed.staticPath });
  hydrateRoot(root, <Root router={router} scope={scope} onCommit={finish} />);
} else if (root && seed) {
  // A server-rendered page: hydrated from the responses its render read.
  const { scope, finish } = hydrationScope(seed, hasSignedInBefore());
  hydrateRoot(root, <Root router={createBrowserRouter(routes)} scope={scope} onCommit={finish} />);
} else if (root) {
  createRoot(root).render(<Root router={createBrowserRouter(routes)} scope={null} />);
}

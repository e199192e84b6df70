/**
 * The app's root, the same in the browser and in a server render (web/src/entry-server.tsx),
 * so that a server-rendered page hydrates: the router, and the render scope the data hooks
 * read (web/src/lib/ssr.ts).
 */
import { StrictMode, useLayoutEffect } from 'react';
import { RouterProvider, type DataRouter } from 'react-router';
import { RenderContext, type RenderScope } from './lib/ssr.ts';

/** Calls `onCommit` once the tree has committed (before any component's passive effect). */
function Committed({ onCommit }: { onCommit?: () => void }) {
  useLayoutEffect(() => onCommit?.(), [onCommit]);
  return null;
}

export function Root({
  router,
  scope,
  onCommit,
}: {
  router: DataRouter;
  scope: RenderScope | null;
  onCommit?: () => void;
}) {
  return (
    <StrictMode>
      <RenderContext.Provider value={scope}>
        <RouterProvider router={router} />
        <Committed onCommit={onCommit} />
      </RenderContext.Provider>
    </StrictMode>
  );
}

import type { ReactNode } from 'react';

/**
 * A search landmark whose submission the app handles: `onData` gets the form's fields.
 * With `action`, it is also a plain GET form that works without JavaScript.
 */
export function QueryForm({
  label,
  className,
  action,
  onData,
  children,
}: {
  label: string;
  className: string;
  action?: string;
  onData: (data: FormData) => void;
  children: ReactNode;
}) {
  return (
    <form
      role="search"
      aria-label={label}
      className={className}
      action={action}
      onSubmit={(e) => {
        e.preventDefault();
        onData(new FormData(e.currentTarget));
      }}
    >
      {children}
    </form>
  );
}

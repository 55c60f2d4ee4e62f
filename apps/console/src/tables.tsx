import { ComponentChildren } from 'preact';

/** A table whose one header row names its columns; the rows are the caller's. */
export function ColumnTable({
  columns,
  caption,
  class: className,
  children,
}: {
  columns: readonly ComponentChildren[];
  caption?: string;
  class?: string;
  children: ComponentChildren;
}) {
  return (
    <table class={className}>
      {caption !== undefined && <caption>{caption}</caption>}
      <thead>
        <tr>
          {columns.map((c) => (
            <th scope="col">{c}</th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

/** A bulleted list of `items`, or the word for none when there are none. */
export function ListOrNone<T>({
  items,
  none,
  item,
}: {
  items: readonly T[];
  none: string;
  item: (value: T) => ComponentChildren;
}) {
  if (items.length === 0) return <p>{none}</p>;
  return (
    <ul>
      {items.map((value) => (
        <li>{item(value)}</li>
      ))}
    </ul>
  );
}

/**
 * A box that scrolls sideways when its table is wider than the window: focusable, and named, so
 * that a keyboard can scroll it too (its cells hold nothing else to focus).
 */
export function Scroll({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    // Focusable, so a keyboard can scroll it; a named group, not a region: it sits in a section of
    // the same name, and two landmarks of one name are one to a screen reader's list of them.
    <div class="scroll" role="group" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

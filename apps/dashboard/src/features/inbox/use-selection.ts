import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * The rows picked for a bulk action. A click toggles one row and makes it the anchor; a shift-click selects every
 * row from the anchor to it (the order shown). `resetKey` (the list's filter) starts over on another list.
 */
export function selectRange(ids: readonly string[], selected: ReadonlySet<string>, anchor: string | null, id: string) {
  const from = anchor === null ? -1 : ids.indexOf(anchor);
  const to = ids.indexOf(id);
  if (from < 0 || to < 0) return toggle(selected, id);
  const next = new Set(selected);
  for (let i = Math.min(from, to); i <= Math.max(from, to); i++) next.add(ids[i]!);
  return next;
}

function toggle(selected: ReadonlySet<string>, id: string) {
  const next = new Set(selected);
  if (!next.delete(id)) next.add(id);
  return next;
}

export function useSelection(items: readonly { id: string }[], resetKey: string) {
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  const anchor = useRef<string | null>(null);
  const itemsRef = useRef(items);
  itemsRef.current = items;
  // biome-ignore lint/correctness/useExhaustiveDependencies: resetKey stands for the list shown
  useEffect(() => {
    setSelected(new Set());
    anchor.current = null;
  }, [resetKey]);
  const onToggle = useCallback((id: string, isRange: boolean) => {
    const ids = itemsRef.current.map((c) => c.id);
    setSelected((s) => (isRange ? selectRange(ids, s, anchor.current, id) : toggle(s, id)));
    if (!isRange) anchor.current = id;
  }, []);
  const clear = useCallback(() => {
    setSelected(new Set());
    anchor.current = null;
  }, []);
  // Only what the list still shows counts (a row that left it, resolved by a colleague, is no longer picked).
  const ids = items.filter((c) => selected.has(c.id)).map((c) => c.id);
  return { selected, ids, onToggle, clear };
}

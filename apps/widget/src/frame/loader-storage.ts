import type { StoredItems } from '../shared/frame-messages.js';
import type { KeyValueStore } from './outbox.js';
import { safeStorage } from './safe-storage.js';

type Changes = Record<string, string | null>;
/** What the frame's own storage must offer to hand its items over (localStorage does). */
export type OwnStorage = Pick<Storage, 'length' | 'key' | 'getItem' | 'removeItem'>;

const ownLocalStorage = (): OwnStorage | null => {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
};

/**
 * The frame's storage when the loader keeps the widget's items in the host page's localStorage (see
 * shared/frame-messages.ts). It is this tab's copy of those items, in memory:
 *
 * - until the loader's snapshot arrives it only collects what is written (ChatStore starts no session before it);
 * - `load(snapshot)` fills it from the host page's items; every write after that is posted to the loader;
 * - `applyRemote` takes the changes other tabs made (the host page's storage events, forwarded), without posting
 *   them back: an echo could land after a newer write and undo it;
 * - when the host page cannot store (snapshot null), it hands over to the frame's own storage, else memory: the
 *   widget as it was before the loader kept anything.
 *
 * The frame's own storage is not written beside the host's: two copies would need a rule for which one wins at every
 * load, and one tab's load could overwrite what another tab had just written. It is read once, to move items the
 * widget kept there before (`hasConversation` with no stored session), and those are then removed from it.
 */
export class LoaderStorage implements KeyValueStore {
  private items = new Map<string, string>();
  /** Writes made before the snapshot, replayed on top of it. Null once loaded. */
  private early: Changes | null = {};
  private fallback: KeyValueStore | null = null;

  constructor(
    private readonly prefix: string,
    private readonly post: (changes: Changes) => void,
    private readonly own: () => OwnStorage | null = ownLocalStorage,
    private readonly fallbackStorage: () => KeyValueStore = safeStorage,
  ) {}

  get isLoaded() {
    return this.early === null;
  }

  /** The host page's storage is shared by its tabs and outlives the page; so is the fallback unless it is memory. */
  get isPersistent() {
    return this.fallback ? this.fallback.isPersistent === true : true;
  }

  getItem(key: string): string | null {
    return this.fallback ? this.fallback.getItem(key) : (this.items.get(key) ?? null);
  }

  setItem(key: string, value: string) {
    this.write(key, value);
  }

  removeItem(key: string) {
    this.write(key, null);
  }

  private write(key: string, value: string | null) {
    if (this.fallback) {
      if (value === null) this.fallback.removeItem(key);
      else this.fallback.setItem(key, value);
      return;
    }
    if ((this.items.get(key) ?? null) === value) return;
    if (value === null) this.items.delete(key);
    else this.items.set(key, value);
    if (this.early) this.early[key] = value;
    else this.post({ [key]: value });
  }

  /**
   * The loader's snapshot of the host page's items (null: that page cannot store). Only the first counts: a later
   * one could predate writes this tab has posted since. Returns whether it was taken.
   */
  load(snapshot: StoredItems | null, hasConversation: boolean): boolean {
    const early = this.early;
    if (!early) return false;
    this.early = null;
    if (snapshot === null) {
      this.fallback = this.fallbackStorage();
      for (const [key, value] of Object.entries(early))
        if (value === null) this.fallback.removeItem(key);
        else this.fallback.setItem(key, value);
      return true;
    }
    this.items = new Map(
      Object.entries(snapshot).filter(
        (e): e is [string, string] => e[0].startsWith(this.prefix) && typeof e[1] === 'string',
      ),
    );
    const changes: Changes = {};
    if (hasConversation && !this.items.has(`${this.prefix}session`)) Object.assign(changes, this.takeOwnItems());
    Object.assign(changes, early);
    for (const [key, value] of Object.entries(changes))
      if (value === null) this.items.delete(key);
      else this.items.set(key, value);
    if (Object.keys(changes).length > 0) this.post(changes);
    return true;
  }

  /** A change another tab made to the host page's items (key null: that page's storage was cleared). */
  applyRemote(key: string | null, value: string | null): boolean {
    if (!this.isLoaded || this.fallback) return false;
    if (key === null) this.items.clear();
    else if (!key.startsWith(this.prefix)) return false;
    else if (typeof value === 'string') this.items.set(key, value);
    else this.items.delete(key);
    return true;
  }

  /** The items the widget kept in the frame's own storage before the loader kept them, removed from there. */
  private takeOwnItems(): Changes {
    const taken: Changes = {};
    try {
      const own = this.own();
      if (!own) return taken;
      for (let i = 0; i < own.length; i++) {
        const key = own.key(i);
        const value = key?.startsWith(this.prefix) ? own.getItem(key) : null;
        if (key && value !== null) taken[key] = value;
      }
      for (const key of Object.keys(taken)) own.removeItem(key);
    } catch {
      /* refused: nothing to take */
    }
    return taken;
  }
}

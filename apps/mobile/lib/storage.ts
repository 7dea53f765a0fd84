import AsyncStorage from '@react-native-async-storage/async-storage';
import * as SecureStore from 'expo-secure-store';
import { Platform } from 'react-native';

/** The small storage interface every persisted piece of the app goes through (tests pass a Map-backed one). */
export interface KeyValueStore {
  getItem(key: string): Promise<string | null>;
  setItem(key: string, value: string): Promise<void>;
  removeItem(key: string): Promise<void>;
}

/**
 * Secrets (the refresh token, the server address): the Keychain / Keystore through expo-secure-store on phones;
 * on the web, where there is no such store, localStorage behind the same interface.
 */
export const secureStorage: KeyValueStore =
  Platform.OS === 'web'
    ? {
        getItem: async (k) => globalThis.localStorage?.getItem(k) ?? null,
        setItem: async (k, v) => globalThis.localStorage?.setItem(k, v),
        removeItem: async (k) => globalThis.localStorage?.removeItem(k),
      }
    : {
        // SecureStore keys allow letters, digits, ".", "-" and "_".
        getItem: (k) => SecureStore.getItemAsync(k),
        setItem: (k, v) => SecureStore.setItemAsync(k, v),
        removeItem: (k) => SecureStore.deleteItemAsync(k),
      };

/** The offline cache and the outbox: plain AsyncStorage (localStorage on the web). */
export const cacheStorage: KeyValueStore = {
  getItem: (k) => AsyncStorage.getItem(k),
  setItem: (k, v) => AsyncStorage.setItem(k, v),
  removeItem: (k) => AsyncStorage.removeItem(k),
};

/** A Map-backed store: for tests, and for a session that should not outlive the process. */
export function memoryStorage(initial: Record<string, string> = {}): KeyValueStore & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: async (k) => data.get(k) ?? null,
    setItem: async (k, v) => void data.set(k, v),
    removeItem: async (k) => void data.delete(k),
  };
}

export async function readJson<T>(store: KeyValueStore, key: string): Promise<T | null> {
  try {
    const raw = await store.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

// AsyncStorage's official Jest mock (an in-memory store), so the cache and the outbox persist within a test.
jest.mock('@react-native-async-storage/async-storage', () =>
  require('@react-native-async-storage/async-storage/jest/async-storage-mock'),
);

// Screens are rendered on their own: the router is a recorder (routes are exercised by the web e2e test).
jest.mock('expo-router', () => {
  const router = { push: jest.fn(), replace: jest.fn(), back: jest.fn() };
  return {
    useRouter: () => router,
    useLocalSearchParams: () => ({}),
    Stack: { Screen: () => null },
    __router: router,
  };
});

// jest-expo runs as Expo Go, where expo-notifications warns at import that remote push needs a development build.
const warn = console.warn;
console.warn = (...args: unknown[]) => {
  if (String(args[0]).includes('removed from Expo Go')) return;
  warn(...args);
};

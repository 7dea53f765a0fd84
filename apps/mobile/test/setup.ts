// AsyncStorage's official Jest mock (an in-memory store), so the cache and the outbox persist within a test.
jest.mock('@react-native-async-storage/async-storage', () =>
  require('@react-native-async-storage/async-storage/jest/async-storage-mock'),
);

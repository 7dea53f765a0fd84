// jest-expo (iOS preset) with the monorepo's two Reacts resolved to one: the copy Expo SDK 56 pins, under this app.
const path = require('node:path');

const here = (p) => path.join(__dirname, 'node_modules', p);

module.exports = {
  preset: 'jest-expo',
  roots: ['<rootDir>/test'],
  setupFiles: ['<rootDir>/test/setup.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/after-each.ts'],
  testTimeout: 20_000,
  moduleNameMapper: {
    '^react$': here('react'),
    '^react/(.*)$': here('react/$1'),
    '^react-dom$': here('react-dom'),
    '^react-dom/(.*)$': here('react-dom/$1'),
    '^scheduler$': here('scheduler'),
    '^scheduler/(.*)$': here('scheduler/$1'),
    '^@/(.*)$': '<rootDir>/$1',
    // The protocol package is TypeScript written for NodeNext: `./routes.js` is `./routes.ts`.
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transformIgnorePatterns: [
    'node_modules/(?!(?:.pnpm/)?((jest-)?react-native|@react-native(-community)?|expo(nent)?|@expo(nent)?/.*|@expo-google-fonts/.*|react-navigation|@react-navigation/.*|@sentry/react-native|native-base|react-native-svg|@oceras/.*|socket\\.io-client|engine\\.io-client|zod))',
  ],
};

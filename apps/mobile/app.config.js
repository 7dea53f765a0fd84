// The EAS project id is per deployment (each organization building its own app has one): from the environment,
// e.g. `EAS_PROJECT_ID=... eas build`. Without it the app runs, and says push needs a configured build.
module.exports = ({ config }) => ({
  ...config,
  extra: {
    ...config.extra,
    ...(process.env.EAS_PROJECT_ID ? { eas: { projectId: process.env.EAS_PROJECT_ID } } : {}),
  },
});

import { configure } from '@testing-library/react-native';
import { applyLanguage } from '@/lib/i18n/i18n';
import { disposeTestApps } from './fake-server';

// Two cores, a cold transform cache and other suites running beside: give async queries more than a second.
configure({ asyncUtilTimeout: 10_000 });

afterEach(() => {
  disposeTestApps();
  // The next test starts in the device's language (English here), whatever this one chose.
  applyLanguage(null);
});

import { configure } from '@testing-library/react-native';
import { disposeTestApps } from './fake-server';

// Two cores, a cold transform cache and other suites running beside: give async queries more than a second.
configure({ asyncUtilTimeout: 10_000 });

afterEach(() => disposeTestApps());

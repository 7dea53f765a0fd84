import { configure } from '@testing-library/react-native';
import { disposeTestApps } from './fake-server';

// Two cores and a cold transform cache: give async queries more than the default second.
configure({ asyncUtilTimeout: 5_000 });

afterEach(() => disposeTestApps());

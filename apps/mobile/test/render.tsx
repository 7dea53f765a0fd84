import { render } from '@testing-library/react-native';
import type { ReactElement } from 'react';
import { type App, AppProvider } from '@/lib/app';

export function renderWithApp(app: App, ui: ReactElement) {
  return render(<AppProvider app={app}>{ui}</AppProvider>);
}

export const mockRouter = (jest.requireMock('expo-router') as { __router: { push: jest.Mock } }).__router;

import { createRoot } from 'react-dom/client';
import { App } from './app';
import { browserLanguage, switchLanguage } from './i18n/i18n';
import './styles.css';

// The first screen in the browser's language: English at once, another once its chunk is here (never a flash of
// English first). Signed in, the agent's own choice follows (features/shell/signed-in.tsx).
void switchLanguage(browserLanguage()).finally(() => createRoot(document.getElementById('root')!).render(<App />));

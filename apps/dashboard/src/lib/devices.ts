import type { TDevice } from '@oceras/protocol';

const PLATFORMS: Record<TDevice['platform'], string> = { ios: 'iOS', android: 'Android', web: 'Web' };

export const platformName = (platform: TDevice['platform']) => PLATFORMS[platform];

/** What a person calls a phone: the name its app sent, else its platform. */
export const deviceLabel = (d: Pick<TDevice, 'name' | 'platform'>) => d.name ?? platformName(d.platform);

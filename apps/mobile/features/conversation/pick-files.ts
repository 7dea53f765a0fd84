import { LIMITS } from '@oceras/protocol';
import * as DocumentPicker from 'expo-document-picker';
import * as ImagePicker from 'expo-image-picker';
import { Platform } from 'react-native';
import { currentStrings } from '@/lib/i18n/i18n';
import type { LocalFile } from '@/lib/uploader';

export type PickSource = 'library' | 'camera' | 'file';

export class PickError extends Error {}

/**
 * Opens the photo library, the camera or the file picker; resolves with the files chosen (none when cancelled).
 * Both pickers copy what they return into the app's cache, which is what lets the outbox keep a file across a
 * restart. On the web they open a file input: call this straight from the press, before any await, or the browser
 * refuses to open it.
 */
export async function pickFiles(
  source: PickSource,
  room: number = LIMITS.attachmentsPerMessageMax,
): Promise<LocalFile[]> {
  if (source === 'file') {
    const result = await DocumentPicker.getDocumentAsync({
      type: '*/*',
      multiple: room > 1,
      copyToCacheDirectory: true,
      base64: false,
    });
    if (result.canceled) return [];
    return result.assets.slice(0, room).map((a) => ({
      uri: a.uri,
      name: a.name,
      type: a.mimeType ?? a.file?.type ?? '',
      size: a.size ?? a.file?.size ?? 0,
    }));
  }
  const options: ImagePicker.ImagePickerOptions = {
    mediaTypes: ['images'],
    allowsMultipleSelection: source === 'library' && room > 1,
    selectionLimit: room,
    quality: 1,
    base64: false,
    exif: false,
  };
  let result: ImagePicker.ImagePickerResult;
  if (source === 'camera') {
    if (Platform.OS !== 'web') {
      const permission = await ImagePicker.requestCameraPermissionsAsync();
      if (!permission.granted) throw new PickError(currentStrings().composer.noCamera);
    }
    result = await ImagePicker.launchCameraAsync(options);
  } else {
    result = await ImagePicker.launchImageLibraryAsync(options);
  }
  if (result.canceled) return [];
  return result.assets.slice(0, room).map((a, i) => ({
    uri: a.uri,
    name: a.fileName ?? a.file?.name ?? `photo-${Date.now()}-${i + 1}.${extensionOf(a.mimeType)}`,
    type: a.mimeType ?? a.file?.type ?? '',
    size: a.fileSize ?? a.file?.size ?? 0,
  }));
}

const extensionOf = (type: string | undefined) => (type?.split('/')[1] ?? 'jpg').replace('jpeg', 'jpg');

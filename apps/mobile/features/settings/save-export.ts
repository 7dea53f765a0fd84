import { Directory, File, Paths } from 'expo-file-system';
import { Platform, Share } from 'react-native';
import { currentStrings, fill } from '@/lib/i18n/i18n';

/**
 * Keeps the export on the phone, without a sharing library: on iOS in the app's documents (which the Files app
 * shows, under On My iPhone › Oceras) and offered to the share sheet; on Android in a folder the agent picks
 * (Downloads, say), else in the app's documents. Resolves with a sentence saying where it went.
 */
export async function saveExport(json: string, fileName: string): Promise<string> {
  if (Platform.OS === 'android') {
    try {
      const folder = await Directory.pickDirectoryAsync();
      const file = folder.createFile(fileName, 'application/json');
      file.write(json);
      return fill(currentStrings().profile.savedInFolder, { file: fileName });
    } catch {
      // No folder chosen: the app's own documents, below.
    }
  }
  const file = new File(Paths.document, fileName);
  file.create({ overwrite: true });
  file.write(json);
  if (Platform.OS === 'ios') {
    await Share.share({ url: file.uri, title: fileName }).catch(() => undefined);
    return fill(currentStrings().profile.savedInDocuments, { file: fileName });
  }
  return fill(currentStrings().profile.savedOnDevice, { file: fileName, uri: file.uri });
}

import { Directory, File, Paths } from 'expo-file-system';
import { Platform, Share } from 'react-native';

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
      return `Saved as ${fileName} in the folder you chose.`;
    } catch {
      // No folder chosen: the app's own documents, below.
    }
  }
  const file = new File(Paths.document, fileName);
  file.create({ overwrite: true });
  file.write(json);
  if (Platform.OS === 'ios') {
    await Share.share({ url: file.uri, title: fileName }).catch(() => undefined);
    return `Saved as ${fileName} in Oceras' documents: open the Files app, On My iPhone, Oceras.`;
  }
  return `Saved as ${fileName} in Oceras' storage on this device (${file.uri}).`;
}

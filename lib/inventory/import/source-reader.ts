// What each source (aws/, kubernetes/, generic/) provides: read its files one by one as they
// stream in (keeping only what it needs), then build the import model from all of them.
import type { FileReader } from "./file-reader";
import type { ImportModel } from "./types";

export type SourceReader = {
  /** Reads one file; sets `reader.format`; throws the file's error (file, place, reason). */
  read(reader: FileReader): Promise<void>;
  build(): Promise<ImportModel>;
};

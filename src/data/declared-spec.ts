// A dataset the experiment declares (`datasets:` in the schema), as a run's spec records it: the
// choices that change what is trained on, and nothing that names where the files are. The bytes
// are identified by their SHA-256 (RunSpec.dataset_sha256), so moving the files keeps every run id.

export const DATA_FORMATS = ['csv', 'npy', 'idx'] as const;
export type DataFormat = (typeof DATA_FORMATS)[number];

/** Two files of one split: the examples (features, or IDX images) and their labels. */
export interface FilePair {
  features: string;
  labels: string;
}

/** What a run's identity holds of a declared dataset. */
export interface DeclaredSpec {
  format: DataFormat;
  label?: string | number;
  test: number | 'file';
  classes: string[];
  /** How the inputs are held: bytes (IDX, uint8 .npy) or float32 features (CSV, float .npy), 4 bytes each. */
  values: 'uint8' | 'float32';
  /** Examples per split and the shape of one (rows 1 for feature vectors): planning sizes runs from it. */
  shape: { train: number; test: number; rows: number; cols: number };
}

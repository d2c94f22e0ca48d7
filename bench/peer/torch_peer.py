#!/usr/bin/python3
"""Glassbox's PyTorch twin of `glassbox bench`: the same five training cases and the same two matrix
products, timed the same way, so that anyone can measure Glassbox against PyTorch on their own machine.

Training cases (the letters are BenchCommand's torch_case values):
  a  MLP 784-16-16-10, sigmoid on every layer, quadratic cost, plain SGD lr 3.0, batch 10, 3 epochs
  b  as a, at batch 100
  c  MLP 784-30-10, otherwise as a
  d  CNN conv5x5x32 (pad 2)-ReLU-maxpool2-conv5x5x64 (pad 2)-ReLU-maxpool2-fc128-ReLU-fc10, cross-entropy,
     SGD momentum 0.9, lr 0.01, batch 64, 1 epoch
  e  Glassbox's cnn-best: conv5x5x32-BN-ReLU-maxpool2-conv3x3x64-BN-ReLU-conv3x3x64-BN-ReLU-maxpool2
     -fc256-ReLU-dropout 0.4-fc10 (no padding: 28-24-12-10-8-4), cross-entropy, SGD momentum 0.9,
     lr 0.05, batch 64, 1 epoch
The MLPs start from the book's init, N(0, 1) for every weight and bias; the CNNs from PyTorch's default.
The quadratic cost of one image is 0.5 * sum_j (a_j - y_j)^2 against its one-hot label, averaged over the
mini-batch, so an SGD step with lr eta is the book's w -= eta/m * (sum of the images' gradients).
Pixels are bytes/255, nothing else. Each epoch prints one line:
  case=a epoch=1 seconds=1.45 eval_seconds=0.01 test_acc=0.8957 train_loss=0.0712
'seconds' is the wall time of one training epoch, its shuffle included; 'eval_seconds' is classifying the
10,000 test images afterwards, which 'seconds' leaves out. --images and --test-images make short runs. Lines starting with '#' are comments.

--gemm instead times the float32 products Glassbox's bench times, out = inp . w^T for inp B x I and
w O x I, default 512x512x512 and 60000x784x100: one warm-up product, then the best (and median) of at
least --reps and half a second of them, printing: gemm shape=512x512x512 threads=2 runs=7 best_seconds=... best_gflops=... median_gflops=...

Usage: torch_peer.py --case a|b|c|d|e [--epochs N] [--images N] [--test-images N] [--threads 2] [--seed 1] [--data DIR]
       torch_peer.py --gemm [BxIxO,...] [--threads 2] [--reps 7]
run-torch-peer.sh (beside this file) installs Debian's PyTorch and OpenBLAS when missing and runs this
with --threads 2.
"""
import argparse
import gzip
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DATA = os.path.normpath(os.path.join(HERE, '..', '..', 'data', 'mnist'))
DEFAULT_SHAPES = '512x512x512,60000x784x100'

# name: (network, layers as Glassbox writes them, batch, learning rate, momentum, epochs)
CASES = {
    'a': ('mlp', '784-16-16-10', 10, 3.0, 0.0, 3),
    'b': ('mlp', '784-16-16-10', 100, 3.0, 0.0, 3),
    'c': ('mlp', '784-30-10', 10, 3.0, 0.0, 3),
    'd': ('lenet', 'conv5x5x32-pool2-conv5x5x64-pool2-fc128-fc10', 64, 0.01, 0.9, 1),
    'e': ('cnn-best', 'conv5x5x32p0-bn-pool2-conv3x3x64p0-bn-conv3x3x64p0-bn-pool2-fc256-dropout0.4-fc10', 64, 0.05, 0.9, 1),
}


def options(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument('--case', choices=sorted(CASES), help='the training case to time')
    what.add_argument('--gemm', nargs='?', const=DEFAULT_SHAPES, metavar='BxIxO,...',
                      help='time matrix products instead (default %s)' % DEFAULT_SHAPES)
    p.add_argument('--epochs', type=int, help="epochs to train (default: the case's)")
    p.add_argument('--images', type=int, default=60000, help='train on the first N training images only (a short run)')
    p.add_argument('--test-images', type=int, default=10000, help='evaluate on the first N test images only')
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--seed', type=int, default=1)
    p.add_argument('--reps', type=int, default=7, help='timed products per shape, at least (--gemm; and at least half a second)')
    p.add_argument('--data', default=DEFAULT_DATA, help='folder with the four MNIST IDX files (default: the repository\'s data/mnist)')
    o = p.parse_args(argv)
    if o.epochs is not None and o.epochs < 1:
        p.error('--epochs must be at least 1')
    if o.images < 1 or o.test_images < 1:
        p.error('--images and --test-images must be at least 1')
    if o.threads < 1:
        p.error('--threads must be at least 1')
    return o


# ---- data: the IDX files, as Glassbox reads them (pixels bytes/255) ----

def idx_file(folder, stem):
    for name in (stem, stem + '.gz', stem.replace('-idx', '.idx'), stem.replace('-idx', '.idx') + '.gz'):
        path = os.path.join(folder, name)
        if os.path.isfile(path):
            return path
    sys.exit('torch_peer.py: %s has no %s (or %s.gz).' % (folder, stem, stem))


def idx_array(path):
    import numpy as np
    opener = gzip.open if path.endswith('.gz') else open
    with opener(path, 'rb') as f:
        raw = f.read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], 'big') for i in range(dims)]
    if raw[2] != 0x08:
        sys.exit('torch_peer.py: %s does not hold unsigned bytes.' % path)
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def mnist(folder, torch):
    def split(prefix):
        images = idx_array(idx_file(folder, prefix + '-images-idx3-ubyte'))
        labels = idx_array(idx_file(folder, prefix + '-labels-idx1-ubyte'))
        x = torch.from_numpy(images.reshape(len(images), -1).astype('float32')) / 255.0
        return x, torch.from_numpy(labels.astype('int64'))
    return split('train') + split('t10k')


# ---- the networks ----

def network(kind, layers, torch):
    nn = torch.nn
    if kind == 'mlp':
        sizes = [int(s) for s in layers.split('-')]
        modules = []
        for n_in, n_out in zip(sizes, sizes[1:]):
            dense = nn.Linear(n_in, n_out)
            with torch.no_grad():  # each layer drawn as it is made: the book's N(0, 1) for weights and biases
                dense.weight.normal_(0.0, 1.0)
                dense.bias.normal_(0.0, 1.0)
            modules += [dense, nn.Sigmoid()]
        return nn.Sequential(*modules)
    image = nn.Unflatten(1, (1, 28, 28))
    if kind == 'lenet':
        return nn.Sequential(
            image,
            nn.Conv2d(1, 32, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 10))
    return nn.Sequential(
        image,
        nn.Conv2d(1, 32, 5), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.BatchNorm2d(64), nn.ReLU(),
        nn.Conv2d(64, 64, 3), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 4 * 4, 256), nn.ReLU(), nn.Dropout(0.4), nn.Linear(256, 10))


def blas():
    """Which BLAS the process has loaded (Linux): openblas is the fair peer; reference is 1.6-2.3x slower."""
    try:
        with open('/proc/self/maps') as f:
            libs = {line.split()[-1] for line in f if '.so' in line}
    except OSError:
        return 'unknown'
    for name, mark in (('openblas', 'openblas'), ('mkl', 'libmkl_'), ('reference', '/libblas.so')):
        if any(mark in lib for lib in libs):
            return name
    return 'none loaded'


def train(o, torch):
    kind, layers, batch, lr, momentum, epochs = CASES[o.case]
    epochs = o.epochs or epochs
    torch.manual_seed(o.seed)
    tx, ty, ex, ey = mnist(o.data, torch)
    tx, ty, ex, ey = tx[:o.images], ty[:o.images], ex[:o.test_images], ey[:o.test_images]
    net = network(kind, layers, torch)
    sgd = torch.optim.SGD(net.parameters(), lr=lr, momentum=momentum)
    if kind == 'mlp':
        targets = torch.nn.functional.one_hot(ty, 10).float()
        def cost(out, rows):
            return 0.5 * (out - targets[rows]).pow(2).sum() / len(rows)
    else:
        def cost(out, rows):
            return torch.nn.functional.cross_entropy(out, ty[rows])
    n = len(tx)
    print('# glassbox torch peer: torch %s, python %s, %d threads, blas %s; case %s: %s %s, batch %d, lr %g, momentum %g, '
          '%d epochs on %d images, seed %d' % (torch.__version__, sys.version.split()[0], torch.get_num_threads(), blas(),
                                               o.case, kind, layers, batch, lr, momentum, epochs, n, o.seed), flush=True)
    for epoch in range(1, epochs + 1):
        net.train()
        start = time.perf_counter()
        order = torch.randperm(n)
        inputs = tx[order]
        loss_sum = 0.0
        for k in range(0, n, batch):
            rows = order[k:k + batch]
            sgd.zero_grad(set_to_none=True)
            loss = cost(net(inputs[k:k + batch]), rows)
            loss.backward()
            sgd.step()
            loss_sum += loss.item() * len(rows)
        trained = time.perf_counter()
        net.eval()
        right = 0
        with torch.no_grad():
            for k in range(0, len(ex), 1000):
                right += int((net(ex[k:k + 1000]).argmax(dim=1) == ey[k:k + 1000]).sum())
        evaluated = time.perf_counter()
        print('case=%s epoch=%d seconds=%.2f eval_seconds=%.2f test_acc=%.4f train_loss=%.4f' % (
            o.case, epoch, trained - start, evaluated - trained, right / len(ex), loss_sum / n), flush=True)


def gemm(o, torch):
    print('# glassbox torch peer: torch %s, python %s, %d threads' % (torch.__version__, sys.version.split()[0], torch.get_num_threads()), flush=True)
    for shape in o.gemm.split(','):
        try:
            b, i, n_out = (int(s) for s in shape.lower().split('x'))
        except ValueError:
            sys.exit("torch_peer.py: a shape is BxIxO, like 512x512x512, not '%s'." % shape)
        g = torch.Generator().manual_seed(o.seed)
        inp, w, out = torch.rand(b, i, generator=g), torch.randn(n_out, i, generator=g), torch.empty(b, n_out)
        wt = w.t()
        torch.mm(inp, wt, out=out)  # warm-up (and the BLAS loads)
        seconds = []  # at least --reps products and half a second (a small product is over in a millisecond)
        while (len(seconds) < o.reps or sum(seconds) < 0.5) and sum(seconds) < 20.0 and len(seconds) < 10000:
            t = time.perf_counter()
            torch.mm(inp, wt, out=out)
            seconds.append(time.perf_counter() - t)
        flop = 2.0 * b * i * n_out
        print('gemm shape=%s threads=%d runs=%d best_seconds=%.5f median_seconds=%.5f best_gflops=%.1f median_gflops=%.1f blas=%s' % (
            shape, torch.get_num_threads(), len(seconds), min(seconds), statistics.median(seconds),
            flop / min(seconds) / 1e9, flop / statistics.median(seconds) / 1e9, blas().replace(' ', '-')), flush=True)


def main(argv=None):
    o = options(argv)
    # The BLAS and OpenMP read their thread counts when they load, so before torch is imported.
    for var in ('OMP_NUM_THREADS', 'OPENBLAS_NUM_THREADS', 'MKL_NUM_THREADS'):
        os.environ[var] = str(o.threads)
    try:
        import torch
    except ImportError:
        sys.exit('torch_peer.py: PyTorch is not installed for %s; run-torch-peer.sh installs it (Debian).' % sys.executable)
    torch.set_num_threads(o.threads)
    if o.gemm:
        gemm(o, torch)
    else:
        train(o, torch)


if __name__ == '__main__':
    main()

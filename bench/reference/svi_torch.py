"""The SVGP and bnn training steps in PyTorch, float64 on the CPU, one thread, for comparison
with `npm run bench` on the same machine.

SVGP: the whitened sparse GP of models/svgp.ts (M = 50 inducing points in 2-D, N = 10,000 points,
Adam), one step at B = 200 and at B = N. bnn: the 2-4-3-1 tanh network of models/bnn.ts with a
mean-field normal guide (softplus scales), soft-Laplace weight and normal bias priors, one
particle, Adam 0.01 on 980 points, then the validation -ELBO on 420 points at the new parameters
(no gradient), every step. Each step's loss is read back (`.item()`), as the app's loop does.
Timings are medians of samples after a warm-up, by the wall clock and by the process's CPU time.

    /usr/bin/python3 bench/reference/svi_torch.py
"""
import math
import statistics
import time

import torch

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)
g = torch.Generator().manual_seed(0)


def timed(step, warmup, samples, repeat):
    for _ in range(warmup):
        step()
    wall, cpu = [], []
    for _ in range(samples):
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(repeat):
            step()
        wall.append((time.perf_counter() - t0) / repeat)
        cpu.append((time.process_time() - c0) / repeat)
    return statistics.median(wall), statistics.median(cpu)


# ---------------------------------------------------------------- SVGP
N, M, JITTER = 10_000, 50, 1e-4
x = torch.rand(N, 2, generator=g) * 3 - 1.5
y = torch.sin(2 * x[:, 0]) * torch.cos(x[:, 1]) + 0.1 * torch.randn(N, generator=g)


def rbf(a, b, s2, l):
    d2 = (a * a).sum(1)[:, None] + (b * b).sum(1)[None, :] - 2 * a @ b.T
    return s2 * torch.exp(-0.5 * d2 / (l * l))


def svgp_loss(p, xb, yb):
    s2, l, sig2 = p["logVariance"].exp(), p["logLengthscale"].exp(), p["logNoise"].exp()
    kzz = rbf(p["z"], p["z"], s2, l) + JITTER * torch.eye(M)
    lzz = torch.linalg.cholesky(kzz)
    a = torch.linalg.solve_triangular(lzz, rbf(p["z"], xb, s2, l), upper=False)
    s = torch.tril(p["qScale"])
    mu = (a.T @ p["qMean"]).squeeze(1)
    var = s2 - (a * a).sum(0) + ((s.T @ a) ** 2).sum(0)
    ell = -0.5 * torch.log(2 * math.pi * sig2) - ((yb - mu) ** 2 + var) / (2 * sig2)
    kl = 0.5 * ((p["qMean"] ** 2).sum() + (s * s).sum() - M - 2 * torch.log(torch.diagonal(s).abs()).sum())
    return -(N / xb.shape[0] * ell.sum() - kl)


def svgp_step_fn(batch):
    p = {
        "z": (torch.rand(M, 2, generator=g) * 3 - 1.5).requires_grad_(),
        "logVariance": torch.tensor(0.0, requires_grad=True),
        "logLengthscale": torch.tensor(math.log(0.5), requires_grad=True),
        "logNoise": torch.tensor(math.log(0.01), requires_grad=True),
        "qMean": torch.zeros(M, 1, requires_grad=True),
        "qScale": torch.eye(M).requires_grad_(),
    }
    opt = torch.optim.Adam(p.values(), lr=0.01)

    def step():
        if batch < N:
            idx = torch.randint(0, N, (batch,), generator=g)
            xb, yb = x[idx], y[idx]
        else:
            xb, yb = x, y
        opt.zero_grad()
        loss = svgp_loss(p, xb, yb)
        loss.backward()
        opt.step()
        return loss.item()

    return step


# ---------------------------------------------------------------- bnn
LAYERS = [2, 4, 3, 1]
SHAPES = [s for i in range(3) for s in ((LAYERS[i], LAYERS[i + 1]), (LAYERS[i + 1],))]
SIZES = [math.prod(s) for s in SHAPES]
D = sum(SIZES)


def moons(n):
    t = torch.rand(n, generator=g) * math.pi
    lab = torch.randint(0, 2, (n,), generator=g).double()
    xs = torch.stack([torch.cos(t) + lab * (1 - 2 * torch.cos(t)), torch.sin(t) * (1 - 2 * lab) + 0.5 * lab], 1)
    return xs + 0.2 * torch.randn(n, 2, generator=g), lab


xt, yt = moons(980)
xv, yv = moons(420)


def log_prior(w):
    # SoftLaplace(0, 1) on weights (log density log(2 / pi) - log(e^w + e^-w)), Normal(0, 1) on biases.
    total = 0.0
    k = 0
    for i, (shape, size) in enumerate(zip(SHAPES, SIZES)):
        v = w[k:k + size]
        k += size
        if i % 2 == 0:
            total = total + (math.log(2 / math.pi) - torch.logaddexp(v, -v)).sum()
        else:
            total = total + (-0.5 * math.log(2 * math.pi) - 0.5 * v * v).sum()
    return total


def neg_elbo(loc, raw, xs, ys):
    scale = torch.nn.functional.softplus(raw)
    eps = torch.randn(D, generator=g)
    w = loc + scale * eps
    h, k = xs, 0
    for i in range(3):
        wi = w[k:k + SIZES[2 * i]].view(SHAPES[2 * i]); k += SIZES[2 * i]
        bi = w[k:k + SIZES[2 * i + 1]]; k += SIZES[2 * i + 1]
        h = h @ wi + bi
        if i < 2:
            h = torch.tanh(h)
    logits = h.squeeze(1)
    loglik = -torch.nn.functional.binary_cross_entropy_with_logits(logits, ys, reduction="sum")
    logq = (-0.5 * math.log(2 * math.pi) - torch.log(scale) - 0.5 * eps * eps).sum()
    return -(loglik + log_prior(w) - logq)


def bnn_step_fn():
    loc = (torch.rand(D, generator=g) * 4 - 2).requires_grad_()
    raw = torch.full((D,), math.log(math.expm1(0.1)), requires_grad=True)
    opt = torch.optim.Adam([loc, raw], lr=0.01)

    def step():
        opt.zero_grad()
        loss = neg_elbo(loc, raw, xt, yt)
        loss.backward()
        opt.step()
        with torch.no_grad():
            val = neg_elbo(loc, raw, xv, yv)
        return loss.item(), val.item()

    return step


if __name__ == "__main__":
    print(f"PyTorch {torch.__version__}, float64, {torch.get_num_threads()} thread; median of samples after warm-up")
    mini = timed(svgp_step_fn(200), 300, 15, 40)
    full = timed(svgp_step_fn(N), 8, 9, 1)
    bnn = timed(bnn_step_fn(), 500, 15, 200)
    print(f"SVGP B = 200     {1000 * mini[0]:8.2f} ms/step   (CPU time {1000 * mini[1]:.2f} ms/step)")
    print(f"SVGP B = N       {1000 * full[0]:8.2f} ms/step   (CPU time {1000 * full[1]:.2f} ms/step)")
    print(f"bnn + validation {1 / bnn[0]:8.0f} steps/s   (CPU time {1 / bnn[1]:.0f} steps/s)")

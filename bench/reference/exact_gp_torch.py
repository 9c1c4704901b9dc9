"""The exact GP training step in PyTorch, float64 on the CPU, for comparison with `npm run bench`.

Two gradient paths for the same loss, as on the exact-gp page: `generic`, autograd through
torch.linalg.cholesky and the triangular solve, and `fused`, one autograd Function whose backward
is (1/2)(C^-1 - alpha alpha^T) with C^-1 from the factor (torch.cholesky_inverse).

    python3 bench/reference/exact_gp_torch.py [N ...]
"""
import math
import sys
import time

import torch

torch.set_default_dtype(torch.float64)


class InvQuadLogdet(torch.autograd.Function):
    @staticmethod
    def forward(ctx, c, r):
        l = torch.linalg.cholesky(c)
        alpha = torch.cholesky_solve(r.unsqueeze(-1), l).squeeze(-1)
        ctx.save_for_backward(l, alpha)
        return 0.5 * (r @ alpha) + torch.log(torch.diagonal(l)).sum()

    @staticmethod
    def backward(ctx, g):
        l, alpha = ctx.saved_tensors
        c_bar = 0.5 * g * (torch.cholesky_inverse(l) - torch.outer(alpha, alpha))
        return c_bar, g * alpha


def generic(c, r):
    l = torch.linalg.cholesky(c)
    w = torch.linalg.solve_triangular(l, r.unsqueeze(-1), upper=False).squeeze(-1)
    return 0.5 * (w @ w) + torch.log(torch.diagonal(l)).sum()


def step_time(n, path, budget=3.0):
    g = torch.Generator().manual_seed(0)
    x = torch.rand(n, generator=g)
    y = torch.sin(2 * math.pi * x) + 0.2 * torch.randn(n, generator=g)
    raw = {k: torch.zeros((), requires_grad=True) for k in ("mean", "a", "b", "n")}
    opt = torch.optim.Adam(raw.values(), lr=0.1)
    d2 = (x[:, None] - x[None, :]) ** 2
    f = InvQuadLogdet.apply if path == "fused" else generic

    def step():
        opt.zero_grad()
        s2 = torch.nn.functional.softplus(raw["a"])
        ls = torch.nn.functional.softplus(raw["b"])
        noise = 1e-4 + torch.nn.functional.softplus(raw["n"])
        c = s2 * torch.exp(-0.5 * d2 / ls**2) + noise * torch.eye(n)
        loss = (f(c, y - raw["mean"]) + 0.5 * n * math.log(2 * math.pi)) / n
        loss.backward()
        opt.step()
        return loss.item()

    t0 = time.perf_counter()
    step()
    first = time.perf_counter() - t0
    if first > budget:
        return 1000 * first
    times = []
    while len(times) < 3 or (sum(times) < budget and len(times) < 9):
        t0 = time.perf_counter()
        step()
        times.append(time.perf_counter() - t0)
    times.sort()
    return 1000 * times[len(times) // 2]


if __name__ == "__main__":
    sizes = [int(a) for a in sys.argv[1:]] or [50, 100, 200, 500, 1000, 2000]
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, float64, ms per training step")
    print(f"{'N':>7} {'generic':>10} {'fused':>10} {'saved':>7}")
    for n in sizes:
        gen = step_time(n, "generic")
        fus = step_time(n, "fused")
        print(f"{n:>7} {gen:>10.2f} {fus:>10.2f} {100 * (1 - fus / gen):>6.1f} %", flush=True)

"""The elasticity notebook's recipe in PyTorch, float64 on the CPU: an independent check of the
recovery figures of `npm run notebook -- elasticity` on the same data.

Model (non-centred): beta_g = -2 + e_g, beta_c = beta_g + e_c, beta_i = beta_c(i) + 2 e_i,
delta_i = 3 d_i, gamma_ct = 3 g_ct, all latents N(0, 1); u ~ Poisson(exp(clip(beta_i lp +
gamma_ct + delta_i, -4, 20))). Guide: mean-field Normal, locations from 0, scales from 0.1
(softplus). Loss: minus the importance-weighted (Renyi alpha = 0) bound over K particles.
AdamW (decoupled decay 1e-4), rate 0.01 * 0.99^(t / 1000) floored at 1e-5.

    python3 bench/reference/elasticity_torch.py DATA.csv TRUTH.csv [STEPS] [SEED]

DATA.csv: product,category,period,log_price,units. TRUTH.csv: product,beta (true elasticities).
Prints JSON: betaG (posterior mean), betaRmse, coverage90, lossFinal (mean of the last 100).
"""
import json
import math
import sys

import torch

torch.set_default_dtype(torch.float64)


def load(path):
    with open(path) as f:
        header = f.readline().strip().split(',')
        rows = [list(map(float, line.split(','))) for line in f if line.strip()]
    cols = list(zip(*rows))
    return {h: torch.tensor(c) for h, c in zip(header, cols)}


def main():
    data = load(sys.argv[1])
    truth = load(sys.argv[2])
    steps = int(sys.argv[3]) if len(sys.argv) > 3 else 3000
    torch.manual_seed(int(sys.argv[4]) if len(sys.argv) > 4 else 0)
    K = 4
    prod = data['product'].long()
    cat_of_row = data['category'].long()
    per = data['period'].long()
    lp = data['log_price']
    u = data['units']
    P = int(prod.max()) + 1
    C = int(cat_of_row.max()) + 1
    T = int(per.max()) + 1
    cat = torch.zeros(P, dtype=torch.long)
    cat[prod] = cat_of_row
    cell = cat_of_row * T + per
    sizes = [1, C, P, P, C * T]
    D = sum(sizes)
    log_fact = torch.lgamma(u + 1).sum()
    loc = torch.zeros(D, requires_grad=True)
    raw = torch.full((D,), math.log(math.expm1(0.1)), requires_grad=True)
    opt = torch.optim.AdamW([loc, raw], lr=0.01, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda t: max(0.99 ** (t / 1000), 1e-5 / 0.01))
    losses = []
    for _ in range(steps):
        scale = torch.nn.functional.softplus(raw)
        eps = torch.randn(K, D)
        z = loc + scale * eps
        eg, ec, ei, di, g = torch.split(z, sizes, dim=1)
        beta_c = -2 + eg + ec
        beta_i = beta_c[:, cat] + 2 * ei
        lin = beta_i[:, prod] * lp + 3 * g[:, cell] + 3 * di[:, prod]
        eta = torch.clamp(lin, -4, 20)
        loglik = (u * eta - torch.exp(eta)).sum(1) - log_fact
        logp = -0.5 * (z * z).sum(1) - 0.5 * D * math.log(2 * math.pi)
        logq = (-0.5 * eps * eps - torch.log(scale) - 0.5 * math.log(2 * math.pi)).sum(1)
        bound = torch.logsumexp(logp + loglik - logq, 0) - math.log(K)
        loss = -bound
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        losses.append(loss.item())
    with torch.no_grad():
        scale = torch.nn.functional.softplus(raw)
        o = [0]
        for s in sizes:
            o.append(o[-1] + s)
        m_g, m_c, m_i = loc[0], loc[o[1]:o[2]], loc[o[2]:o[3]]
        s_g, s_c, s_i = scale[0], scale[o[1]:o[2]], scale[o[2]:o[3]]
        mean_i = -2 + m_g + m_c[cat] + 2 * m_i
        sd_i = torch.sqrt(s_g ** 2 + s_c[cat] ** 2 + 4 * s_i ** 2)
        true_i = torch.zeros(P)
        true_i[truth['product'].long()] = truth['beta']
        rmse = torch.sqrt(((mean_i - true_i) ** 2).mean()).item()
        cover = ((true_i - mean_i).abs() <= 1.6448536269514722 * sd_i).double().mean().item()
    print(json.dumps({'betaG': (-2 + m_g).item(), 'betaRmse': rmse, 'coverage90': cover, 'lossFinal': sum(losses[-100:]) / len(losses[-100:])}))


if __name__ == '__main__':
    main()

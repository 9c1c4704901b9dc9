// The `npm run notebook` command line as a user meets it: JSON fields, exit codes and messages.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

function runCli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join('scripts', 'notebook.ts'), ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm run notebook', () => {
  it('svgp --json prints one object with the documented fields', () => {
    const r = runCli('svgp', '--n', '400', '--full-steps', '3', '--mini-steps', '4', '--batch', '50', '--m', '8', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['notebook', 'backend', 'dtype', 'n', 'm', 'batch', 'full', 'mini', 'speedup', 'disagreement']);
    expect(out).toMatchObject({ notebook: 'svgp', backend: 'cpu', dtype: 'f64', n: 400, m: 8, batch: 50 });
    for (const run of [out.full, out.mini]) {
      expect(Object.keys(run).sort()).toEqual(['lengthscale', 'lossFinal', 'lossFirst', 'msPerStep', 'noiseVariance', 'rmse', 'seconds', 'steps', 'variance'].sort());
      expect(run.msPerStep).toBeGreaterThan(0);
      expect(Number.isFinite(run.lossFinal)).toBe(true);
    }
    expect(out.full.steps).toBe(3);
    expect(out.mini.steps).toBe(4);
  });

  it('a run with 0 steps is null, and so are the figures that need both', () => {
    const out = JSON.parse(runCli('svgp', '--n', '300', '--full-steps', '0', '--mini-steps', '2', '--batch', '30', '--m', '6', '--json').stdout);
    expect(out.full).toBeNull();
    expect(out.speedup).toBeNull();
    expect(out.disagreement).toBeNull();
    expect(out.mini.steps).toBe(2);
  });

  it('your own data replaces the generated set, with no RMSE against a truth', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'svgp-'));
    const file = path.join(dir, 'points.csv');
    const rows = Array.from({ length: 60 }, (_, i) => `${(i % 10) / 5 - 1},${Math.floor(i / 10) / 3 - 1},${Math.sin(i)}`);
    writeFileSync(file, ['x1,x2,y', ...rows].join('\n'));
    const out = JSON.parse(runCli('svgp', '--data', file, '--full-steps', '2', '--mini-steps', '2', '--batch', '10', '--m', '6', '--json').stdout);
    expect(out.n).toBe(60);
    expect(out.full.rmse).toBeNull();
  });

  it('exact-gp --json prints one object with the documented fields', () => {
    const r = runCli('exact-gp', '--n', '40', '--steps', '5', '--sizes', '20,30', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual([
      'notebook', 'n', 'dtype', 'path', 'lossFirst', 'loss50', 'lossAfter', 'outputscale', 'lengthscale', 'noise', 'mean', 'rmse', 'gradientAgreement', 'timing',
    ]);
    expect(out).toMatchObject({ notebook: 'exact-gp', n: 40, dtype: 'f64', path: 'fused' });
    expect(out.lossAfter).toBeLessThan(out.lossFirst);
    expect(out.gradientAgreement).toBeLessThan(1e-10);
    expect(out.timing.map((t: { n: number }) => t.n)).toEqual([20, 30]);
    for (const t of out.timing) {
      expect(Object.keys(t)).toEqual(['n', 'genericMs', 'fusedMs', 'reduction']);
      expect(t.reduction).toBeCloseTo(100 * (1 - t.fusedMs / t.genericMs), 10);
    }
  });

  it('exact-gp takes your own x,y data, the generic path and float32', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'exact-gp-'));
    const file = path.join(dir, 'curve.csv');
    writeFileSync(file, ['x,y', ...Array.from({ length: 30 }, (_, i) => `${i / 29},${Math.cos(6 * i / 29)}`)].join('\n'));
    const out = JSON.parse(runCli('exact-gp', '--data', file, '--steps', '4', '--path', 'generic', '--dtype', 'f32', '--sizes', '20', '--json').stdout);
    expect(out).toMatchObject({ n: 30, path: 'generic', dtype: 'f32', rmse: null });
    expect(Number.isFinite(out.lossAfter)).toBe(true);
  });

  it('bad input ends with one line naming the problem and exit code 2', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'svgp-'));
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, 'x1,x2,y\n1,2,3\n4,five,6\n');
    const cases: [string[], RegExp][] = [
      [['svgp', '--batch', '0'], /--batch = 0 is out of range: allowed 1 to/],
      [['svgp', '--batch', 'abc'], /--batch = abc is not a whole number: allowed 1 to/],
      [['svgp', '--n', '100', '--batch', '500'], /--batch = 500 is out of range: allowed 1 to N = 100/],
      [['svgp', '--data', bad], /line 3: "five" in column x2 is not a finite number/],
      [['scaling', '--micro', '512'], /--micro × --micro-batch = 16384 is more than the N = 10000 data points/],
      [['nope'], /unknown notebook "nope"/],
      [['exact-gp', '--sizes', '500,100'], /--sizes = 500,100 is not increasing/],
      [['exact-gp', '--sizes', '100,x'], /--sizes = 100,x is not a list of whole numbers/],
      [['exact-gp', '--lr', '5'], /--lr = 5 is out of range: allowed 0.0001 to 1/],
      [['exact-gp', '--path', 'both'], /--path = both is not one of the choices: allowed fused, generic/],
      [['exact-gp', '--n', '6000'], /--n = 6000 is out of range: allowed 2 to 5000/],
    ];
    for (const [args, message] of cases) {
      const r = runCli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
  });

  it('exact-gp refuses data it cannot fit, in one line', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'exact-gp-'));
    const one = path.join(dir, 'one.csv');
    writeFileSync(one, 'x,y\n0.5,1\n');
    const r = runCli('exact-gp', '--data', one, '--sizes', '20');
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/one\.csv: 1 point: the exact GP needs at least 2/);
  });
});

describe('npm run notebook -- elasticity', () => {
  it('--json prints one object with exactly the documented fields, from worker-thread shards', () => {
    const r = runCli('elasticity', '--products', '12', '--categories', '3', '--periods', '5', '--steps', '4', '--shards', '2', '--guide', 'structured', '--json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out).sort()).toEqual(
      ['notebook', 'n', 'products', 'categories', 'periods', 'guide', 'shards', 'steps', 'stepsPerSecond', 'lossFinal', 'betaG', 'productElasticities', 'productSd', 'betaRmse', 'coverage90'].sort(),
    );
    expect(out).toMatchObject({ notebook: 'elasticity', n: 60, products: 12, categories: 3, periods: 5, guide: 'structured', shards: 2, steps: 4 });
    expect(out.productElasticities).toHaveLength(12);
    expect(out.productSd.every((v: number) => v > 0)).toBe(true);
  });

  it('own data: no betaRmse or coverage90; bad rows and impossible sizes end with one line and exit code 2', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'elasticity-'));
    const good = path.join(dir, 'good.csv');
    writeFileSync(good, 'product,category,period,log_price,units\n0,0,0,0.1,3\n0,0,1,-0.1,5\n1,1,0,0.2,2\n1,1,1,0,4\n');
    const out = JSON.parse(runCli('elasticity', '--data', good, '--steps', '3', '--json').stdout);
    expect(out).toMatchObject({ n: 4, products: 2, categories: 2, periods: 2 });
    expect(out.betaRmse).toBeUndefined();
    expect(out.coverage90).toBeUndefined();
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, 'product,category,period,log_price,units\n0,0,0,0.1,3\n0,0,1,-0.1,2.5\n');
    for (const [args, message] of [
      [['--data', bad], /bad.csv: data row 2: units is 2.5/],
      [['--categories', '9', '--products', '4'], /--categories 9 must not exceed --products 4/],
      [['--guide', 'full'], /guide/],
    ] as const) {
      const r = runCli('elasticity', ...args, '--steps', '2');
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});


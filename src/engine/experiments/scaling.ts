/**
 * The experiments of the `scaling` notebook (NOTEBOOKS.md section 5), one module each under
 * scaling/: gradient variance, mini-batch SGD, the linear scaling rule, gradient accumulation,
 * and the rule on the Bayesian network; with the headless runner's notebook.
 */
export * from './scaling/common';
export * from './scaling/variance';
export * from './scaling/sgd';
export * from './scaling/rule';
export * from './scaling/accumulation';
export * from './scaling/bnnRule';
export * from './scaling/notebook';

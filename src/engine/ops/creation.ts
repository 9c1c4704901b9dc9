/** Creating tensors, and the backend they are created on when none is given. */
import type { Backend, DType, Tensor } from '../tensor';
import type { Shape } from '../shape';
import { cpu } from '../cpu/backend';

let defaultBackend: Backend = cpu;

/** The backend new tensors are created on when none is given. */
export function getDefaultBackend(): Backend {
  return defaultBackend;
}

/** Sets the backend new tensors are created on when none is given. */
export function setDefaultBackend(b: Backend): void {
  defaultBackend = b;
}

export interface CreateOptions {
  dtype?: DType;
  backend?: Backend;
}

/** A tensor from nested-free data and a shape (default: 1-D of the data's length), f64 on the default backend. */
export function tensor(data: ArrayLike<number>, shape?: Shape, options: CreateOptions = {}): Tensor {
  const b = options.backend ?? defaultBackend;
  return b.fromArray(data, shape ?? [data.length], options.dtype ?? 'f64');
}

/** A scalar tensor [] holding v. */
export function scalar(v: number, options: CreateOptions = {}): Tensor {
  return tensor([v], [], options);
}

/** A tensor of the given shape filled with v. */
export function full(shape: Shape, v: number, options: CreateOptions = {}): Tensor {
  return (options.backend ?? defaultBackend).full(shape, v, options.dtype ?? 'f64');
}

export function zeros(shape: Shape, options: CreateOptions = {}): Tensor {
  return full(shape, 0, options);
}

export function ones(shape: Shape, options: CreateOptions = {}): Tensor {
  return full(shape, 1, options);
}

/** Zeros with the shape, dtype and backend of x. */
export function zerosLike(x: Tensor): Tensor {
  return x.backend.full(x.shape, 0, x.dtype);
}

/** Identity matrix [n,n]. */
export function eye(n: number, options: CreateOptions = {}): Tensor {
  return (options.backend ?? defaultBackend).eye(n, options.dtype ?? 'f64');
}

/**
 * Data-parallel training of the elasticity model, as the source shards its batch across GPUs:
 * the observations are padded and split (splitIntoShards), every shard holds a replica of the
 * parameters (ElasticityReplica) and its slice, all draw the same particles from the same key,
 * each computes its part of the likelihood and its gradient, the coordinator sums the parts in
 * shard order (the all-reduce) and sends the sum back, and every replica applies the same update.
 *
 * `LocalShards` runs the shards one after the other in this thread (one replica serves them
 * all: every replica would compute the same numbers). `MessageShards` runs each shard behind a
 * message port (a worker thread in Node, a Web Worker in the browser); `ShardEndpoint` is what
 * runs on the other side. Both sum the same parts in the same order, so for a given number of
 * shards they compute bit-identical losses.
 */
import type { FloatDType } from '../tensor';
import type { ElasticityData, ShardData, ShardPart } from './elasticity';
import { ElasticityShard, latentCount, splitIntoShards } from './elasticity';
import type { ReplicaOptions, ReplicaState } from './elasticityReplica';
import { ElasticityReplica, particleNoise, sumParts } from './elasticityReplica';

/** One step's figures: the loss, and the milliseconds spent outside the shards' computation. */
export interface ShardStep {
  loss: number;
  /** Wall-clock of the step minus the slowest shard's compute in each half: messages, copies, the sum. */
  commMs: number;
}

/** A data-parallel group of shards training one model. */
export interface ShardGroup {
  readonly shards: number;
  /** One training step on every shard. */
  step(): Promise<ShardStep>;
  /** The variational posterior (from replica 0). */
  state(): Promise<ReplicaState>;
  /** Stops every shard and frees what it holds. */
  dispose(): void;
}

const now = () => performance.now();

/** Every shard in this thread, one after the other. */
export class LocalShards implements ShardGroup {
  readonly shards: number;
  private readonly replica: ElasticityReplica;
  private readonly parts: ElasticityShard[];

  constructor(data: ElasticityData, shards: number, replica: Omit<ReplicaOptions, 'products' | 'categories' | 'periods'>) {
    this.parts = splitIntoShards(data, shards).map((s) => new ElasticityShard(s));
    this.shards = shards;
    this.replica = new ElasticityReplica({ ...replica, products: data.products, categories: data.categories, periods: data.periods });
  }

  async step(): Promise<ShardStep> {
    const zs = this.replica.draws();
    const parts: ShardPart[] = [];
    for (const s of this.parts) parts.push(await s.part(zs));
    // In one thread nothing is sent: the only cost outside the shards is the sum.
    const t1 = now();
    const sum = sumParts(parts);
    const commMs = now() - t1;
    return { loss: this.replica.apply(sum), commMs };
  }

  async state(): Promise<ReplicaState> {
    return this.replica.state();
  }

  dispose(): void {
    for (const s of this.parts) s.dispose();
    this.parts.length = 0;
  }
}

// ---------------------------------------------------------------- the message protocol

export type ShardRequest =
  | { type: 'init'; shard: ShardData; replica: ReplicaOptions }
  /** noise: the step's particle noise, drawn by the coordinator (replicas draw it themselves without). */
  | { type: 'part'; noise?: Float64Array }
  | { type: 'apply'; sum: ShardPart }
  | { type: 'state' };

export type ShardReply =
  | { type: 'ready' }
  | { type: 'part'; part: ShardPart; ms: number }
  | { type: 'loss'; loss: number; ms: number }
  | { type: 'state'; state: ReplicaState }
  | { type: 'error'; message: string };

/**
 * What runs inside a shard's worker: a replica and a slice of the data, answering requests one
 * at a time (await each reply before handling the next request). `dtype` is that of the
 * worker's backend: float64 on the cpu, float32 on WebGPU.
 */
export class ShardEndpoint {
  private replica: ElasticityReplica | null = null;
  private shard: ElasticityShard | null = null;

  constructor(private readonly dtype: FloatDType = 'f64') {}

  async handle(msg: ShardRequest): Promise<ShardReply> {
    try {
      const t0 = now();
      switch (msg.type) {
        case 'init':
          this.shard?.dispose();
          this.shard = new ElasticityShard(msg.shard, this.dtype);
          this.replica = new ElasticityReplica(msg.replica);
          return { type: 'ready' };
        case 'part': {
          const part = await this.ready().shard.part(this.ready().replica.draws(msg.noise));
          return { type: 'part', part, ms: now() - t0 };
        }
        case 'apply': {
          const loss = this.ready().replica.apply(msg.sum);
          return { type: 'loss', loss, ms: now() - t0 };
        }
        case 'state':
          return { type: 'state', state: this.ready().replica.state() };
      }
    } catch (e) {
      return { type: 'error', message: e instanceof Error ? e.message : String(e) };
    }
  }

  private ready(): { replica: ElasticityReplica; shard: ElasticityShard } {
    if (!this.replica || !this.shard) throw new Error('the shard was asked to work before it was given its data');
    return { replica: this.replica, shard: this.shard };
  }
}

/** A shard's replies in arrival order (for a ShardPort over a worker); once failed, every wait (pending or later) rejects with the failure. */
export class ReplyQueue<T> {
  private readonly replies: T[] = [];
  private readonly waiting: { resolve: (r: T) => void; reject: (e: Error) => void }[] = [];
  private failure: Error | null = null;

  push(reply: T): void {
    const w = this.waiting.shift();
    if (w) w.resolve(reply);
    else this.replies.push(reply);
  }

  fail(e: Error): void {
    if (this.failure) return;
    this.failure = e;
    for (const w of this.waiting.splice(0)) w.reject(e);
  }

  next(): Promise<T> {
    const r = this.replies.shift();
    if (r !== undefined) return Promise.resolve(r);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<T>((resolve, reject) => this.waiting.push({ resolve, reject }));
  }
}

/** The coordinator's end of one shard's channel. */
export interface ShardPort {
  post(msg: ShardRequest): void;
  /** The next reply; rejects with the shard's failure when it crashes or exits. */
  next(): Promise<ShardReply>;
  /** Ends the shard at once. */
  terminate(): void;
}

/** Shards behind message ports (worker threads, Web Workers): the coordinator does the all-reduce. */
export class MessageShards implements ShardGroup {
  readonly shards: number;
  private closed = false;
  private steps = 0;
  /** The particle noise of the next step, drawn while the shards computed the last one. */
  private nextNoise: Float64Array | null = null;

  private constructor(
    private readonly ports: readonly ShardPort[],
    private readonly replica: ReplicaOptions,
    private readonly latents: number,
  ) {
    this.shards = ports.length;
  }

  /** Starts one shard per port with its slice of the data and a replica from the same key. */
  static async start(data: ElasticityData, ports: readonly ShardPort[], replica: Omit<ReplicaOptions, 'products' | 'categories' | 'periods'>): Promise<MessageShards> {
    const options: ReplicaOptions = { ...replica, products: data.products, categories: data.categories, periods: data.periods };
    const group = new MessageShards(ports, options, latentCount(data));
    const slices = splitIntoShards(data, ports.length);
    try {
      ports.forEach((p, s) => p.post({ type: 'init', shard: slices[s], replica: options }));
      await group.gather('ready');
    } catch (e) {
      group.dispose();
      throw e;
    }
    return group;
  }

  /**
   * One step. The particle noise depends on the key and the step only, so the coordinator draws
   * it once for every replica, and draws the next step's while the shards compute this one's
   * parts: drawing it is O(K D) work that sharding cannot split, kept off the step's path.
   */
  async step(): Promise<ShardStep> {
    const t0 = now();
    const noise = this.nextNoise ?? particleNoise(this.replica, this.latents, this.steps);
    for (const p of this.ports) p.post({ type: 'part', noise });
    this.nextNoise = particleNoise(this.replica, this.latents, this.steps + 1);
    const parts = await this.gather('part');
    const sum = sumParts(parts.map((r) => r.part));
    for (const p of this.ports) p.post({ type: 'apply', sum });
    const losses = await this.gather('loss');
    const total = now() - t0;
    const loss = losses[0].loss;
    // Every replica applied the same update to the same parameters: a difference is a bug.
    const odd = losses.findIndex((r) => !Object.is(r.loss, loss));
    if (odd >= 0) throw new Error(`replica ${odd} computed the loss ${losses[odd].loss}, replica 0 ${loss}: the replicas have drifted apart`);
    const compute = Math.max(...parts.map((r) => r.ms)) + Math.max(...losses.map((r) => r.ms));
    this.steps++;
    return { loss, commMs: Math.max(0, total - compute) };
  }

  async state(): Promise<ReplicaState> {
    this.ports[0].post({ type: 'state' });
    const [r] = await this.gather('state', 1);
    return r.state;
  }

  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    for (const p of this.ports) p.terminate();
  }

  /** The next reply of each shard (the first `count`), which must be of type `type`. */
  private async gather<T extends ShardReply['type']>(type: T, count = this.ports.length): Promise<Extract<ShardReply, { type: T }>[]> {
    if (this.closed) throw new Error('the shards have been stopped');
    const replies = await Promise.all(this.ports.slice(0, count).map((p, s) => p.next().catch((e: unknown) => Promise.reject(new Error(`shard ${s + 1} of ${this.shards} failed: ${e instanceof Error ? e.message : String(e)}`)))));
    replies.forEach((r, s) => {
      if (r.type === 'error') throw new Error(`shard ${s + 1} of ${this.shards} failed: ${r.message}`);
      if (r.type !== type) throw new Error(`shard ${s + 1} of ${this.shards} answered ${r.type} where ${type} was expected`);
    });
    return replies as Extract<ShardReply, { type: T }>[];
  }
}

/** The buffers of a reply that can be moved rather than copied (the gradient part: the shard does not need it again). */
export function replyTransfer(reply: ShardReply): ArrayBuffer[] {
  return reply.type === 'part' ? [reply.part.gradZ.buffer as ArrayBuffer, reply.part.logLik.buffer as ArrayBuffer] : [];
}

/**
 * A shard worker's message handler: each request is answered through `send` strictly in turn,
 * the reply to one posted before the next starts (a worker thread in Node, a Web Worker in the
 * browser).
 */
export function serveShard(endpoint: ShardEndpoint, send: (reply: ShardReply) => void): (msg: ShardRequest) => void {
  let queue = Promise.resolve();
  return (msg) => {
    queue = queue.then(async () => send(await endpoint.handle(msg)));
  };
}

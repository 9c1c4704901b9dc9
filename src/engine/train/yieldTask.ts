/**
 * Hands control back to the event loop for one task, so that messages waiting for a worker
 * (pause, stop) are handled between bursts of steps. A MessageChannel task, not setTimeout(0):
 * browsers clamp timers nested more than five deep to 4 ms, which would idle a fast loop for a
 * quarter of its time. Node has setImmediate for the same purpose.
 */
type Resolve = () => void;

let channel: MessageChannel | null = null;
const waiting: Resolve[] = [];

function viaChannel(): Promise<void> {
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => waiting.shift()?.();
  }
  const c = channel;
  return new Promise<void>((resolve) => {
    waiting.push(resolve);
    c.port2.postMessage(null);
  });
}

const immediate = (globalThis as { setImmediate?: (f: () => void) => unknown }).setImmediate;

export function yieldTask(): Promise<void> {
  if (immediate) return new Promise<void>((resolve) => void immediate(resolve));
  return viaChannel();
}

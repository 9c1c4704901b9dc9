// Random draws on the GPU, bit-compatible with src/engine/random.ts (JAX semantics):
//   uniform: element i uses bits(k, i) = y0 ^ y1 of block (0, i); u = (bits >> 9) * 2^-23 is
//            exact, then max(lo, u * span + lo) as in the f32 TypeScript sampler.
//   normal:  uniform on [nextafter(-1, 0), 1), then sqrt(2) * erfinv(u) in f32.
//   randint: JAX's randint from the two halves of split(k): (hi mod span) * multiplier +
//            (lo mod span), all mod 2^32, then mod span (key halves and constants from the host).
#include "threefry.wgsl"
#include "erfinv.wgsl"

// 0 uniform, 1 normal, 2 randint (a pipeline constant, so each pipeline has one straight path).
override MODE: u32 = 0u;

// Parameters (P) and bindings: declared in src/engine/ops/random/webgpu.ts.
#layout

// x mod y with XLA's convention x mod 0 = x.
fn urem(x: u32, y: u32) -> u32 {
  return select(x % max(y, 1u), x, y == 0u);
}

fn uniform_at(i: u32) -> f32 {
  let u = f32(threefry_bits(P.key, i) >> 9u) * (1.0 / 8388608.0);
  return max(P.lo, u * P.span + P.lo);
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let stride = nwg.x * 64u;
  for (var i = gid.x; i < P.count; i += stride) {
    if (MODE == 0u) {
      out_bits[i] = bitcast<u32>(uniform_at(i));
    } else if (MODE == 1u) {
      // 0x3fb504f3 is sqrt(2) rounded to f32, Math.fround(Math.SQRT2) on the host.
      out_bits[i] = bitcast<u32>(bitcast<f32>(0x3fb504f3u) * erfinv_f32(uniform_at(i)));
    } else {
      let higher = threefry_bits(P.key, i);
      let lower = threefry_bits(P.key2, i);
      let t = urem(higher, P.span_u) * P.multiplier + urem(lower, P.span_u);
      out_bits[i] = bitcast<u32>(P.lo_i) + urem(t, P.span_u);
    }
  }
}

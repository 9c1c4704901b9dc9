// Threefry-2x32 with 20 rounds (Salmon, Moraes, Dror & Shaw, "Parallel random numbers: as easy
// as 1, 2, 3", SC '11), the block function of src/engine/random.ts written again for the GPU.
// u32 arithmetic wraps in WGSL exactly as `| 0` does in the TypeScript version, so the same key
// and counter give the same two output words on both sides.
// Included (not copied) by every kernel that draws random bits.

fn threefry_rotl(x: u32, r: u32) -> u32 {
  return (x << r) | (x >> (32u - r));
}

// One mix round: a += b; b = rotl(b, r) ^ a.
fn threefry_mix(v: vec2u, r: u32) -> vec2u {
  let a = v.x + v.y;
  return vec2u(a, threefry_rotl(v.y, r) ^ a);
}

// Key (k0, k1), counter (x0, x1) -> the block's two output words.
fn threefry2x32(k0: u32, k1: u32, x0: u32, x1: u32) -> vec2u {
  // The third schedule word is the Threefish parity constant xor both key words; injection s
  // adds s to the second word so that injections differ even for a zero key.
  let k2 = k0 ^ k1 ^ 0x1BD11BDAu;
  var v = vec2u(x0 + k0, x1 + k1);
  v = threefry_mix(v, 13u); v = threefry_mix(v, 15u); v = threefry_mix(v, 26u); v = threefry_mix(v, 6u);
  v = vec2u(v.x + k1, v.y + k2 + 1u);
  v = threefry_mix(v, 17u); v = threefry_mix(v, 29u); v = threefry_mix(v, 16u); v = threefry_mix(v, 24u);
  v = vec2u(v.x + k2, v.y + k0 + 2u);
  v = threefry_mix(v, 13u); v = threefry_mix(v, 15u); v = threefry_mix(v, 26u); v = threefry_mix(v, 6u);
  v = vec2u(v.x + k0, v.y + k1 + 3u);
  v = threefry_mix(v, 17u); v = threefry_mix(v, 29u); v = threefry_mix(v, 16u); v = threefry_mix(v, 24u);
  v = vec2u(v.x + k1, v.y + k2 + 4u);
  v = threefry_mix(v, 13u); v = threefry_mix(v, 15u); v = threefry_mix(v, 26u); v = threefry_mix(v, 6u);
  return vec2u(v.x + k2, v.y + k0 + 5u);
}

// JAX's 32-bit random_bits (partitionable mode): element i of a draw from key k is y0 ^ y1 of
// the block at counter (0, i).
fn threefry_bits(k: vec2u, i: u32) -> u32 {
  let y = threefry2x32(k.x, k.y, 0u, i);
  return y.x ^ y.y;
}

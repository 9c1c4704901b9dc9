// Work items of a split-k product (matmul.wgsl, weighted_gram.wgsl): the output is a grid of
// rows x cols blocks, computed once per chunk of the summed dimension, and item w is
// (chunk, block row, block column) with the chunk slowest, then the row.
fn split_k_item(w: u32, rows: u32, cols: u32) -> vec3u {
  let blocks = rows * cols;
  let chunk = w / blocks;
  let rem = w - chunk * blocks;
  let bi = rem / cols;
  return vec3u(chunk, bi, rem - bi * cols);
}

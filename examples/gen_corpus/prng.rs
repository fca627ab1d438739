//! A small, fixed PRNG (splitmix64 seeding xoshiro256**), so that a seed gives the same library
//! byte for byte forever: no crate version can change the stream. Only integer arithmetic and
//! IEEE-exact float operations (+, *, /, sqrt) are used, never libm, whose last bits vary by
//! platform.

/// splitmix64: one step. Used to derive seeds (per file, per vocabulary) from one number.
pub fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// xoshiro256**: fast, good statistical quality, 256 bits of state.
#[derive(Debug, Clone)]
pub struct Rng {
    s: [u64; 4],
}

impl Rng {
    pub fn new(seed: u64) -> Rng {
        let mut sm = seed;
        let s = [
            splitmix64(&mut sm),
            splitmix64(&mut sm),
            splitmix64(&mut sm),
            splitmix64(&mut sm),
        ];
        Rng { s }
    }

    /// A generator for one item of a stream (file `index` of library `seed`): independent of
    /// every other item, so items can be made in parallel in any order.
    pub fn for_item(seed: u64, stream: u64, index: u64) -> Rng {
        let mut sm = seed ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03);
        let a = splitmix64(&mut sm);
        Rng::new(a ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15))
    }

    pub fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform in `0..n` (n > 0), by multiply-shift (bias is negligible for our n).
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// About N(0, 1): Irwin–Hall sum of 6 uniforms, rescaled (no libm).
    pub fn normalish(&mut self) -> f64 {
        let sum: f64 = (0..6).map(|_| self.unit()).sum();
        (sum - 3.0) * 2.0f64.sqrt()
    }

    /// Log-normal-ish: `median * 2^(sigma2 * z)`, clamped to `lo..=hi`.
    pub fn log_normalish(&mut self, median: f64, sigma2: f64, lo: usize, hi: usize) -> usize {
        let v = median * exp2(sigma2 * self.normalish());
        (v as usize).clamp(lo, hi)
    }
}

/// 2^x without libm: integer part by repeated doubling, fraction by a cubic (good to ~0.1%).
pub fn exp2(x: f64) -> f64 {
    let x = x.clamp(-60.0, 60.0);
    let mut whole = x.floor();
    let frac = x - whole;
    let mut v = 1.0 + frac * (0.695_976_1 + frac * (0.226_411_6 + frac * 0.077_612_3));
    while whole > 0.0 {
        v *= 2.0;
        whole -= 1.0;
    }
    while whole < 0.0 {
        v *= 0.5;
        whole += 1.0;
    }
    v
}

/// Zipf (s = 1) over `n` ranks: rank k is drawn with weight 1/(k+1).
#[derive(Debug, Clone)]
pub struct Zipf {
    cdf: Vec<f64>,
}

impl Zipf {
    pub fn new(n: usize) -> Zipf {
        let mut cdf = Vec::with_capacity(n);
        let mut total = 0.0;
        for k in 0..n {
            total += 1.0 / (k as f64 + 1.0);
            cdf.push(total);
        }
        for c in &mut cdf {
            *c /= total;
        }
        Zipf { cdf }
    }

    pub fn sample(&self, rng: &mut Rng) -> usize {
        let u = rng.unit();
        self.cdf
            .partition_point(|&c| c <= u)
            .min(self.cdf.len() - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream() {
        let mut a = Rng::new(42);
        let mut b = Rng::new(42);
        for _ in 0..1000 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
        assert_ne!(Rng::new(1).next_u64(), Rng::new(2).next_u64());
    }

    /// The stream is pinned: if this changes, every generated library changes.
    #[test]
    fn stream_is_pinned() {
        let mut sm = 0u64;
        assert_eq!(splitmix64(&mut sm), 0xE220_A839_7B1D_CDAF);
        let mut r = Rng::new(7);
        let first: Vec<u64> = (0..3).map(|_| r.next_u64()).collect();
        assert_eq!(
            first,
            vec![
                12923355070828475994,
                5142052590334782674,
                15488392906492639638
            ]
        );
    }

    #[test]
    fn item_streams_differ() {
        let a = Rng::for_item(1, 0, 0).next_u64();
        let b = Rng::for_item(1, 0, 1).next_u64();
        let c = Rng::for_item(1, 1, 0).next_u64();
        assert!(a != b && a != c && b != c);
    }

    #[test]
    fn zipf_prefers_low_ranks() {
        let z = Zipf::new(100);
        let mut r = Rng::new(3);
        let mut counts = [0usize; 100];
        for _ in 0..20_000 {
            counts[z.sample(&mut r)] += 1;
        }
        assert!(counts[0] > counts[9] && counts[9] > counts[99]);
    }

    #[test]
    fn exp2_is_close() {
        for (x, want) in [(0.0, 1.0), (1.0, 2.0), (3.5, 11.3137), (-2.25, 0.2102)] {
            assert!((exp2(x) - want).abs() / want < 0.002, "{x}");
        }
    }
}
